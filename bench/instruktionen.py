"""Instruktionen je Anfrage unter callgrind (valgrind): der Schritt SC 3.307, die nackte Schreibsicht und eine
angemeldete Sicht ohne Datenbankarbeit, im Prozess über die WSGI-Anwendung (ohne HTTP, ohne Server).

Wozu: Die HTTP-Messung von `make bench` schwankt auf einer geteilten Maschine um ±10 % von Lauf zu Lauf (auch die
CPU-Zeit je Anfrage, je nach Takt und Nachbarn). Eine Änderung, die 3 % spart, geht darin unter. callgrind zählt
Instruktionen: derselbe Code mit denselben Eingaben gibt dieselbe Zahl, gleich was die Maschine nebenher tut
(`PYTHONHASHSEED=0`). Gezählt wird nur der Django-Prozess, nicht der Datenbankserver.

Je Art zwei Läufe nach demselben Aufwärmen (30 Anfragen), einer ohne und einer mit `--anfragen` weiteren; ihr
Unterschied geteilt durch die Zahl ist eine Anfrage (Start von Python und Django fallen heraus). Die Läufe
laufen auf PostgreSQL parallel auf allen Kernen, auf SQLite nacheinander (sonst zählt das Warten auf die Sperre
der gemeinsamen Datei mit); unter valgrind dauert einer 40–50 s.

`python -m bench.instruktionen [--db sqlite|postgres] [--pg-url URL] [--anfragen 150] [--arten schritt,nackt,leer]`
— nicht Teil von `make bench` (etwa 2 min); für A/B einmal vor, einmal nach der Änderung."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .http import Seite

WURZEL = Path(__file__).resolve().parent.parent
ARTEN = {"schritt": "Schritt SC 3.307 (POST /kontakt/<id>/antwort/, htmx)",
         "nackt": "Vergleich: nacktes Lesen-Ändern-Schreiben",
         "leer": "Vergleich: angemeldet, ohne Datenbankarbeit der Sicht (Middleware, Sitzung, Antwort)"}
AUFWAERMEN = 30


def _environ(pfad: str, koerper: str, sitzung: str) -> dict[str, Any]:
    """Eine WSGI-Umgebung wie von gunicorn: angemeldet (Sitzungs-Cookie), CSRF-Token, htmx."""
    csrf = "k" * 32
    daten = koerper.encode()
    return {"REQUEST_METHOD": "POST", "PATH_INFO": pfad, "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={sitzung}; csrftoken={csrf}", "HTTP_X_CSRFTOKEN": csrf, "HTTP_HX_REQUEST": "true",
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(daten)),
            "wsgi.input": io.BytesIO(daten), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}


def _anfragen(art: str, anzahl: int, versatz: int, daten: dict[str, Any], seite: Seite) -> Iterator[dict[str, Any]]:
    """`anzahl` Anfragen der Art wie im Lastgenerator (`http.auftraege`); Schritte auf Kontakten ab `versatz`, mit
    dem Feld `weg` der zuletzt gelesenen `seite`."""
    from .http import auftraege

    folge = auftraege(art, iter(daten["kontakte"][versatz:]), daten["vergleich"], itertools.count(versatz), seite)
    for pfad, koerper in itertools.islice(folge, anzahl):
        yield _environ(pfad, koerper, daten["sitzung"])


def kind(art: str, anzahl: int, versatz: int, datei: Path) -> None:
    """Im Prozess unter valgrind: Django laden (wie ein gunicorn-Worker über bench.wsgi), aufwärmen, messen."""
    daten = json.loads(datei.read_text())
    from .http import Seite
    from .wsgi import application

    seite = Seite()

    def rufen(umgebung: dict[str, Any]) -> None:
        status: list[str] = []

        def beginnen(zeile: str, _kopf: Any, _fehler: Any = None) -> Any:
            status.append(zeile)
            return lambda _daten: None

        koerper = b"".join(application(umgebung, beginnen))
        if not status[0].startswith("200"):
            raise SystemExit(f"{umgebung['PATH_INFO']}: {status[0]} {koerper[:300]!r}")
        seite.lesen(koerper)

    for umgebung in _anfragen(art, AUFWAERMEN, versatz, daten, seite):
        rufen(umgebung)
    for umgebung in _anfragen(art, anzahl, versatz + AUFWAERMEN, daten, seite):
        rufen(umgebung)


def _zaehlen(art: str, anzahl: int, versatz: int, datei: Path) -> int:
    """Instruktionen des ganzen Kindprozesses (callgrind: `Collected`)."""
    lauf = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m", "bench.instruktionen",
         "--kind", art, str(anzahl), str(versatz), str(datei)],
        cwd=WURZEL, capture_output=True, text=True, timeout=900,
        env={**os.environ, "PYTHONPATH": str(WURZEL), "PYTHONHASHSEED": "0"})
    gefunden = re.search(r"Collected : (\d+)", lauf.stderr)
    if lauf.returncode != 0 or not gefunden:
        raise RuntimeError(f"callgrind-Lauf {art} ({anzahl}) fehlgeschlagen:\n{lauf.stderr[-1500:]}")
    return int(gefunden.group(1))


def messen(db: str, pg_url: str, anfragen: int, arten: list[str]) -> dict[str, float]:
    """Instruktionen je Anfrage für jede Art (Datenbank wie bench.http: eigene, jedes Mal neu angelegt)."""
    from . import http

    with tempfile.TemporaryDirectory(prefix="kundenportal-instruktionen-") as verzeichnis:
        tmp = Path(verzeichnis)
        http._datenbank_vorbereiten(db, pg_url, tmp)
        kontakte_je_lauf = AUFWAERMEN + anfragen
        _, kontakte, vergleich, sitzung = http._einrichten(2 * kontakte_je_lauf)
        datei = tmp / "daten.json"
        datei.write_text(json.dumps({"kontakte": kontakte, "vergleich": vergleich, "sitzung": sitzung}))
        if db == "postgres":
            from django.db import connections

            connections.close_all()
        laeufe = [(art, anzahl, versatz) for art in arten
                  for anzahl, versatz in ((0, 0), (anfragen, kontakte_je_lauf))]
        # SQLite: nacheinander — zwei Kindprozesse auf derselben Datei warten auf deren Sperre, und das Warten
        # zählt mit (±0,1 Mio. je Anfrage). PostgreSQL sperrt nur die Zeilen: parallel auf allen Kernen.
        with ThreadPoolExecutor(1 if db == "sqlite" else os.cpu_count() or 2) as pool:
            zahlen = list(pool.map(lambda lauf: _zaehlen(lauf[0], lauf[1], lauf[2], datei), laeufe))
    ergebnis = dict(zip(laeufe, zahlen, strict=True))
    return {art: (ergebnis[(art, anfragen, kontakte_je_lauf)] - ergebnis[(art, 0, 0)]) / anfragen for art in arten}


def ausgeben(db: str, je_anfrage: dict[str, float], anfragen: int) -> None:
    from .tabelle import tabelle

    nackt = je_anfrage.get("nackt")
    tabelle(f"Instruktionen je Anfrage im Django-Prozess ({db}, callgrind, je Art {anfragen} Anfragen nach "
            f"{AUFWAERMEN} zum Aufwärmen; ohne Datenbankserver)",
            ["Anfrage", "Mio. Instruktionen", "× nackt"],
            [[ARTEN[art], f"{wert / 1e6:.3f}", f"{wert / nackt:.2f}" if nackt else "–"]
             for art, wert in je_anfrage.items()])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--pg-url", default=os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/kundenportal"))
    parser.add_argument("--anfragen", type=int, default=150, help="gemessene Anfragen je Art (nach dem Aufwärmen)")
    parser.add_argument("--arten", default=",".join(ARTEN), help=f"Auswahl aus {', '.join(ARTEN)}")
    parser.add_argument("--kind", nargs=4, metavar=("ART", "ANZAHL", "VERSATZ", "DATEI"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.kind:
        art, anzahl, versatz, datei = args.kind
        kind(art, int(anzahl), int(versatz), Path(datei))
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind fehlt: `apt-get install valgrind` (Debian-Paket), dann erneut aufrufen.")
    arten = [a for a in args.arten.split(",") if a]
    if not arten or set(arten) - set(ARTEN):
        parser.error(f"--arten: nur {', '.join(ARTEN)}")
    os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")
    ausgeben(args.db, messen(args.db, args.pg_url, args.anfragen, arten), args.anfragen)


if __name__ == "__main__":
    main()
