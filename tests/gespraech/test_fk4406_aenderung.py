"""FK 4.406 ab 07.12.2026 (Korrekturfassung): Auf dem Weg „Änderung mitteilen“ nimmt das Service Center
Familienkasse die Änderung als Freitext auf (oed_aenderung); die Aufgabe an die Familienkasse Direktion
(Qualitätsprüfung) trägt sie als Text, der Postkorb der Direktion zeigt ihn, der Vermerk nennt ihn. Am Tag
davor gilt noch die Fassung vom 20.03.2020 (Aufgabe nur mit festem Betreff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db

KUNDENNUMMER = "955F440601"
AENDERUNG = "Antragstellerin wechselt zum 01.02.2027 vom Landratsamt Esslingen (öffentlicher Dienst) zur Robert Bosch GmbH."
BETREFF = "Änderung im Fall öffentlicher Dienst (Wechsel in den / aus dem öffentlichen Dienst)"


@pytest.fixture
def fk_kunde(db: Any) -> str:
    ausgangslage_laden({"kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Marta", "nachname": "Richter",
                                  "geburtsdatum": "1987-07-16", "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK440601", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Mia", "geburtsdatum": "2014-04-09",
                                             "haushalt": "eltern"}]}})
    return KUNDENNUMMER


def _fuehren(agent: Any, kunde: str, antworten: list[tuple[str, str]]) -> tuple[Kontakt, list[str], dt.date]:
    """Führt FK 4.406 mit den Antworten, bestätigt jede ändernde Aktion und schließt mit dem Vermerk-Entwurf ab.
    Gibt den Kontakt, die gefragten Fakten und den Stand der Fassung zurück."""
    k = gespraech.kontakt_starten(agent, "FK 4.406", kunde)
    gefragt: list[str] = []
    ansicht = None
    for fakt, wert in antworten:
        assert ansicht is None or ansicht.art == "frage"
        ansicht = gespraech.kontakt_beantworten(agent, k, fakt, wert)
        gefragt.append(fakt)
        while ansicht.art == "bestaetigung":
            ansicht = gespraech.kontakt_bestaetigen(agent, k, None)
    assert ansicht is not None and ansicht.art == "ende", (ansicht.art if ansicht else None, ansicht.fakt if ansicht else "")
    return gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk), gefragt, ansicht.stand


def _aenderungsaufgaben() -> list[Any]:
    return [a for a in systeme().aufgaben.liste("fk_direktion_qs", None) if a.betreff == BETREFF]


def test_aenderung_geht_als_text_der_aufgabe_an_die_direktion_und_steht_im_vermerk(
        benutzer: Callable[..., Any], fk_kunde: str, settings: Any, client: Client) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    agent = benutzer("agent_scfk", "fk-agent-4406")
    kontakt, _, stand = _fuehren(agent, fk_kunde, [
        ("identitaet_geprueft", "ja"), ("oeffentlicher_dienst", "ja"), ("oed_zustaendigkeit", "ba"),
        ("oed_anliegen", "aenderung_mitteilen"), ("oed_aenderung", f"  {AENDERUNG}  ")])
    assert stand == dt.date(2026, 12, 7)
    assert kontakt.ergebnis == "auskunft_erteilt"
    assert f"Änderung aufgenommen ({AENDERUNG}) und an die Familienkasse Direktion abgegeben" in kontakt.vermerk
    assert kontakt.vermerk.count(AENDERUNG) == 1       # nicht noch einmal als Zeile der Frage
    assert "Mitgeteilte Änderung" not in kontakt.vermerk

    [aufgabe] = _aenderungsaufgaben()
    assert aufgabe.text == AENDERUNG and aufgabe.kundennummer == KUNDENNUMMER and aufgabe.status == "offen"

    client.force_login(benutzer("fk_direktion", "fk-direktion-4406"))
    seite = client.get("/postkorb/fk_direktion_qs/")
    assert seite.status_code == 200
    html = seite.content.decode()
    assert BETREFF in html and AENDERUNG in html


def test_leere_aenderung_wird_abgelehnt_und_nichts_abgegeben(
        benutzer: Callable[..., Any], fk_kunde: str, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    agent = benutzer("agent_scfk", "fk-agent-4406-leer")
    k = gespraech.kontakt_starten(agent, "FK 4.406", fk_kunde)
    ansicht = None
    for fakt, wert in [("identitaet_geprueft", "ja"), ("oeffentlicher_dienst", "nein"),
                       ("oed_anliegen", "aenderung_mitteilen")]:
        ansicht = gespraech.kontakt_beantworten(agent, k, fakt, wert)
        while ansicht.art == "bestaetigung":
            ansicht = gespraech.kontakt_bestaetigen(agent, k, None)
    assert ansicht is not None and ansicht.art == "frage" and ansicht.fakt == "oed_aenderung"
    with pytest.raises(GespraechFehler) as abgelehnt:
        gespraech.kontakt_beantworten(agent, k, "oed_aenderung", "ab")
    assert "wer wechselt ab wann zu welchem Arbeitgeber" in str(abgelehnt.value.meldung)
    assert _aenderungsaufgaben() == []


def test_am_tag_davor_gilt_die_fassung_ohne_frage(benutzer: Callable[..., Any], fk_kunde: str, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-06"
    agent = benutzer("agent_scfk", "fk-agent-4406-alt")
    kontakt, gefragt, stand = _fuehren(agent, fk_kunde, [
        ("identitaet_geprueft", "ja"), ("oeffentlicher_dienst", "nein"), ("oed_anliegen", "aenderung_mitteilen")])
    assert stand == dt.date(2020, 3, 20) and "oed_aenderung" not in gefragt
    assert "Änderung aufgenommen und an die Familienkasse Direktion abgegeben" in kontakt.vermerk
    [aufgabe] = _aenderungsaufgaben()
    # die alte Fassung fragt die Änderung nicht ab: die Aufgabe trägt die Vermerkzeile ihres Schritts
    # (leitfaden/ausfuehrung._mit_abgabetext), nicht mehr gar keinen Text
    assert aufgabe.text == "Fall öffentlicher Dienst: Änderung aufgenommen und an die Familienkasse Direktion abgegeben."
