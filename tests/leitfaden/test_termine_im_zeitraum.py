"""Abfrage `termine_im_zeitraum` und Aktion `atv`/`termine_absagen` (AU-Meldung ab 08.12.2026): jeder geplante
Termin, dessen Tag im Zeitraum liegt — ohne Grenze der Zahl —, nach Bestätigung zusammen abgesagt; ein fremder
Termin bricht vor jeder Änderung ab; eine Wiederholung nach einem Abbruch sagt nichts doppelt ab."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.auftraege import ABFRAGEN, AKTIONEN
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.laden import standorte_laden
from tests.conftest import CONTENT

BERLIN = ZoneInfo("Europe/Berlin")
AU = "Arbeitsunfähigkeit"


@pytest.fixture
def zwillinge() -> SpeicherSysteme:
    z = SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml"))
    z.ausgangslage_laden({
        "kunde": {"kundennummer": "955A400306", "vorname": "Felix", "nachname": "Wagner", "wohnort_agentur": "Köln"},
        "termine": [
            {"id": "T0", "bereich": "av", "beginn": "2026-12-07T23:30", "agentur": "Köln"},       # Vortag
            {"id": "T2", "bereich": "av", "beginn": "2026-12-15T09:00", "agentur": "Köln"},
            {"id": "T1", "bereich": "reha_beratung", "beginn": "2026-12-08T00:15", "agentur": "Köln"},  # erster Tag
            {"id": "T3", "bereich": "av", "beginn": "2026-12-10T09:00", "agentur": "Köln", "status": "abgesagt"},
            {"id": "T4", "bereich": "av", "beginn": "2026-12-23T23:45", "agentur": "Köln"},      # letzter Tag
            {"id": "T5", "bereich": "av", "beginn": "2026-12-24T08:00", "agentur": "Köln"},      # danach
            {"id": "T6", "bereich": "av", "beginn": "2026-12-16T09:00", "agentur": "Köln"},
            {"id": "T7", "bereich": "av", "beginn": "2026-12-17T09:00", "agentur": "Köln"},
        ]})
    z.ausgangslage_laden({"kunde": {"kundennummer": "955A400307", "vorname": "Eva", "nachname": "Klein",
                                    "wohnort_agentur": "Köln"},
                          "termine": [{"id": "F1", "bereich": "av", "beginn": "2026-12-15T10:00", "agentur": "Köln"}]})
    return z


def _kontext(kundennummer: str = "955A400306") -> Kontext:
    return Kontext(datum=dt.date(2026, 12, 8), jetzt=dt.datetime(2026, 12, 8, 9, tzinfo=BERLIN), kanal="emb",
                   standort="Köln", kundennummer=kundennummer, benutzer="anna", kontakt="k1",
                   standorte=standorte_laden(CONTENT / "standorte.yaml"))


def _lesen(z: SpeicherSysteme, von: object, bis: object) -> dict[str, object]:
    return ABFRAGEN["termine_im_zeitraum"].lesen(z.systeme(), _kontext(), {"von": von, "bis": bis})


def test_alle_geplanten_termine_im_zeitraum_nach_beginn_beide_grenztage_zaehlen(zwillinge: SpeicherSysteme) -> None:
    werte = _lesen(zwillinge, dt.date(2026, 12, 8), dt.date(2026, 12, 23))
    assert werte["termin_ids_im_zeitraum"] == ["T1", "T2", "T6", "T7", "T4"]     # T3 abgesagt, T0/T5 außerhalb
    assert werte["anzahl_termine_im_zeitraum"] == 5
    assert str(werte["termine_im_zeitraum_text"]).startswith(
        "08.12.2026 00:15 Uhr, reha_beratung, Agentur Köln (Termin T1); 15.12.2026 09:00 Uhr, av,")
    assert _lesen(zwillinge, "2026-12-08", "2026-12-08")["termin_ids_im_zeitraum"] == ["T1"]   # ISO-Text aus dem Lauf
    leer = _lesen(zwillinge, dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert leer == {"termine_im_zeitraum": [], "termin_ids_im_zeitraum": [], "anzahl_termine_im_zeitraum": 0,
                    "termine_im_zeitraum_text": ""}


def test_termine_absagen_sagt_jeden_ab_und_wiederholt_nichts(zwillinge: SpeicherSysteme) -> None:
    absagen = AKTIONEN[("atv", "termine_absagen")].ausfuehren
    atv = zwillinge.systeme().atv
    ergebnis = absagen(zwillinge.systeme(), _kontext(), {"termin_ids": ["T1", "T2", "T6"], "absagegrund": AU})
    assert ergebnis["abgesagt"] == ["T1", "T2", "T6"] and ergebnis["anzahl_abgesagt"] == 3
    assert {t.id: (t.status, t.absagegrund) for t in atv.termine("955A400306") if t.id in ("T1", "T2", "T6", "T7")} == {
        "T1": ("abgesagt", AU), "T2": ("abgesagt", AU), "T6": ("abgesagt", AU), "T7": ("geplant", "")}
    # Nach einem Abbruch mitten in der Liste noch einmal: dieselben abgesagten zählen, nichts wird doppelt abgesagt
    zweimal = absagen(zwillinge.systeme(), _kontext(), {"termin_ids": ["T1", "T2", "T6", "T7"], "absagegrund": AU})
    assert zweimal["abgesagt"] == ["T1", "T2", "T6", "T7"]
    absagen_im_atv = [e["details"]["termin"] for e in zwillinge.speicher.aenderungen if e["vorgang"] == "termin_absagen"]
    assert absagen_im_atv == ["T1", "T2", "T6", "T7"]          # je Termin genau eine Absage
    # schon aus anderem Grund abgesagt: bleibt unberührt und wird nicht als AU-Absage genannt
    anders = absagen(zwillinge.systeme(), _kontext(), {"termin_ids": ["T3"], "absagegrund": AU})
    assert anders["abgesagt"] == [] and anders["abgesagt_text"] == "keiner (keiner mehr geplant)"


def test_ein_fremder_termin_bricht_vor_jeder_aenderung_ab(zwillinge: SpeicherSysteme) -> None:
    absagen = AKTIONEN[("atv", "termine_absagen")].ausfuehren
    with pytest.raises(LookupError, match="F1 gehört nicht zu diesem Kunden"):
        absagen(zwillinge.systeme(), _kontext(), {"termin_ids": ["T1", "F1"], "absagegrund": AU})
    atv = zwillinge.systeme().atv
    assert atv.termin("T1").status == "geplant" and atv.termin("F1").status == "geplant"   # type: ignore[union-attr]
    with pytest.raises(LookupError, match="X9"):
        absagen(zwillinge.systeme(), _kontext(), {"termin_ids": ["X9"], "absagegrund": AU})


def test_bestaetigung_nennt_die_termine_lesbar() -> None:
    """Der Bestätigungsschritt der AU-Fassung ab 08.12.2026 nennt die Termine mit Bereich als Wort."""
    from kundenportal.leitfaden.vokabular import wert_lesbar

    texte = {"av": "Arbeitsvermittlung", "reha_beratung": "Reha-Beratung"}
    text = "08.12.2026 00:15 Uhr, reha_beratung, Agentur Köln (Termin T1); 15.12.2026 09:00 Uhr, av, Agentur Köln"
    assert wert_lesbar(text, texte) == ("08.12.2026 00:15 Uhr, Reha-Beratung, Agentur Köln (Termin T1); "
                                        "15.12.2026 09:00 Uhr, Arbeitsvermittlung, Agentur Köln")
