"""Der Katalog sagt je Fassung, wo sie gilt (leitfaden.geltung_lesbar): in der Liste der Fassungen eine Spalte
„Geltungsbereich“, auf der Seite der Fassung im Kopf — bundesweit, nur an Standorten (Geltungsbereich einer Weisung;
tests/redaktion/test_hinweise_standort.py mit einer freigegebenen Fassung für Brühl und Fürth) oder an den
Pilotstandorten bis zu ihrem BBiE-Start."""

from __future__ import annotations

import html
import re

from tests.fixtures_katalog import Anmelden

PILOT = ("an den Pilotstandorten der Weiterbildungsberatung bis zum Start der BBiE: Fürth (bis 31.03.2020), "
         "Berlin Mitte (bis 30.04.2020) und Bonn (bis 30.06.2020)")


def _zeilen(seite: str) -> list[list[str]]:
    zeilen = re.findall(r'<tr class="kern-table__row">(.*?)</tr>', seite, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", z)).strip() for z in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>",
                                                                                   zeile, re.S)] for zeile in zeilen]


def test_liste_der_fassungen_nennt_den_geltungsbereich(anmelden: Anmelden) -> None:
    zeilen = _zeilen(anmelden("agent_sc3").get("/katalog/SC%203.307/").content.decode())
    assert zeilen[0][:4] == ["Stand", "Gültig ab", "Gültig bis", "Geltungsbereich"]
    assert [z[3] for z in zeilen[1:]] == ["bundesweit (alle Standorte)"] * (len(zeilen) - 1)
    pilot = _zeilen(anmelden("agent_sc3").get("/katalog/SC%203.003-Pilot/").content.decode())
    assert {z[3] for z in pilot[1:]} == {PILOT}


def test_seite_der_fassung_nennt_den_geltungsbereich(anmelden: Anmelden) -> None:
    seite = html.unescape(anmelden("agent_sc3").get("/katalog/SC%203.003-Pilot/2020-03-23/").content.decode())
    assert f"Geltungsbereich: {PILOT} ·" in seite
    seite = html.unescape(anmelden("agent_sc3").get("/katalog/SC%203.307/2020-03-20/").content.decode())
    assert "Geltungsbereich: bundesweit (alle Standorte) ·" in seite
