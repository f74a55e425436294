"""personenbezug: welche Arten von Angaben zur Person ein freier Text der Teamleitung enthält — aus denselben
Mustern wie die Pseudonymisierung des Vermerks, ohne Daten (Fristen gehören in Maßnahmen)."""

from __future__ import annotations

import pytest

from kundenportal.qs.pseudonym import arten_aufzaehlen, personenbezug


@pytest.mark.parametrize(("text", "arten"), [
    ("Rückruf Kunde 900D000001 Max Schröder klären", ["Kundennummer", "Name mit Anrede"]),
    ("Kundennummer 900D000001, Frau Demir, Diagnose Depression",
     ["Kundennummer", "Name mit Anrede", "Gesundheitsangabe"]),
    ("Kd.-Nr. 900 D 000 001 prüfen", ["Kundennummer"]),
    ("Sohn Max hat angerufen", ["Name mit Anrede"]),
    ("KG-Nr. 123FK456701 nachfragen", ["Kindergeldnummer"]),
    ("Kindergeldnummer 123 FK 456 701 prüfen", ["Kindergeldnummer"]),
    ("Rückruf Kundin Erika Mustermann", ["Name mit Anrede"]),
    ("Rückruf unter +49 911 1234567", ["Telefonnummer"]),
    ("an max@example.org", ["E-Mail-Adresse"]),
    ("IBAN DE89370400440532013000 ändern", ["IBAN"]),
    ("wohnt Hauptstraße 5, 90402 Nürnberg", ["Anschrift"]),
    ("Befund F32.1 nachreichen", ["Gesundheitsangabe"]),
    ("bis 30.04.2020 nachschulen", []),
    ("ab 2020-04-01, spätestens 1. Mai 2020", []),
    ("Vorteilsübersetzung im Teamgespräch üben", []),
    ("Kunden auf den Online-Weg hinweisen", []),
    ("", []),
])
def test_arten_der_angaben_zur_person(text: str, arten: list[str]) -> None:
    assert personenbezug(text) == arten


def test_jede_art_einmal_und_in_fester_reihenfolge() -> None:
    assert personenbezug("Frau Demir, Depression, 900D000001 und 900D000002, Herr Weber") == [
        "Kundennummer", "Name mit Anrede", "Gesundheitsangabe"]


@pytest.mark.parametrize(("arten", "satzteil"), [
    (["Kundennummer"], "eine Kundennummer"),
    (["Kundennummer", "Gesundheitsangabe"], "eine Kundennummer und eine Gesundheitsangabe"),
    (["IBAN", "Name mit Anrede", "Anschrift"], "eine IBAN, einen Namen mit Anrede und eine Anschrift"),
    ([], ""),
])
def test_arten_aufzaehlen(arten: list[str], satzteil: str) -> None:
    assert arten_aufzaehlen(arten) == satzteil

