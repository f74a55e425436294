"""`make bench`: Durchsatz der Engine und Ladezeit des Katalogs, als Tabellen, jeweils mit einem
Vergleichswert aus demselben Lauf (keine Zeitgrenzen in Tests)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(os.environ.get("KUNDENPORTAL_CONTENT", Path(__file__).resolve().parent.parent / "content"))

KONTAKTE: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "SC 3.003 Absage": ("SC 3.003", {
        "kunde": {"kundennummer": "955A999001", "vorname": "Paul", "nachname": "Wagner", "wohnort_agentur": "Nürnberg",
                  "betreuung": "av", "status": "arbeitslos"},
        "termine": [{"id": "B1", "bereich": "av", "beginn": "2020-04-16T10:00", "agentur": "Nürnberg"}]},
        {"identitaet_geprueft": True, "terminanliegen": "absagen", "termin_id": "B1", "teilnahme_erforderlich": True,
         "teilnahme_moeglich": False, "absagegrund": "Vorstellungsgespräch", "neuer_termin_gewuenscht": False}),
    "SC 3.307 Papierantrag": ("SC 3.307", {
        "kunde": {"kundennummer": "955A999002", "vorname": "Sabine", "nachname": "Krüger",
                  "wohnort_agentur": "Berlin Nord"}, "step": {"konto": True, "sicherheitsstufe": "basis"}},
        {"identitaet_geprueft": True, "antrag_online_gewuenscht": True, "erhoehung_sicherheitsstufe": "abgelehnt"}),
}


def _zeit(f: Callable[[], Any], wiederholungen: int) -> float:
    messungen = []
    for _ in range(wiederholungen):
        start = time.perf_counter()
        f()
        messungen.append(time.perf_counter() - start)
    return statistics.median(messungen)


def _tabelle(titel: str, kopf: list[str], zeilen: list[list[str]]) -> None:
    breiten = [max(len(kopf[i]), *(len(z[i]) for z in zeilen)) for i in range(len(kopf))]
    print(f"\n{titel}")
    print("  ".join(k.ljust(b) for k, b in zip(kopf, breiten, strict=True)))
    print("  ".join("-" * b for b in breiten))
    for z in zeilen:
        print("  ".join(w.rjust(b) if i else w.ljust(b) for i, (w, b) in enumerate(zip(z, breiten, strict=True))))


def katalog_messen() -> None:
    from kundenportal.leitfaden.laden import katalog_laden
    from kundenportal.leitfaden.pruefen import katalog_pruefen

    dateien = sorted((CONTENT / "leitfaeden").rglob("*.yaml"))
    laden = _zeit(lambda: katalog_laden(CONTENT), 5)
    katalog = katalog_laden(CONTENT)
    pruefen = _zeit(lambda: katalog_pruefen(katalog), 5)
    lader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    roh = _zeit(lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=lader) for p in dateien], 5)
    _tabelle(f"Katalog: {len(katalog.leitfaeden)} Leitfäden, {len(katalog.fassungen())} Fassungen, {len(dateien)} Dateien",
             ["Messung", "Median ms", "× nur YAML"],
             [["laden + Schema (pydantic, Zeilen)", f"{laden * 1000:.1f}", f"{laden / roh:.1f}"],
              ["statische Prüfung (inkl. CEL)", f"{pruefen * 1000:.1f}", f"{pruefen / roh:.1f}"],
              ["Vergleich: nur YAML lesen (libyaml), ohne Schema", f"{roh * 1000:.1f}", "1.0"]])


def engine_messen(anzahl: int = 200) -> None:
    os.environ["KUNDENPORTAL_SQLITE"] = ":memory:"
    from kundenportal.cli import django_wegwerf

    django_wegwerf()
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme
    from kundenportal.fachverfahren.speicher import SpeicherSysteme
    from kundenportal.leitfaden.laden import katalog_laden
    from kundenportal.leitfaden.sitzung import Sitzung
    from kundenportal.leitfaden.vokabular import BERLIN

    katalog = katalog_laden(CONTENT)
    referenz, speicher = ReferenzTestsysteme(), SpeicherSysteme(katalog.standorte)
    datum = dt.date(2020, 4, 14)
    jetzt = dt.datetime.combine(datum, dt.time(9), BERLIN)
    zeilen = []
    for name, (leitfaden, lage, antworten) in KONTAKTE.items():
        schritte = 0
        letzter: Any = None

        def kontakt(leitfaden: str = leitfaden, lage: dict[str, Any] = lage,
                    antworten: dict[str, Any] = antworten, test: Any = referenz) -> None:
            nonlocal schritte, letzter
            with test.isoliert():
                nummer = test.ausgangslage_laden(lage)
                sitzung = Sitzung.starten(katalog, test.systeme(), leitfaden, datum=datum, jetzt=jetzt, kanal="sc3",
                                          standort=None, kundennummer=nummer, benutzer="bench", kontakt="bench")
                lauf = sitzung.durchlaufen(antworten)
                assert lauf.halt == "ende", f"{leitfaden}: {lauf.halt} bei {lauf.zug.fakt}"
                schritte += len(lauf.zug.weg)
                letzter = sitzung

        kontakt()
        schritte = 0
        def alle() -> None:
            for _ in range(anzahl):
                kontakt()

        gesamt = _zeit(alle, 1)
        fertig = letzter

        def alle_im_speicher() -> None:
            for _ in range(anzahl):
                kontakt(test=speicher)

        im_speicher = _zeit(alle_im_speicher, 1)

        def gehen(fertig: Any = fertig) -> None:
            for _ in range(anzahl):
                fertig.stand()

        wege = _zeit(gehen, 1)
        schritte_je = schritte / anzahl
        zeilen.append([name, f"{anzahl / gesamt:,.0f}", f"{schritte / gesamt:,.0f}", f"{schritte_je:.0f}",
                       f"{anzahl / wege:,.0f}", f"{(anzahl / wege) / (anzahl / gesamt):.1f}",
                       f"{anzahl / im_speicher:,.0f}", f"{gesamt / im_speicher:.1f}"])
    _tabelle(f"Engine in-process über die Sitzung (kein HTTP), {anzahl} Kontakte je Leitfaden, Referenzsysteme "
             "auf SQLite im Speicher", ["Leitfaden", "Kontakte/s", "Schritte/s", "Schritte/Kontakt",
                                        "Vergleich: Weg neu gehen/s", "× schneller ohne Fachverfahren",
                                        "Kontakte/s mit Zwillingen", "× schneller mit Zwillingen"], zeilen)


def main() -> None:
    katalog_messen()
    engine_messen()
    for modul, funktion in (("kundenportal.bench_suche", "main"), ("kundenportal.emb.bench", "bench")):
        try:
            mod = __import__(modul, fromlist=[funktion])
        except ImportError:
            continue
        getattr(mod, funktion)()


if __name__ == "__main__":
    main()
