"""Das mehrzeilige Antwortfeld (ansicht.MEHRZEILIG) ohne Browser: FK 4.406 zeigt für die mitgeteilte Änderung ein
textarea mit Hinweis und Knopf „Übernehmen“ (ohne JavaScript abschickbar); einzeilige freie Antworten bleiben input.
Im Browser: tests/browser/test_mehrzeilige_antwort.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db
KUNDE = "955F440698"


def test_mitgeteilte_aenderung_mehrzeilig_der_absagegrund_einzeilig(benutzer: Callable[..., Any], kunde: str,
                                                                    client: Client, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Marta", "nachname": "Richter",
                                  "geburtsdatum": "1987-07-16", "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK440698", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Mia", "haushalt": "eltern"}]}})
    agentin = benutzer("agent_scfk", standort="Nürnberg")
    client.force_login(agentin)
    k = services.kontakt_starten(agentin, "FK 4.406", KUNDE)
    for fakt, wert in (("identitaet_geprueft", True), ("oeffentlicher_dienst", "nein"),
                       ("oed_anliegen", "aenderung_mitteilen")):
        a = services.kontakt_beantworten(agentin, k, fakt, wert)
        while a.art == "bestaetigung":       # KIWI: öffentlicher Dienst erfassen
            a = services.kontakt_bestaetigen(agentin, k, None)
    assert a.fakt == "oed_aenderung"
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert '<textarea class="kern-form-input__input" id="wert" name="wert" rows="5" required' in seite
    assert 'aria-describedby="frage-titel wert-hinweis"' in seite and "Übernehmen</span>" in seite
    assert "<kbd>Strg</kbd>+<kbd>Enter</kbd> übernimmt die Antwort" in seite
    assert "übernimmt. Höchstens 1.000 Zeichen.</div>" in seite       # die Grenze vorher, nicht erst als Ablehnung
    teil = client.post(f"/kontakt/{k.pk}/antwort/", {"fakt": "oed_aenderung", "wert": "ab"},
                       HTTP_HX_REQUEST="true").content.decode()        # zu kurz: abgelehnt, der Text bleibt im Feld
    assert 'aria-invalid="true">ab</textarea>' in teil

    agent_sc3 = benutzer("agent_sc3")
    client.force_login(agent_sc3)
    k3 = services.kontakt_starten(agent_sc3, "SC 3.003", kunde)
    for fakt, wert in (("identitaet_geprueft", True), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "nein")):
        services.kontakt_beantworten(agent_sc3, k3, fakt, wert)
    seite = client.get(f"/kontakt/{k3.pk}/").content.decode()
    assert '<input class="kern-form-input__input" id="wert" name="wert" type="text"' in seite and "<textarea" not in seite.split('id="frage-bereich"')[1].split("</form>")[0]
