"""Messung der Redaktion (gedruckte Tabelle): Katalog aus der Datenbank für 1.000 synthetische
Fassungen, Frischeprüfung je Anfrage, Speichern eines Entwurfs mit Prüfung (größter Leitfaden),
Verhaltens-Diff über 1.000 vergangene Kontakte. Vergleiche im selben Lauf: der Katalog aus den Dateien
derselben Fassungen (katalog_laden, kalt) für den Katalog aus der Datenbank, das Neuladen nach neuer
Generation für die Frischeprüfung.

Aufruf: `python -m kundenportal.redaktion.bench` (SQLite im Speicher) oder mit
`DATABASE_URL=postgresql://…` gegen PostgreSQL. Die Testdaten entstehen über die Dienste
(Import eines erzeugten content/-Ordners); nur die 1.000 vergangenen Kontakte werden als Zeilen
eingefügt (sie sind Messdaten, kein Gespräch)."""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kundenportal.messtabelle import tabelle, ziel

ZIELE = {"katalog": 0.300, "frische": 0.001, "speichern": 0.200, "verhalten": 5.0}
# synthetische Leitfäden und vergangene Kontakte; BENCH_KURZ=1 (Rauchlauf) nimmt nur wenige
ANZAHL = 50 if os.environ.get("BENCH_KURZ") else 1000


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["KUNDENPORTAL_SQLITE"] = ":memory:"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _deutsch(zahl: str) -> str:
    """1,234.5 → 1.234,5 (Tausenderpunkt, Dezimalkomma)."""
    return zahl.replace(",", "_").replace(".", ",").replace("_", ".")


def _messen(f: Callable[[], Any], mal: int, vorher: Callable[[], Any] | None = None) -> float:
    """Median der CPU-Zeit in Sekunden (SQLite rechnet im Prozess; andere Prozesse auf der Maschine verlängern
    die Wanduhr, nicht die CPU-Zeit). `vorher` läuft vor jeder Messung ungemessen (etwa: den Stand des
    vorigen Durchgangs freigeben — ein neuer Prozess hat nichts freizugeben)."""
    zeiten = []
    for _ in range(mal):
        if vorher is not None:
            vorher()
            gc.collect()
        anfang = time.process_time()
        f()
        zeiten.append(time.process_time() - anfang)
    return statistics.median(zeiten)


def _synthetisch(ziel: Path, content: Path, anzahl: int) -> None:
    """content/ ohne Szenarien plus `anzahl` synthetische Leitfäden (je eine Fassung, Kopie von SC 3.307)."""
    shutil.copytree(content, ziel, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    (ziel / "veroeffentlicht.yaml").unlink()
    vorlage = (content / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8")
    for i in range(anzahl):
        ordner = ziel / "leitfaeden" / "sc" / f"9.{i:04d}"
        ordner.mkdir(parents=True)
        (ordner / "leitfaden.yaml").write_text(f'id: "SC 9.{i:04d}"\ntitel: "Messung {i}"\nkanaele: [sc3]\n',
                                               encoding="utf-8")
        (ordner / "2020-03-20.yaml").write_text(vorlage + f"\n# Messfassung {i}\n", encoding="utf-8")


def _kontakte(anzahl: int) -> list[tuple[str, Any, dict[str, Any]]]:
    """`anzahl` abgeschlossene Kontakte von SC 3.307 mit echten Läufen (fünf Wege, über die Engine)."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme
    from kundenportal.gespraech.models import Kontakt
    from kundenportal.leitfaden.sitzung import Sitzung
    from kundenportal.leitfaden.vokabular import BERLIN
    from kundenportal.redaktion.queries import katalog_aus_datenbank

    katalog = katalog_aus_datenbank()
    wege: list[dict[str, Any]] = [{"identitaet_geprueft": False},
            {"identitaet_geprueft": True, "antrag_online_gewuenscht": False},
            {"identitaet_geprueft": True, "antrag_online_gewuenscht": True, "erhoehung_sicherheitsstufe": "eid"},
            {"identitaet_geprueft": True, "antrag_online_gewuenscht": True, "erhoehung_sicherheitsstufe": "vorsprache"},
            {"identitaet_geprueft": True, "antrag_online_gewuenscht": True, "erhoehung_sicherheitsstufe": "abgelehnt"}]
    test = ReferenzTestsysteme()
    laeufe = []
    datum = dt.date(2020, 4, 8)
    jetzt = dt.datetime.combine(datum, dt.time(9), BERLIN)
    for antworten in wege:
        with test.isoliert():
            nummer = test.ausgangslage_laden({"kunde": {"kundennummer": "955B000001", "vorname": "M",
                                                        "nachname": "Messung", "wohnort_agentur": "Nürnberg"},
                                              "step": {"konto": True, "sicherheitsstufe": "basis"}})
            sitzung = Sitzung.starten(katalog, test.systeme(), "SC 3.307", datum=datum, jetzt=jetzt, kanal="sc3",
                                      standort="Nürnberg", kundennummer=nummer, benutzer="bench", kontakt="bench")
            sitzung.durchlaufen(antworten)
            laeufe.append(sitzung.lauf.als_json())
    user = get_user_model().objects.create(username="bench-agent")
    Kontakt.objects.bulk_create(Kontakt(user=user, kanal="sc3", leitfaden="SC 3.307", stand=datum, weisung="202003006",
                                        lauf=laeufe[i % len(laeufe)], status=Kontakt.ABGESCHLOSSEN)
                                for i in range(anzahl))
    from kundenportal.redaktion.queries import letzte_laeufe

    return letzte_laeufe({"SC 3.307"}, anzahl)


def main() -> None:
    _django()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from kundenportal.leitfaden.laden import katalog_laden
    from kundenportal.redaktion import katalogquelle, queries
    from kundenportal.redaktion.models import Katalogdatei
    from kundenportal.redaktion.paketkatalog import paket_katalog
    from kundenportal.redaktion.pruefung import entwurf_pruefen
    from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern, neuester_stand
    from kundenportal.redaktion.services.katalog import generation_erhoehen, katalog_importieren
    from kundenportal.redaktion.verhalten import verhaltensdiff
    from kundenportal.redaktion.yamlfeld import feld_setzen
    from kundenportal.verdrahtung import systeme

    zeilen: list[list[str]] = []

    def ms(sekunden: float, stellen: int = 1) -> str:
        return _deutsch(f"{sekunden * 1000:,.{stellen}f}") + " ms"

    def zeile(was: str, wann: str, sekunden: float, grenze: float | None, vergleich: float | None = None) -> None:
        zeilen.append([was, ms(sekunden), f"{sekunden / vergleich:.2f}" if vergleich else "–",
                       f"≤ {ms(grenze, 0)}" if grenze else "",
                       ziel("Redaktion", was, f"≤ {ms(grenze, 0)}", ms(sekunden), sekunden <= grenze) if grenze else "",
                       wann])

    with tempfile.TemporaryDirectory() as ordner:
        _synthetisch(Path(ordner) / "content", Path(settings.CONTENT_DIR), ANZAHL)
        katalog_importieren(Path(ordner) / "content", veroeffentlicht=True)
        aus_dateien = _messen(lambda: katalog_laden(Path(ordner) / "content"), 1)
    fassungen = Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG).count()

    def nichts_im_prozess() -> None:
        katalogquelle._FASSUNGEN.clear()
        katalogquelle._KOEPFE.clear()
        katalogquelle._WEISUNGEN.clear()
        queries.katalog_vergessen()

    def neue_generation() -> None:
        generation_erhoehen()
        queries.katalog_aus_datenbank()

    zeile(f"Katalog aus der Datenbank, kalt ({fassungen} Fassungen, nichts im Prozess)", "Start eines Prozesses",
          _messen(queries.katalog_aus_datenbank, 3, vorher=nichts_im_prozess), ZIELE["katalog"], aus_dateien)
    generation = _messen(neue_generation, 5)
    zeile(f"Katalog aus der Datenbank nach neuer Generation ({fassungen} Fassungen)", "jede Veröffentlichung",
          generation, ZIELE["katalog"], aus_dateien)
    zeile("Frischeprüfung je Anfrage (Generation unverändert)", "jeder Schritt im Gespräch",
          _messen(queries.katalog_aus_datenbank, 1000), ZIELE["frische"], generation)

    katalog = queries.katalog_aus_datenbank()
    groesste = max(Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG), key=lambda d: len(d.text))
    import datetime as dt

    autor = get_user_model().objects.create(username="bench-redaktion")
    assert groesste.stand is not None
    # Ein neuer Stand liegt nach der neuesten veröffentlichten Fassung des Leitfadens (entwurf_beginnen).
    neueste = neuester_stand(groesste.leitfaden_id) or groesste.stand
    e = entwurf_beginnen(autor, katalog, basis=groesste, stand=neueste + dt.timedelta(days=20))
    schritt = katalog.fassung(groesste.schluessel).daten.schritte[0].id

    def speichern() -> None:
        nonlocal e
        text = feld_setzen(e.text, schritt, "text", f"Messung {e.version}")
        e, _ = entwurf_speichern(autor, e.pk, katalog, text=text, version=e.version)

    def nur_pruefen() -> None:     # Vergleich: dieselbe Prüfung ohne Sperre, Speichern und Protokoll
        entwurf_pruefen(katalog, e.leitfaden_id, e.ordner, feld_setzen(e.text, schritt, "text", "Messung"), e.kopf_text)

    pruefen = _messen(nur_pruefen, 10)
    zeile(f"Entwurf speichern mit allen Prüfungen ({groesste.leitfaden_id}, {_deutsch(f'{len(groesste.text):,}')} Zeichen)",
          "jede Speicherung im Editor", _messen(speichern, 20), ZIELE["speichern"], pruefen)

    # Der strukturierte Editor und die Live-Vorschau über HTTP (htmx), wie im Browser: Anfrage bis Antwort.
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kundenportal.konten.services import benutzer_anlegen

    setup_test_environment()
    client = Client(HTTP_HX_REQUEST="true")
    client.force_login(benutzer_anlegen("bench-struktur", "Bench-Passwort-1", ["redaktion"]))
    e.autor = autor
    erster = katalog.fassung(groesste.schluessel).daten.schritte[0]

    def schritt_speichern() -> None:
        nonlocal e
        e.refresh_from_db()
        antwort = client.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
            "schritt": erster.id, "version": e.version, "tun": "speichern", "id": erster.id,
            "fakt": getattr(erster, "fakt", ""), "text": f"Messung {e.version}", "quelltext": e.text, "ausgang": "nach"})
        assert antwort.status_code == 200 and b"gespeichert" in antwort.content, antwort.content[:300]

    def vorschau() -> None:
        antwort = client.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": e.text + "\n# Vorschau\n",
                                                                         "version": e.version})
        assert antwort.status_code == 200 and b"befunde-bereich" in antwort.content

    zeile(f"Schritt speichern im strukturierten Editor über HTTP ({groesste.leitfaden_id}, Editor neu gezeichnet)",
          "jede Änderung im Editor", _messen(schritt_speichern, 20), ZIELE["speichern"])
    zeile(f"Live-Vorschau über HTTP ({groesste.leitfaden_id}: Befunde, Schritte, Graph, Diff)",
          "beim Tippen im Quelltext", _messen(vorschau, 20), ZIELE["speichern"])

    basis = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.307/2020-03-20.yaml")
    d = entwurf_beginnen(autor, katalog, basis=basis, stand=dt.date(2020, 4, 1))
    d, _ = entwurf_speichern(autor, d.pk, katalog, text=feld_setzen(d.text, "stufe", "weiter.0.wenn",
                                                                    "!stufe_ausweissicht"), version=d.version)
    laeufe = _kontakte(ANZAHL)
    stand = paket_katalog(katalog, [d])
    ergebnis: list[int] = []

    def verhalten() -> None:
        abweichungen = verhaltensdiff(katalog, stand.katalog, laeufe, {"SC 3.307": "SC 3.307@2020-04-01"},
                                      systeme()).abweichungen
        ergebnis[:] = [len(abweichungen)]

    def ohne_aenderung() -> None:   # Vergleich: dieselben Läufe nachgespielt, Katalog unverändert
        verhaltensdiff(katalog, katalog, laeufe, {}, systeme())

    diff = _messen(verhalten, 3)
    gleich = _messen(ohne_aenderung, 3)
    zeile(f"Verhaltens-Diff über {len(laeufe)} vergangene Kontakte ({ergebnis[0]} abweichend)", "vor jeder Freigabe",
          diff, ZIELE["verhalten"], gleich)
    zeile(f"Vergleich: Katalog aus den Dateien derselben {fassungen} Fassungen (katalog_laden, kalt)",
          "make run ohne Datenbank", aus_dateien, None, aus_dateien)
    zeile("Vergleich: nur die Prüfungen des Entwurfs (ohne Sperre, Speichern, Protokoll)", "", pruefen, None, pruefen)
    zeile(f"Vergleich: dieselben {len(laeufe)} Kontakte nachgespielt, Katalog unverändert", "", gleich, None, gleich)

    datenbank = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite im Speicher"
    last = os.getloadavg()[0]
    tabelle(f"Redaktion: Katalog in der Datenbank ({datenbank}; Last {last:.1f} auf {os.cpu_count()} Kernen; "
            "CPU-Zeit, Median)", ["Messung", "Median", "× Vergleich", "Soll", "Ziel", "wann"], zeilen, rechts={1, 2, 3})


if __name__ == "__main__":
    main()
