"""Die pseudonymisierte QS-Seite verbirgt im Weg, was sie im Vermerk verbirgt (und umgekehrt): Daten der
Arbeitsunfähigkeit und des Rentenbeginns sind in beiden „[Datum]“, eine Freitext-Antwort steht in keinem
(im Vermerk „[Freitext]“). Dazu lesbare Texte statt Codes: Anlage mit Fassung, Abfragen mit deutschem Text,
keine Verweise auf die interne Projektbeschreibung (domain.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import services
from kundenportal.qs.models import Bewertung

pytestmark = pytest.mark.django_db


def _fuehren(agent: Any, kunde: str, leitfaden: str, antworten: list[tuple[str, str]]) -> Kontakt:
    k = gespraech.kontakt_starten(agent, leitfaden, kunde)
    for fakt, wert in antworten:
        ansicht = gespraech.kontakt_beantworten(agent, k, fakt, wert)
        if ansicht.art == "bestaetigung":
            ansicht = gespraech.kontakt_bestaetigen(agent, k, None)
    while ansicht.art == "bestaetigung":
        ansicht = gespraech.kontakt_bestaetigen(agent, k, None)
    return gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)


def _seite(client: Client, tl: Any, kontakt: Kontakt) -> tuple[str, str, str]:
    """Ganze Seite, Tabelle des Wegs, Vermerk — der Kontakt als Stichprobe gezogen und geöffnet."""
    s = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=50)
    b = s.bewertungen.get(kontakt=kontakt)
    client.force_login(tl)
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    weg = re.search(r'<table class="kern-table" id="qs-weg">(.*?)</table>', seite, re.S)
    vermerk = re.search(r'<pre class="vermerk">(.*?)</pre>', seite, re.S)
    assert weg and vermerk
    return seite, weg.group(1), vermerk.group(1)


@pytest.fixture
def agent(benutzer: Callable[..., Any], settings: Any) -> Any:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"       # die Daten liegen im plausiblen Zeitraum des Kontakts
    return benutzer("agent_sc3")


def test_daten_der_arbeitsunfaehigkeit_sind_in_weg_und_vermerk_verborgen(
        agent: Any, kunde: str, benutzer: Callable[..., Any], client: Client) -> None:
    k = _fuehren(agent, kunde, "SC 3.004a", [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "arbeitsunfaehigkeit"),
                                             ("au_beginn", "2020-04-06"), ("au_ende", "2020-05-18")])
    assert "06.04.2020" in k.vermerk                      # gespeichert ist der Vermerk wie geschrieben
    seite, weg, vermerk = _seite(client, benutzer("teamleitung"), k)
    assert "06.04.2020" not in seite and "18.05.2020" not in seite and "2020-04-06" not in seite
    assert re.search(r"Arbeitsunfähig seit</td><td class=\"kern-table__cell\">\[Datum\]</td>", weg)
    assert "Arbeitsunfähig seit: [Datum]" in vermerk and "AU vom [Datum] bis [Datum]" in vermerk


def test_rentenbeginn_ist_in_weg_und_vermerk_verborgen(agent: Any, kunde: str, benutzer: Callable[..., Any],
                                                       client: Client) -> None:
    k = _fuehren(agent, kunde, "SC 3.004a", [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"),
                                             ("rente_status", "bewilligt"), ("rentenart", "regelaltersrente"),
                                             ("rentenbeginn", "2020-06-01"), ("vermittlung_weiter_gewuenscht", "nein")])
    assert "01.06.2020" in k.vermerk
    seite, weg, vermerk = _seite(client, benutzer("teamleitung"), k)
    assert "01.06.2020" not in seite
    assert re.search(r"Ab wann wird die Rente gezahlt\?</td><td class=\"kern-table__cell\">\[Datum\]</td>", weg)
    assert "Ab wann wird die Rente gezahlt? [Datum]" in vermerk


def test_freitext_steht_weder_im_weg_noch_im_vermerk(agent: Any, kunde: str, benutzer: Callable[..., Any],
                                                     client: Client) -> None:
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    gespraech.kontakt_beantworten(agent, k, "termin_id", ansicht.optionen[0].wert)
    gespraech.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "nein")
    gespraech.kontakt_beantworten(agent, k, "absagegrund", "Pflege eines Angehörigen")
    gespraech.kontakt_bestaetigen(agent, k, None)
    ansicht = gespraech.kontakt_beantworten(agent, k, "neuer_termin_gewuenscht", "nein")
    k = gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk + "\nKundin pflegt ihre Mutter; Pflege eines "
                                       "Angehörigen ab sofort.")
    # Der Grund steht einmal: im Satz der Aktion (die Zeile der Frage entfällt, leitfaden.vermerk)
    assert "(Grund: Pflege eines Angehörigen)" in k.vermerk and "Grund der Absage:" not in k.vermerk
    seite, weg, vermerk = _seite(client, benutzer("teamleitung"), k)
    assert "Pflege eines Angehörigen" not in seite and "Angehörigen" not in seite
    assert "[Freitext] (in der Qualitätssicherung nicht angezeigt)" in weg
    assert "(Grund: [Freitext])" in vermerk                             # auch im Satz der Aktion
    assert "[Freitext] ab sofort." in vermerk                          # und im Text der Beschäftigten


def test_abfragen_anlage_und_regeln_lesbar(agent: Any, kunde: str, benutzer: Callable[..., Any],
                                           client: Client) -> None:
    k = _fuehren(agent, kunde, "SC 3.004a", [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "arbeitsunfaehigkeit"),
                                             ("au_beginn", "2020-04-06"), ("au_ende", "2020-05-10")])
    tl = benutzer("teamleitung")
    seite, weg, _ = _seite(client, tl, k)
    assert "Colibri (Leistung): bezieht der Kunde Arbeitslosengeld?" in weg
    assert "alg bezug" not in weg and "alg_bezug" not in weg
    assert "domain.md" not in seite
    assert '<legend class="kern-label">Vermerk vollständig und sachlich (keine Diagnosen, keine Wertungen)</legend>' in seite
    assert "(Regel 2.2 a) 4)</legend>" in seite                        # Regeln der Weisung bleiben genannt
    b = Bewertung.objects.get(kontakt=k)
    assert b.formular == "2.2.1@2020-03-20" and b.formular_text == "Anlage 2.2.1, Fassung vom 20.03.2020"
    stichprobe = client.get(f"/qs/stichprobe/{b.stichprobe_id}/").content.decode()
    assert "Anlage 2.2.1, Fassung vom 20.03.2020" in stichprobe and "@" not in stichprobe.split("<main")[1]


def test_plan_stichprobe_nennt_die_anlage_mit_fassung(kontakt_abschliessen: Callable[..., Kontakt],
                                                      benutzer: Callable[..., Any], client: Client,
                                                      settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    kontakt_abschliessen()
    tl = benutzer("teamleitung")
    s = services.stichprobe_nach_plan(tl, monat=zeit.heute(), jetzt=zeit.jetzt())
    assert s.plan == "2.2.6@2020-03-20"
    client.force_login(tl)
    for url in ("/qs/", f"/qs/stichprobe/{s.pk}/"):
        seite = client.get(url).content.decode()
        assert "Anlage 2.2.6, Fassung vom 20.03.2020" in seite and "2.2.6@" not in seite, url
