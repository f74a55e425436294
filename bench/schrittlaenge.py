"""Ein Schritt über Django (htmx) über die Länge des Wegs: die Teilantwort gegen den ganzen Gesprächsbereich.

Die Engine geht einen Schritt unabhängig von der Weglänge (`engine.weglaenge`). Über HTTP kam bisher der ganze
Bereich zurück, mit jedem beantworteten Punkt des Wegs und dem wachsenden Abbruchvermerk. Die Teilantwort
(`gespraech/_frage.html` mit `neu`) trägt nur die neue Frage, die neuen Wegeinträge, den Fortschritt und den
Abbruchvermerk. Gemessen wird beides im selben Prozess: ein Leitfaden mit 62 Ja/Nein-Fragen
(`synthetisch.laengen_erzeugen`) auf SQLite, Djangos Test-Client mit `HX-Request`, je Kontakt alle Fragen
der Reihe nach; Teilantwort = mit dem Feld `weg` aus der vorigen Antwort (wie der Browser), ganzer Bereich
= ohne. Je Stelle der Median über die Kontakte (Wanduhr der Anfrage im Prozess) und die Größe der Antwort.

`python -m bench.schrittlaenge [--kontakte 8]` druckt JSON (für `bench.__main__.http_teil`)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STELLEN = (5, 20, 40, 60)          # beantwortete Fragen vor dem gemessenen Schritt


def messen(kontakte: int) -> dict[str, Any]:
    from . import http
    from .http import Seite
    from .synthetisch import frage_fakt, laengen_erzeugen

    with tempfile.TemporaryDirectory(prefix="kundenportal-schrittlaenge-") as verzeichnis:
        tmp = Path(verzeichnis)
        fragen = max(STELLEN) + 2            # nach der letzten gemessenen Stelle kommt noch eine Frage
        lid = laengen_erzeugen(tmp / "content", [fragen])[fragen]
        os.environ["KUNDENPORTAL_CONTENT"] = str(tmp / "content")
        http._datenbank_vorbereiten("sqlite", "", tmp)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from kundenportal.gespraech import services
        from kundenportal.konten.services import benutzer_anlegen

        call_command("migrate", verbosity=0)
        user = benutzer_anlegen("bench_laenge", secrets.token_urlsafe(16), ["agent_sc3"])
        client = Client(HTTP_HX_REQUEST="true")
        client.force_login(user)
        zeiten: dict[str, dict[int, list[float]]] = {"teil": {}, "ganz": {}}
        groessen: dict[str, dict[int, int]] = {"teil": {}, "ganz": {}}
        for runde in range(kontakte + 1):                  # die erste Runde wärmt nur auf
            for art in ("teil", "ganz") if runde % 2 else ("ganz", "teil"):
                kontakt = services.kontakt_starten(user, lid, None)
                seite = Seite()                             # was der Browser von der Seite mitsendet
                for i in range(1, fragen + 1):
                    daten = {"fakt": frage_fakt(i), "wert": "ja"} | ({"weg": seite.weg.decode()} if art == "teil" else {})
                    start = time.perf_counter()
                    antwort = client.post(f"/kontakt/{kontakt.pk}/antwort/", daten)
                    dauer = time.perf_counter() - start
                    if antwort.status_code != 200 or (i < fragen) != ("HX-Redirect" not in antwort):
                        raise SystemExit(f"{lid}, Frage {i}: {antwort.status_code} {antwort.content[:300]!r}")
                    if art == "teil" and 1 < i < fragen and antwort.get("HX-Retarget") != "#frage-bereich":
                        raise SystemExit(f"{lid}, Frage {i}: keine Teilantwort")
                    seite.lesen(antwort.content)
                    if runde and i - 1 in STELLEN:
                        zeiten[art].setdefault(i - 1, []).append(dauer)
                        groessen[art][i - 1] = len(antwort.content)
    return {"leitfaden": lid, "kontakte": kontakte,
            "stellen": {art: {str(n): {"ms": statistics.median(z) * 1000, "bytes": groessen[art][n]}
                              for n, z in sorted(zeiten[art].items())} for art in zeiten}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kontakte", type=int, default=8, help="Kontakte je Art (nach einem zum Aufwärmen)")
    args = parser.parse_args(argv)
    os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")
    json.dump(messen(args.kontakte), sys.stdout)


if __name__ == "__main__":
    main()
