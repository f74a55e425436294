"""Messung der E-Mail-Bearbeitung: Präzision und Trefferquote je Klasse auf dem Korpus
und Durchsatz des Einlesens (Mails/s). `make bench` ruft `bench()`; allein:
`python -m kundenportal.emb.bench`."""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .mime import zerlegen
from .zuordnung import KLASSEN, klassifizieren

KORPUS = Path(__file__).resolve().parents[2] / "content" / "email-korpus"
# Mails je Messung: Maildir (in Stapeln von 50), Vergleich einzeln, Warteschlange. So viele, dass Rate und
# Median von Lauf zu Lauf stabil bleiben; BENCH_KURZ=1 (Rauchlauf) nimmt nur wenige.
_KURZ = bool(os.environ.get("BENCH_KURZ"))
MAILDIR, EINZELN, WARTESCHLANGE = (200, 30, 5_000) if _KURZ else (1000, 100, 100_000)


@dataclass(frozen=True)
class Zeile:
    klasse: str
    anzahl: int
    praezision: float
    trefferquote: float

    @property
    def f1(self) -> float:
        summe = self.praezision + self.trefferquote
        return 2 * self.praezision * self.trefferquote / summe if summe else 0.0


@dataclass(frozen=True)
class Klassifikation:
    zeilen: list[Zeile]
    genauigkeit: float
    kundennummer_richtig: float
    fehler: list[tuple[str, str, str]]          # datei, erwartet, vorgeschlagen

    @property
    def makro_f1(self) -> float:
        return sum(z.f1 for z in self.zeilen) / len(self.zeilen)


def korpus_lesen(korpus: Path = KORPUS) -> list[tuple[str, str, str, bytes]]:
    """(datei, klasse, kundennummer, rohe Bytes) je Mail aus labels.csv."""
    with (korpus / "labels.csv").open(encoding="utf-8", newline="") as datei:
        return [(z["datei"], z["klasse"], z["kundennummer"], (korpus / "mails" / z["datei"]).read_bytes())
                for z in csv.DictReader(datei)]


def klassifikation_messen(korpus: Path = KORPUS) -> Klassifikation:
    paare: list[tuple[str, str]] = []
    fehler: list[tuple[str, str, str]] = []
    nummern_richtig = 0
    mails = korpus_lesen(korpus)
    for datei, soll, nummer, roh in mails:
        z = zerlegen(roh)
        v = klassifizieren(z.betreff, z.text, [a.dateiname for a in z.anhaenge], z.auto_antwort)
        paare.append((soll, v.klasse))
        nummern_richtig += (v.kundennummer or "") == nummer
        if v.klasse != soll:
            fehler.append((datei, soll, v.klasse))
    zeilen = []
    for klasse in KLASSEN:
        richtig = sum(1 for s, i in paare if s == i == klasse)
        vorgeschlagen = sum(1 for _, i in paare if i == klasse)
        tatsaechlich = sum(1 for s, _ in paare if s == klasse)
        zeilen.append(Zeile(klasse, tatsaechlich, richtig / vorgeschlagen if vorgeschlagen else 0.0,
                            richtig / tatsaechlich if tatsaechlich else 0.0))
    return Klassifikation(zeilen=zeilen, genauigkeit=sum(s == i for s, i in paare) / len(paare),
                          kundennummer_richtig=nummern_richtig / len(mails), fehler=fehler)


def klassifikation_tabelle(k: Klassifikation) -> str:
    zeilen = [f"{'Klasse':<14} {'n':>4} {'Präzision':>10} {'Trefferquote':>13} {'F1':>6}"]
    zeilen += [f"{z.klasse:<14} {z.anzahl:>4} {z.praezision:>10.3f} {z.trefferquote:>13.3f} {z.f1:>6.3f}"
               for z in k.zeilen]
    zeilen.append(f"{'Makro-F1':<14} {'':>4} {'':>10} {'':>13} {k.makro_f1:>6.3f}")
    zeilen.append(f"Genauigkeit {k.genauigkeit:.3f} · Kundennummer richtig erkannt {k.kundennummer_richtig:.3f}")
    return "\n".join(zeilen)


def _maildir_anlegen(ziel: Path, anzahl: int) -> None:
    """`anzahl` verschiedene Mails aus dem Korpus (eigene Message-ID, eigene Zeile) als Maildir mit LF."""
    import mailbox

    mails = [roh for _, _, _, roh in korpus_lesen()]
    ordner = mailbox.Maildir(ziel, create=True)
    for i in range(anzahl):
        roh = mails[i % len(mails)].replace(b"Message-ID: <", f"Message-ID: <b{i}.".encode(), 1)
        ordner.add(roh.replace(b"\r\n", b"\n") + f"\n-- Lauf {i}\n".encode())
    ordner.close()


def einlesen_messen(anzahl: int = MAILDIR) -> tuple[int, float, float, str]:
    """Ein Maildir mit `anzahl` Mails über `dateien_einlesen` (Rohtext zuerst, Zerlegen, Zuordnen,
    Speichern mit Anhängen, echte Commits, in Stapeln). Ergebnis: (Mails, Sekunden Wanduhr, Sekunden CPU
    von Prozess und Datenbank-Server, Bilanz)."""
    from .services import dateien_einlesen

    with tempfile.TemporaryDirectory() as tmp:
        _maildir_anlegen(Path(tmp) / "md", anzahl)
        beginn, cpu = time.perf_counter(), cpu_sekunden()
        bilanz = dateien_einlesen([Path(tmp) / "md"])
        return bilanz.gelesen, time.perf_counter() - beginn, cpu_sekunden() - cpu, str(bilanz)


def einzeln_messen(anzahl: int = EINZELN) -> tuple[int, float, float]:
    """Vergleich im selben Lauf: dieselbe Art Mails einzeln über `mail_einlesen` (je Mail eigene
    Transaktionen: Rohtext, Zerlegen). Ergebnis: (Mails, Sekunden Wanduhr, Sekunden CPU)."""
    from .services import mail_einlesen

    mails = [roh for _, _, _, roh in korpus_lesen()]
    rohe = [mails[i % len(mails)].replace(b"Message-ID: <", f"Message-ID: <e{i}.".encode(), 1)
            + f"\n-- einzeln {i}\n".encode() for i in range(anzahl)]
    beginn, cpu = time.perf_counter(), cpu_sekunden()
    for roh in rohe:
        mail_einlesen(roh, quelle="bench-einzeln")
    return anzahl, time.perf_counter() - beginn, cpu_sekunden() - cpu


def warteschlange_messen(anzahl: int = WARTESCHLANGE, runden: int = 5) -> list[tuple[str, float, float]]:
    """`anzahl` Mails in der Datenbank; gemessen wird die ganze Seite /emb/ (Anfrage bis HTML, mit
    Zählung, Filter aus der Sitzung, Zugriffsprotokoll): (Name, Median der Wanduhr aus `runden` Aufrufen
    in ms, CPU-Zeit je Aufruf in ms — Prozess und Datenbank-Server, `cpu_sekunden`)."""
    import statistics

    from django.test import Client
    from django.test.utils import setup_test_environment

    from kundenportal.konten.services import benutzer_anlegen

    from .models import Mail

    setup_test_environment()
    warteschlange_fuellen(anzahl)
    from django.db import connection

    if connection.vendor == "postgresql":     # wie nach dem Autovacuum im Betrieb: Statistik und Sichtbarkeit
        with connection.cursor() as c:
            c.execute(f"VACUUM ANALYZE {Mail._meta.db_table}")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    client = Client()
    client.force_login(benutzer_anlegen("bench-emb", "geheim-bench-123", ["agent_emb"]))
    ergebnisse = []
    # der Filter steht in der Sitzung (POST einmal), gemessen wird die gefilterte Seite
    aufrufe: list[tuple[str, dict[str, str], Callable[[], Any]]] = [
        ("erste Seite", {}, lambda: client.get("/emb/")), ("Seite 500", {}, lambda: client.get("/emb/?seite=500")),
        ("Filter au_meldung", {"klasse": "au_meldung"}, lambda: client.get("/emb/")),
        ("Filter au_meldung, S. 200", {"klasse": "au_meldung"}, lambda: client.get("/emb/?seite=200"))]
    for name, filter_, aufruf in aufrufe:
        client.post("/emb/", filter_ or {"zuruecksetzen": "1"})
        aufruf()
        zeiten = []
        cpu = cpu_sekunden()
        for _ in range(runden):
            t = time.perf_counter()
            antwort = aufruf()
            zeiten.append((time.perf_counter() - t) * 1000)
            assert antwort.status_code == 200, antwort.status_code
        ergebnisse.append((name, statistics.median(zeiten), (cpu_sekunden() - cpu) / runden * 1000))
    return ergebnisse


def warteschlange_fuellen(anzahl: int) -> None:
    """`anzahl` zerlegte Mails (zu 60 % offen, je ein Drittel je Anliegen) in einem Zug: PostgreSQL über
    COPY, SQLite über ein executemany — ohne je Zeile ein Modellobjekt (das waren die meisten Sekunden des
    E-Mail-Teils). Die Werte der übrigen Spalten kommen einmal aus einer Vorlage-Mail (Standardwerte des
    Modells, für die Datenbank aufbereitet), sodass neue Spalten mit Standardwert ohne Änderung hier gehen."""
    import datetime as dt

    from django.db import connection, models, transaction

    from .models import Mail

    beginn = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    status = [Mail.Status.OFFEN] * 6 + [Mail.Status.IN_BEARBEITUNG, Mail.Status.ERLEDIGT, Mail.Status.ERLEDIGT,
                                        Mail.Status.QUARANTAENE]
    anliegen = ("terminabsage", "au_meldung", "sonstiges")
    vorlage = Mail(inhalt_hash="", message_id="", roh=b"", quelle="bench", eingegangen=beginn)
    felder = [f for f in Mail._meta.concrete_fields if not f.primary_key]
    spalten = [str(f.column) for f in felder]
    fest = [f.get_db_prep_save(getattr(vorlage, f.attname), connection) for f in felder]
    if connection.vendor == "postgresql":       # COPY: JSON als Text, der Rest wie psycopg ihn anpasst
        fest = [getattr(w, "obj", w) for w in fest]
        fest = [json.dumps(w) if isinstance(f, models.JSONField) else w for f, w in zip(felder, fest, strict=True)]
    stelle = {f.attname: i for i, f in enumerate(felder)}
    eingegangen = next(f for f in felder if f.attname == "eingegangen")

    def zeile(i: int) -> list[Any]:
        werte = list(fest)
        st = status[i % len(status)]
        werte[stelle["inhalt_hash"]] = f"{i:064x}"
        werte[stelle["message_id"]] = f"<bench-{i}@web.example>"
        werte[stelle["eingegangen"]] = eingegangen.get_db_prep_save(beginn + dt.timedelta(seconds=37 * i), connection)
        werte[stelle["absender"]] = f"kunde{i}@web.example"
        werte[stelle["betreff"]] = f"Terminabsage {i}"
        werte[stelle["vorschlag"]] = werte[stelle["anliegen"]] = anliegen[i % 3]
        werte[stelle["status"]] = st
        werte[stelle["bearbeiter"]] = "anna" if st == Mail.Status.IN_BEARBEITUNG else ""
        return werte

    tabelle = connection.ops.quote_name(Mail._meta.db_table)
    namen = ", ".join(connection.ops.quote_name(s) for s in spalten)
    with transaction.atomic(), connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy(f"COPY {tabelle} ({namen}) FROM STDIN") as copy:
                for i in range(anzahl):
                    copy.write_row(zeile(i))
        else:
            c.executemany(f"INSERT INTO {tabelle} ({namen}) VALUES ({', '.join(['%s'] * len(spalten))})",
                          [zeile(i) for i in range(anzahl)])


def cpu_sekunden() -> float:
    """CPU-Zeit dieses Prozesses plus die des PostgreSQL-Servers für seine Verbindung (/proc des Backends,
    derselbe Rechner; SQLite rechnet im Prozess). Auf einer geteilten Maschine die ehrliche Zahl: andere
    Prozesse verlängern die Wanduhr, nicht die CPU-Zeit (bench/tabelle.py, median_zeit)."""
    from django.db import connection

    gesamt = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            zeile = c.fetchone()
        try:
            felder = Path(f"/proc/{zeile[0] if zeile else 0}/stat").read_text().rsplit(")", 1)[1].split()
            gesamt += (int(felder[11]) + int(felder[12])) / os.sysconf("SC_CLK_TCK")      # utime + stime
        except (OSError, IndexError, ValueError):
            return float("nan")       # Server nicht auf diesem Rechner: keine CPU-Zahl
    return gesamt


def _datenbank_messen(art: str) -> None:  # pragma: no cover - im Unterprozess von datenbanken_messen()
    """Im frischen Prozess: Datenbank migrieren, Einlesen (Stapel und einzeln) und Warteschlange messen;
    druckt das Ergebnis als eine JSON-Zeile."""
    import json

    import django
    from django.core.management import call_command

    dauer: dict[str, float] = {}
    start = time.perf_counter()
    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    dauer["migrieren"] = time.perf_counter() - start
    if art == "sqlite":      # wie im Betrieb: WAL, synchronous=NORMAL (settings)
        modus = connection.cursor().execute("PRAGMA journal_mode").fetchone()
        art = f"SQLite ({modus[0] if modus else '?'})"
    else:
        art = "PostgreSQL"
    start = time.perf_counter()
    anzahl, sekunden, cpu, bilanz = einlesen_messen()
    dauer["Maildir"], start = time.perf_counter() - start, time.perf_counter()
    e_anzahl, e_sekunden, e_cpu = einzeln_messen()
    dauer["einzeln"], start = time.perf_counter() - start, time.perf_counter()
    warteschlange = warteschlange_messen(WARTESCHLANGE)
    dauer["Warteschlange"] = time.perf_counter() - start
    print(json.dumps({"art": art, "stapel": [anzahl, sekunden, cpu], "bilanz": bilanz,
                      "einzeln": [e_anzahl, e_sekunden, e_cpu], "warteschlange": warteschlange,
                      "anzahl_warteschlange": WARTESCHLANGE, "dauer": dauer}))


def durchsatz_messen(korpus: Path = KORPUS, wiederholungen: int = 1) -> tuple[int, float]:
    """Liest den Korpus über den echten Dienst ein (Zerlegen, Zuordnen, Speichern mit Anhängen) —
    in einer Transaktion, die am Ende zurückgerollt wird. Ergebnis: (Mails, Sekunden)."""
    from django.db import transaction

    from .services import mail_einlesen

    mails = [roh for _, _, _, roh in korpus_lesen(korpus)]
    beginn = time.perf_counter()
    with transaction.atomic():
        for runde in range(wiederholungen):
            for roh in mails:
                mail_einlesen(roh if not runde else roh.replace(b"Message-ID: <", f"Message-ID: <{runde}.".encode(),
                                                                 1), quelle="bench")
        dauer = time.perf_counter() - beginn
        transaction.set_rollback(True)
    return len(mails) * wiederholungen, dauer


def durchsatz_tabelle(anzahl: int, sekunden: float) -> str:
    return "\n".join([f"{'Einlesen':<14} {'Mails':>6} {'Sekunden':>9} {'Mails/s':>9}",
                      f"{'Korpus':<14} {anzahl:>6} {sekunden:>9.2f} {anzahl / sekunden:>9.1f}"])


def bench(ausgabe: Callable[[str], None] = print) -> None:
    """Druckt die Klassifikationstabelle, den Durchsatz des Einlesens und die Warteschlange je Datenbank
    (Django muss eingerichtet und die Datenbank migriert sein)."""
    k = klassifikation_messen()
    ausgabe("E-Mail-Zuordnung (Korpus content/email-korpus, 320 Mails)")
    ausgabe(klassifikation_tabelle(k))
    ausgabe("")
    ausgabe(durchsatz_tabelle(*durchsatz_messen()))
    for ergebnis in datenbanken_messen():
        ausgabe(str(ergebnis))


def datenbanken_messen(pg_url: str | None = None) -> list[dict[str, Any]]:
    """Je Datenbank ein eigener Prozess mit frischer Datenbank: SQLite in einem Temp-Verzeichnis,
    PostgreSQL unter `pg_url`, sonst EMB_BENCH_PG (Standard postgresql://postgres@127.0.0.1:5432/kp_email_bench;
    wird neu angelegt). Je Datenbank ein dict (siehe `_datenbank_messen`) oder {"art": …, "fehler": …}."""
    import json
    import subprocess
    import sys

    ergebnisse: list[dict[str, Any]] = []
    wurzel = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        umgebung = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        umgebung.update(DJANGO_SETTINGS_MODULE="kundenportal.conf.settings", KUNDENPORTAL_ENTWICKLUNG="1",
                        KUNDENPORTAL_SQLITE=str(Path(tmp) / "bench.sqlite3"),
                        PYTHONPATH=os.pathsep.join(filter(None, [str(wurzel), os.environ.get("PYTHONPATH")])))
        laeufe = [("SQLite", umgebung)]
        pg = pg_url or os.environ.get("EMB_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/kp_email_bench")
        grund = _pg_neu_anlegen(pg)
        if grund:
            ergebnisse.append({"art": "PostgreSQL", "fehler": grund})
        else:
            laeufe.append(("PostgreSQL", {**umgebung, "DATABASE_URL": pg}))
        for art, env in laeufe:
            lauf = subprocess.run([sys.executable, "-m", "kundenportal.emb.bench", "--messen", art.lower()],
                                  env=env, cwd=wurzel, capture_output=True, text=True, check=False)
            zeilen = [z for z in lauf.stdout.splitlines() if z.startswith("{")]
            ergebnisse.append(json.loads(zeilen[-1]) if zeilen
                              else {"art": art, "fehler": lauf.stderr.strip()[-800:] or f"Code {lauf.returncode}"})
    return ergebnisse


def _pg_neu_anlegen(url: str) -> str:
    """Legt die Bench-Datenbank neu an; "" bei Erfolg, sonst der Grund."""
    from urllib.parse import urlsplit

    try:
        import psycopg
    except ImportError:
        return "psycopg fehlt"
    teile = urlsplit(url)
    name = teile.path.lstrip("/")
    try:
        with psycopg.connect(teile._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=3) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as fehler:
        return f"{type(fehler).__name__}: {fehler}".strip()
    return ""


def main() -> None:  # pragma: no cover - Kommandozeile
    """Eigenständig: eine frische SQLite-Datenbank in einem Temp-Verzeichnis, migriert.
    `--messen sqlite|postgres`: nur Einlesen und Warteschlange in der Datenbank der Umgebung."""
    import sys

    if sys.argv[1:2] == ["--messen"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
        _datenbank_messen("sqlite" if sys.argv[2] == "sqlite" else "postgres")
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
        os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")
        os.environ["KUNDENPORTAL_SQLITE"] = str(Path(tmp) / "bench.sqlite3")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        bench()


if __name__ == "__main__":  # pragma: no cover
    main()
