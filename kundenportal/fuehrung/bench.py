"""`make bench`: Anlage 5 über 1 Million synthetische Kontakte auf PostgreSQL (Ziel ≤ 500 ms) und die
QS-Stichprobe nach Plan 2.2.6 für einen Standort und Monat (Ziel ≤ 200 ms), als Tabelle; Vergleich im
selben Lauf: dieselbe Zählung (Kontakte je Kanal und Ergebnis) direkt über die Kontakte statt über die
Tageszahlen.

`bench()` startet die Messung als eigenen Prozess auf der Datenbank aus KUNDENPORTAL_BENCH_PG
(Standard postgresql://postgres@127.0.0.1:5432/kp_bench; wird angelegt), damit die übrigen Messungen
von `make bench` ihr SQLite behalten. Allein: `DATABASE_URL=postgresql://… python -m kundenportal.fuehrung.bench`.
Die Kontakte erzeugt ein SQL-Befehl (generate_series) einmalig; weitere Läufe messen nur."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

ANZAHL = int(os.environ.get("KUNDENPORTAL_BENCH_KONTAKTE", "1000000"))
STANDARD_PG = "postgresql://postgres@127.0.0.1:5432/kp_bench"
KENNUNG = "Bench Führungsprozesse"
# (Kanal, Leitfaden, Ergebnis) — grob nach den Volumen der Kanäle verteilt
MISCHUNG = [("sc3", "SC 3.003", "termin_abgesagt"), ("sc3", "SC 3.003", "termin_bleibt"),
            ("sc3", "SC 3.003", "termin_verschoben"), ("sc3", "SC 3.004a", "abmeldung_erfasst"),
            ("sc3", "SC 3.004a", "an_os_algplus_abgegeben"), ("sc3", "SC 3.307", "online_antrag_moeglich"),
            ("sc3", "SC 3.307", "papierantrag_versandt"), ("sc3", "SC 3.017", "an_bns_weitergeleitet"),
            ("ez", "EZ 1.003", "termin_abgesagt"), ("ez", "EZ 1.004a", "au_erfasst"),
            ("emb", "EMB Terminabsage", "termin_abgesagt"), ("scfk", "FK 4.001", "auskunft_erteilt"),
            ("sc3", "SC 3.003", "abbruch_identitaet")]
STANDORTE = ["Nürnberg", "Fürth", "Ansbach-Weißenburg", "Berlin Mitte", "Berlin Nord", "Berlin Süd", "Köln", "Brühl",
             "Bonn"]


def _zeit(f: Callable[[], Any], wiederholungen: int = 7) -> float:
    f()   # aufwärmen (Pläne, Cache)
    messungen = []
    for _ in range(wiederholungen):
        start = time.perf_counter()
        f()
        messungen.append(time.perf_counter() - start)
    return statistics.median(messungen)


def _array(werte: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + w.replace("'", "''") + "'" for w in werte) + "]"


def _erzeugen(anzahl: int) -> int:
    from django.db import connection

    from kundenportal.gespraech.models import Kontakt
    from kundenportal.konten.services import benutzer_anlegen

    vorhanden = Kontakt.objects.filter(vermerk=KENNUNG).count()
    if vorhanden >= anzahl:
        return vorhanden
    ids = [benutzer_anlegen(f"bench-{i}", f"bench-{i}", ["agent_sc3", "agent_ez", "agent_emb", "agent_scfk"],
                            standort=s, passwort_setzen=False).pk for i, s in enumerate(STANDORTE)]
    kanal, leitfaden, ergebnis = (_array([m[i] for m in MISCHUNG]) for i in range(3))
    n, s = len(MISCHUNG), len(STANDORTE)
    with connection.cursor() as c:
        c.execute(f"""
            INSERT INTO gespraech_kontakt (id, user_id, kanal, standort, kundennummer, leitfaden, stand, weisung, lauf,
                                           status, ergebnis, vermerk, begonnen, geaendert, abgeschlossen)
            SELECT gen_random_uuid(), (ARRAY{ids})[1 + g %% {s}], ({kanal})[1 + (g / 7) %% {n}],
                   ({_array(STANDORTE)})[1 + g %% {s}], '', ({leitfaden})[1 + (g / 7) %% {n}],
                   CASE WHEN t < '2020-03-20' THEN DATE '2019-12-20' ELSE DATE '2020-03-20' END,
                   CASE WHEN t < '2020-03-20' THEN '201912024' ELSE '202003006' END, '{{}}'::jsonb,
                   'abgeschlossen', ({ergebnis})[1 + (g / 7) %% {n}], %s, t - interval '6 minutes', t, t
            FROM (SELECT g, TIMESTAMPTZ '2020-01-01 07:00+01' + (g %% 366) * interval '1 day'
                                    + ((g::bigint * 7919) %% 36000) * interval '1 second' AS t
                  FROM generate_series({vorhanden + 1}, {anzahl}) AS g) AS reihe""", [KENNUNG])
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE gespraech_kontakt")
    return anzahl


def messen() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.db.models import Count

    from kundenportal.fuehrung.kennzahlen import SGB3_KANAELE, Zeitraum, anlage5
    from kundenportal.gespraech.models import Kontakt
    from kundenportal.messtabelle import tabelle as _tabelle
    from kundenportal.messtabelle import ziel
    from kundenportal.qs.formulare import plan_fuer
    from kundenportal.qs.stichprobenplan import Monat, auswahl

    start = time.perf_counter()
    gesamt = _erzeugen(ANZAHL)
    erzeugt = time.perf_counter() - start
    plan = plan_fuer(dt.date(2020, 3, 31)).inhalt["stichprobenplan"]
    from kundenportal.fuehrung.models import Tageszahl, Verdichtungsstand
    from kundenportal.fuehrung.verdichtung import verdichten

    Tageszahl.objects.all().delete()
    Verdichtungsstand.objects.all().delete()
    start = time.perf_counter()
    tage = verdichten()
    verdichtung = time.perf_counter() - start
    jahr = (dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2021, 1, 1, tzinfo=dt.UTC))

    def direkt() -> None:      # Vergleich: ohne Tageszahlen, ein GROUP BY über die Kontakte des Jahres
        list(Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=jahr[0],
                                    abgeschlossen__lt=jahr[1]).order_by()
             .values("kanal", "ergebnis").annotate(n=Count("id")))

    vergleich = _zeit(direkt, 2)
    messungen = [
        ("Anlage 5, ganzes Jahr 2020, alle Standorte", lambda: anlage5(Zeitraum(dt.date(2020, 1, 1),
                                                                                 dt.date(2020, 12, 31))), 0.5),
        ("Anlage 5, 01.02.–30.04.2020, alle Standorte", lambda: anlage5(Zeitraum(dt.date(2020, 2, 1),
                                                                                  dt.date(2020, 4, 30))), 0.5),
        ("Anlage 5, ganzes Jahr 2020, Standort Fürth", lambda: anlage5(Zeitraum(dt.date(2020, 1, 1),
                                                                                 dt.date(2020, 12, 31), "Fürth")), 0.5),
        ("QS-Stichprobe nach Plan 2.2.6: Nürnberg, März 2020",
         lambda: auswahl(plan, standort="Nürnberg", monat=Monat.von(dt.date(2020, 3, 1)), kanaele=SGB3_KANAELE,
                         seed=1), 0.2),
    ]
    anzahl = f"{gesamt:,}".replace(",", ".")
    zeilen = [[f"Verdichtung zu Tageszahlen, einmalig ({tage} Tage, {Tageszahl.objects.count()} Zeilen)",
               f"{verdichtung * 1000:.0f}", f"{verdichtung / vergleich:.1f}", "–", ""]]
    for name, f, grenze in messungen:
        dauer = _zeit(f, 5)
        zeilen.append([name, f"{dauer * 1000:.0f}", f"{dauer / vergleich:.2f}", f"≤ {grenze * 1000:.0f}",
                       ziel("Führung", f"{name} ({anzahl} Kontakte)", f"≤ {grenze * 1000:.0f} ms",
                            f"{dauer * 1000:.0f} ms", dauer <= grenze)])
    zeilen.append(["Vergleich: Kontakte je Kanal und Ergebnis 2020 direkt aus den Kontakten (GROUP BY)",
                   f"{vergleich * 1000:.0f}", "1.00", "", ""])
    _tabelle(f"Führungsprozesse und QS auf PostgreSQL: {anzahl} Kontakte (erzeugt/geprüft in {erzeugt:.1f} s; "
             "Wanduhr, Median aus 5)",
             ["Messung", "Median ms", "× Vergleich", "Ziel ms", "Ziel"], zeilen)


def datenbank_anlegen(url: str) -> str:
    """Legt die Datenbank an, falls sie fehlt (eine vorhandene bleibt: ihre Kontakte werden weiter genutzt).
    "" bei Erfolg, sonst der Grund."""
    try:
        import psycopg

        basis, _, name = url.rpartition("/")
        with psycopg.connect(f"{basis}/postgres", autocommit=True, connect_timeout=5) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                c.execute(f'CREATE DATABASE "{name}"')
    except Exception as fehler:   # PostgreSQL fehlt: klar sagen statt abbrechen
        return f"{type(fehler).__name__}: {fehler}".strip()
    return ""


def bench(pg_url: str | None = None) -> None:
    """Für `make bench`: misst in einem eigenen Prozess auf PostgreSQL (`pg_url`, sonst KUNDENPORTAL_BENCH_PG,
    sonst kp_bench auf 127.0.0.1); die Datenbank wird angelegt, die Kontakte einmalig erzeugt."""
    url = pg_url or os.environ.get("KUNDENPORTAL_BENCH_PG", STANDARD_PG)
    grund = datenbank_anlegen(url)
    if grund:
        print(f"\nFührungsprozesse: PostgreSQL unter {url} nicht erreichbar ({grund}); Messung übersprungen.")
        return
    umgebung = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings"}
    umgebung.pop("KUNDENPORTAL_SQLITE", None)
    subprocess.run([sys.executable, "-m", "kundenportal.fuehrung.bench"], env=umgebung, check=False)


if __name__ == "__main__":
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql://"):
        bench()
    else:
        messen()
