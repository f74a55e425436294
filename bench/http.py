"""Der Schritt eines Gesprächs über HTTP unter einem echten WSGI-Server gegen eine nackte Django-
Schreibsicht im selben Projekt (bench/ansichten.py), auf SQLite oder PostgreSQL.

gunicorn mit 2 Sync-Workern nur auf 127.0.0.1; ein Lastgenerator (nicht-blockierende Sockets, c=50 offene Anfragen,
feste Dauer) schickt SC-3.307-Antworten über viele Kontakte reihum (`POST /kontakt/<id>/antwort/`
mit htmx) bzw. Lesen-Ändern-Schreiben an die Vergleichssicht, abwechselnd A/B, B/A, A/B, B/A. Dazu, im Prozess
über Djangos Test-Client: SQL-Befehle je Schritt und das Profil eines Schritts.

Läuft als eigener Prozess (eigene Datenbank und Einstellungen) und schreibt JSON auf stdout:
`python -m bench.http --db sqlite|postgres [--pg-url URL] [--dauer 3]`."""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import secrets
import selectors
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WURZEL = Path(__file__).resolve().parent.parent
KUNDE = "955A999002"
STICHTAG = "2020-04-14"
SCHRITTE = [("identitaet_geprueft", "ja"), ("antrag_online_gewuenscht", "ja"),
            ("erhoehung_sicherheitsstufe", "abgelehnt")]
FEHLERTEXTE = ("Antwort nicht übernommen", "schon beantwortet", "nicht mehr geändert")
FEHLERBYTES = tuple(f.encode() for f in FEHLERTEXTE)
ANTWORT_FRIST = 30.0     # s: länger ohne Antwort zählt eine Anfrage als Fehler, statt die Messung anzuhalten


def _datenbank_vorbereiten(db: str, pg_url: str, tmp: Path) -> dict[str, str]:
    umgebung = {"DJANGO_SETTINGS_MODULE": "bench.settings", "KUNDENPORTAL_STICHTAG": STICHTAG,
                "KUNDENPORTAL_VAR": str(tmp)}
    if db == "sqlite":
        umgebung["KUNDENPORTAL_SQLITE"] = str(tmp / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
    else:
        import psycopg

        basis, _, name = pg_url.rpartition("/")
        name = f"{name or 'kundenportal'}_bench"
        with psycopg.connect(f"{basis}/postgres", autocommit=True, connect_timeout=5) as verbindung:
            verbindung.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            verbindung.execute(f'CREATE DATABASE "{name}"')
        umgebung["DATABASE_URL"] = f"{basis}/{name}"
        os.environ.pop("KUNDENPORTAL_SQLITE", None)
    os.environ.update(umgebung)
    return umgebung


def _einrichten(anzahl: int) -> tuple[Any, list[str], list[str], str]:
    """Migrieren, Benutzer, Kunde in den Referenzsystemen, `anzahl` offene SC-3.307-Kontakte (Kopien
    eines echt gestarteten) und die Sitzung. (Benutzer, Kontakte, Vergleichskontakte, Sitzungs-Cookie)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
    from kundenportal.gespraech import services
    from kundenportal.gespraech.models import Kontakt
    from kundenportal.konten.services import benutzer_anlegen

    call_command("migrate", verbosity=0)
    user = benutzer_anlegen("bench_sc3", secrets.token_urlsafe(16), ["agent_sc3"])
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Sabine", "nachname": "Krüger",
                                  "wohnort_agentur": "Berlin Nord"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    vorlage = services.kontakt_starten(user, "SC 3.307", KUNDE)
    felder = {f.attname: getattr(vorlage, f.attname) for f in Kontakt._meta.concrete_fields if f.attname != "id"}
    neu = [Kontakt(**felder, id=uuid.uuid4()) for _ in range(anzahl + 600)]
    Kontakt.objects.bulk_create(neu, batch_size=500)
    client = Client()
    client.force_login(user)
    ids = [str(k.id) for k in neu]
    return user, ids[:anzahl], ids[anzahl:], client.cookies["sessionid"].value


def im_prozess_messen(kontakte: list[str], sitzung: str) -> dict[str, Any]:
    """SQL-Befehle je Schritt (ohne Aktion: die Identitätsfrage; mit Aktion: der letzte) und das Profil
    von Schritten über Djangos Test-Client im selben Prozess."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HX_REQUEST="true")
    client.cookies["sessionid"] = sitzung
    seiten: dict[str, Seite] = {}

    def schritt(kontakt: str, fakt: str, wert: str) -> int:
        """Wie der Browser: mit dem Feld `weg` der vorigen Antwort desselben Kontakts."""
        seite = seiten.setdefault(kontakt, Seite())
        antwort = client.post(f"/kontakt/{kontakt}/antwort/", {"fakt": fakt, "wert": wert, "weg": seite.weg.decode()})
        seite.lesen(antwort.content)
        return antwort.status_code

    def zaehlen(kontakt: str, fakt: str, wert: str) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as erfasst:
            schritt(kontakt, fakt, wert)
        befehle = [q["sql"][:110] for q in erfasst.captured_queries]
        return len(befehle), befehle

    def eigene(befehle: list[str]) -> int:
        """Ohne die Befehle der Referenz-Fachverfahren (was der Leitfaden selbst liest und tut)."""
        return sum('"referenz_' not in b for b in befehle)

    zaehlen(kontakte[0], *SCHRITTE[0])                # warm: Katalog, Vorlagen
    identitaet, _ = zaehlen(kontakte[1], *SCHRITTE[0])  # die Kundendaten erscheinen: gelesen und protokolliert
    ohne, befehle_ohne = zaehlen(kontakte[1], *SCHRITTE[1])   # ohne Aktion, Kundendaten unverändert
    schritt(kontakte[1], *SCHRITTE[2])                 # → Bestätigungsschritt
    with CaptureQueriesContext(connection) as erfasst:  # bestätigt: die Aktion im Fachverfahren läuft
        client.post(f"/kontakt/{kontakte[1]}/bestaetigen/")
    mit = len(erfasst.captured_queries)
    profil = cProfile.Profile()
    profil.enable()
    start = time.process_time()
    n = 0
    for kontakt in kontakte[2:32]:        # 30 Kontakte, 90 Schritte: Profil und CPU je Schritt stabil
        for fakt, wert in SCHRITTE:
            schritt(kontakt, fakt, wert)
            n += 1
    dauer = time.process_time() - start
    profil.disable()
    text = io.StringIO()
    pstats.Stats(profil, stream=text).sort_stats("tottime").print_stats(12)
    zeilen = [z for z in text.getvalue().splitlines() if z.strip() and z.strip()[0].isdigit()]
    return {"sql_ohne_aktion": ohne, "sql_eigene_ohne_aktion": eigene(befehle_ohne), "sql_mit_aktion": mit,
            "sql_identitaet": identitaet, "befehle_ohne_aktion": befehle_ohne,
            "ms_je_schritt_im_prozess": dauer / n * 1000, "profil": zeilen[-12:]}


def _freier_port() -> int:
    """BENCH_PORT (etwa ein zugeteilter Port auf einer geteilten Maschine), sonst ein freier."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_starten(port: int, umgebung: dict[str, str], tmp: Path, arbeiter: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    prozess = subprocess.Popen(
        [str(gunicorn), "bench.wsgi:application", "--workers", str(arbeiter), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--chdir", str(WURZEL), "--error-logfile", str(tmp / "gunicorn.log"),
         "--log-level", "warning", "--backlog", "1024"],
        env={**os.environ, **umgebung, "PYTHONPATH": str(WURZEL)}, cwd=WURZEL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return prozess
        except OSError:
            time.sleep(0.05)
    prozess.terminate()
    raise RuntimeError(f"gunicorn startet nicht: {(tmp / 'gunicorn.log').read_text(errors='replace')[-2000:]}")


def _prozess_cpu(master: int) -> tuple[float, float, int]:
    """Ein Durchgang durch /proc: CPU-Zeit (user + system, s) der Worker des gunicorn-Masters `master`, die aller
    PostgreSQL-Prozesse dieser Maschine (Backends, WAL-Schreiber, …) und deren Zahl (läuft der Server anderswo:
    0.0, 0). Ein Prozess, der während einer Messphase endet, nimmt seine CPU aus der Summe mit; in den Phasen
    bleiben die Worker und ihre Pool-Verbindungen aber bestehen."""
    takt = os.sysconf("SC_CLK_TCK")
    worker, datenbank, anzahl = 0.0, 0.0, 0
    for eintrag in Path("/proc").iterdir():
        if not eintrag.name.isdigit():
            continue
        try:
            text = (eintrag / "stat").read_text()
        except OSError:
            continue
        felder = text.rsplit(")", 1)[1].split()
        sekunden = (int(felder[11]) + int(felder[12])) / takt
        if int(felder[1]) == master:
            worker += sekunden
        elif text[text.find("(") + 1:text.rfind(")")] == "postgres":
            datenbank += sekunden
            anzahl += 1
    return worker, datenbank, anzahl


def _kerne() -> tuple[int, int]:
    """(leer, gesamt) in Takten über alle Kerne seit dem Start, aus /proc/stat (leer: idle + iowait)."""
    felder = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return felder[3] + felder[4], sum(felder[:8])


class _Platz:
    """Eine der `parallel` offenen Anfragen des Lastgenerators: Socket, Beginn, gelesene Antwort."""

    __slots__ = ("auftraege", "beginn", "seite", "socket", "teile")

    def __init__(self, auftraege: Callable[[Seite], Iterator[bytes]]) -> None:
        self.seite = Seite()
        self.auftraege = auftraege(self.seite)
        self.socket: socket.socket | None = None
        self.beginn = 0.0
        self.teile: list[bytes] = []


class Seite:
    """Was die Seite eines Platzes zeigt, soweit der nächste Schritt es mitsendet: das Formularfeld `weg` des
    Antwortformulars (wie im Browser; damit antwortet der Server mit der Teilantwort, _frage.html mit `neu`)."""

    __slots__ = ("weg",)

    def __init__(self) -> None:
        self.weg = b""

    def lesen(self, antwort: bytes) -> None:
        anfang = antwort.find(WEGFELD)
        self.weg = antwort[anfang + len(WEGFELD):antwort.find(b'"', anfang + len(WEGFELD))] if anfang >= 0 else b""


WEGFELD = b'name="weg" value="'


def auftraege(art: str, kontakte: Iterator[str], vergleich: list[str], zaehler: Iterator[int],
              seite: Seite | None = None) -> Iterator[tuple[str, str]]:
    """Pfad und Formulardaten der Anfragen einer Art (auch für bench.instruktionen). Schritt: je Kontakt aus
    `kontakte` die drei Antworten der Reihe nach, mit dem Feld `weg` der zuletzt gelesenen `seite` desselben
    Kontakts; nackt: Lesen-Ändern-Schreiben reihum über `vergleich` (Index aus `zaehler`); leer: die angemeldete
    Sicht ohne Datenbankarbeit. Teilen sich mehrere Erzeuger dieselben Iteratoren, bekommt jeder eigene Kontakte."""
    seite = seite or Seite()
    if art == "schritt":
        for kontakt in kontakte:
            seite.weg = b""
            for fakt, wert in SCHRITTE:
                yield f"/kontakt/{kontakt}/antwort/", f"fakt={fakt}&wert={wert}&weg={seite.weg.decode()}"
    elif art == "nackt":
        for i in zaehler:
            yield f"/bench/nackt/{vergleich[i % len(vergleich)]}/", "x=1"
    else:
        while True:
            yield "/bench/leer/", "x=1"


def _anfrage_bytes(pfad: str, koerper: str, kopf: str) -> bytes:
    daten = koerper.encode()
    return (f"POST {pfad} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{kopf}"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(daten)}\r\n\r\n").encode() + daten


def _antwort_ok(antwort: bytes) -> bool:
    return antwort[9:12] == b"200" and not any(f in antwort for f in FEHLERBYTES)


def _last(port: int, art: str, kontakte: list[str], vergleich: list[str], kopf: str, dauer: float,
          parallel: int) -> dict[str, Any]:
    """`parallel` offene Anfragen bis `dauer` abgelaufen ist, jede auf einer neuen Verbindung (die Sync-Worker
    schließen sie nach der Antwort); welche Anfragen, sagt `auftraege`. Alle Plätze teilen sich die Kontakte.

    Nicht-blockierende Sockets an einem epoll (selectors) statt asyncio-Streams: der Lastgenerator teilt sich
    die Kerne mit dem Server, und je Anfrage kostet er so etwa die Hälfte der CPU-Zeit der Streams (gemessen
    0,28–0,30 → 0,13–0,16 ms); die Zeile „Lastgenerator-CPU“ der Tabelle zeigt sie."""
    ende = time.perf_counter() + dauer
    zeiten: list[float] = []
    fehler = 0
    offen = iter(kontakte)
    zaehler = itertools.count()
    auswahl = selectors.DefaultSelector()

    def anfragen(seite: Seite) -> Iterator[bytes]:
        return (_anfrage_bytes(pfad, koerper, kopf)
                for pfad, koerper in auftraege(art, offen, vergleich, zaehler, seite))

    def beginnen(platz: _Platz) -> None:
        """Die nächste Anfrage des Platzes: verbinden, senden, auf die Antwort warten (bis `ende`)."""
        nonlocal fehler
        while time.perf_counter() < ende and (anfrage := next(platz.auftraege, None)) is not None:
            platz.beginn = time.perf_counter()
            s: socket.socket | None = None
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(ANTWORT_FRIST)
                s.connect(("127.0.0.1", port))       # Loopback mit großem Backlog: sofort verbunden
                s.sendall(anfrage)                   # wenige hundert Bytes: passt in den Sendepuffer
                s.setblocking(False)
            except OSError:
                if s is not None:
                    s.close()
                zeiten.append(time.perf_counter() - platz.beginn)
                fehler += 1
                continue
            platz.socket, platz.teile = s, []
            auswahl.register(s, selectors.EVENT_READ, platz)
            return
        platz.socket = None

    plaetze = [_Platz(anfragen) for _ in range(parallel)]
    beginn = time.perf_counter()
    for platz in plaetze:
        beginnen(platz)
    while auswahl.get_map():
        bereit = auswahl.select(timeout=max(0.0, ende + ANTWORT_FRIST - time.perf_counter()))
        if not bereit and time.perf_counter() >= ende + ANTWORT_FRIST:   # ein Server, der nicht mehr antwortet
            for schluessel in list(auswahl.get_map().values()):
                auswahl.unregister(schluessel.fileobj)
                schluessel.data.socket.close()
                zeiten.append(time.perf_counter() - schluessel.data.beginn)
                fehler += 1
            break
        for schluessel, _ in bereit:
            platz = schluessel.data
            s = platz.socket
            try:
                teil = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                teil, platz.teile = b"", [b"Fehler"]
            if teil:
                platz.teile.append(teil)
                continue
            auswahl.unregister(s)
            s.close()
            zeiten.append(time.perf_counter() - platz.beginn)
            antwort = b"".join(platz.teile)
            fehler += not _antwort_ok(antwort)
            platz.seite.lesen(antwort)
            beginnen(platz)
    auswahl.close()
    return {"zeiten": zeiten, "fehler": fehler, "sekunden": time.perf_counter() - beginn}


def last_messen(port: int, master: int, kontakte: list[str], vergleich: list[str], sitzung: str, dauer: float,
                parallel: int, runden: int) -> dict[str, Any]:
    csrf = secrets.token_hex(16)     # 32 Zeichen: Djangos CSRF-Geheimnis, als Cookie und Kopfzeile
    kopf = f"Cookie: sessionid={sitzung}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\nHX-Request: true\r\n"
    ergebnis: dict[str, Any] = {a: {"zeiten": [], "fehler": 0, "sekunden": 0.0, "cpu": 0.0, "cpu_last": 0.0, "cpu_db": 0.0,
                                    "db_prozesse": 0, "leer": 0, "takte": 0, "runden": []}
                                for a in ("schritt", "nackt")}
    # Aufwärmen: beide Worker laden Katalog und Vorlagen.
    _last(port, "nackt", [], vergleich, kopf, 0.5, 4)
    _last(port, "schritt", kontakte[-30:], vergleich, kopf, 0.5, 4)
    frei = kontakte[:-30]
    for runde in range(runden):       # A/B, B/A, A/B, …: eine gleichmäßige Drift der Maschine hebt sich auf
        for art in ("schritt", "nackt") if runde % 2 == 0 else ("nackt", "schritt"):
            (cpu, cpu_db, db_prozesse), (leer, takte) = _prozess_cpu(master), _kerne()
            cpu_last = time.process_time()       # nur der Lastgenerator, ohne das Lesen von /proc
            teil = _last(port, art, frei, vergleich, kopf, dauer, parallel)
            ziel_last = time.process_time() - cpu_last
            (cpu_danach, cpu_db_danach, _), (leer_danach, takte_danach) = _prozess_cpu(master), _kerne()
            if art == "schritt":
                verbraucht = (len(teil["zeiten"]) + len(SCHRITTE) - 1) // len(SCHRITTE) + parallel
                frei = frei[verbraucht:]
            ziel = ergebnis[art]
            ziel["zeiten"] += teil["zeiten"]
            ziel["fehler"] += teil["fehler"]
            ziel["sekunden"] += teil["sekunden"]
            ziel["runden"].append(len(teil["zeiten"]) / teil["sekunden"] if teil["sekunden"] else 0.0)
            ziel["cpu"] += cpu_danach - cpu
            ziel["cpu_last"] += ziel_last
            ziel["cpu_db"] += cpu_db_danach - cpu_db
            ziel["db_prozesse"] = max(ziel["db_prozesse"], db_prozesse)
            ziel["leer"] += leer_danach - leer
            ziel["takte"] += takte_danach - takte
    return ergebnis


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/kundenportal"))
    parser.add_argument("--dauer", type=float, default=3.0, help="Sekunden je Phase (A/B, B/A, …)")
    parser.add_argument("--runden", type=int, default=4)
    parser.add_argument("--parallel", type=int, default=50)
    parser.add_argument("--kontakte", type=int, default=6000)
    parser.add_argument("--arbeiter", type=int, default=2, help="gunicorn-Sync-Worker")
    args = parser.parse_args(argv)
    dauer: dict[str, float] = {}
    uhr = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal uhr
        dauer[name], uhr = time.perf_counter() - uhr, time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="kundenportal-bench-") as verzeichnis:
        tmp = Path(verzeichnis)
        umgebung = _datenbank_vorbereiten(args.db, args.pg_url, tmp)
        _, kontakte, vergleich, sitzung = _einrichten(args.kontakte)
        phase("einrichten")
        prozess = im_prozess_messen(vergleich[:60], sitzung)
        phase("im Prozess")
        vergleich = vergleich[60:]
        port = _freier_port()
        server = _server_starten(port, umgebung, tmp, args.arbeiter)
        phase("gunicorn starten")
        try:
            last = last_messen(port, server.pid, kontakte, vergleich, sitzung, args.dauer, args.parallel, args.runden)
        finally:
            server.terminate()
            server.wait(timeout=20)
        phase("Last A/B")
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
    json.dump({"db": args.db, "arbeiter": args.arbeiter, "parallel": args.parallel, "runden": args.runden, "prozess": prozess, "last": last, "dauer": dauer}, sys.stdout)


if __name__ == "__main__":
    main()
