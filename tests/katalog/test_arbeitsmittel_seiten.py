"""Katalogseiten der Arbeitsmittel (domain.md A12): Liste je Art, Suche, Fassung, Vergleich mit der
Vorgängerin; Aufgabensteckbriefe neben dem Leitfaden der Eingangszone."""

from __future__ import annotations

from tests.fixtures_katalog import Anmelden


def test_liste_zeigt_jede_art(anmelden: Anmelden) -> None:
    html = anmelden("agent_ez").get("/arbeitsmittel/").content.decode()
    for ueberschrift in ("Aufgabensteckbriefe", "QS-Anlagen", "Führungsprozess-Anlagen"):
        assert f">{ueberschrift}</h2>" in html
    assert 'href="/arbeitsmittel/qs_anlage/2.2.1/"' in html
    assert 'href="/arbeitsmittel/aufgabensteckbrief/ez-01/"' in html


def test_suche_findet_nach_regel_und_inhalt(anmelden: Anmelden) -> None:
    client = anmelden("teamleitung")
    html = client.get("/arbeitsmittel/", {"q": "Wartefeld"}).content.decode()
    assert 'href="/arbeitsmittel/qs_anlage/2.2.1/"' in html
    assert 'href="/arbeitsmittel/aufgabensteckbrief/ez-01/"' not in html
    leer = client.get("/arbeitsmittel/", {"q": "Quantencomputer"}).content.decode()
    assert "Kein Aufgabensteckbriefe-Treffer für „Quantencomputer“" in leer


def test_fassung_mit_vorgaengerin_und_vergleich(anmelden: Anmelden) -> None:
    client = anmelden("teamleitung")
    html = client.get("/arbeitsmittel/qs_anlage/2.2.1/").content.decode()
    assert "Stand</dt><dd>20.03.2020" in html
    assert "?alt=2019-12-20&amp;neu=2020-03-20" in html
    alt = client.get("/arbeitsmittel/qs_anlage/2.2.1/", {"stand": "2019-12-20"}).content.decode()
    assert "Stand</dt><dd>20.12.2019" in alt and "Betriebsnummern-Service" not in alt
    diff = client.get("/arbeitsmittel/qs_anlage/2.2.1/diff/", {"alt": "2019-12-20", "neu": "2020-03-20"})
    text = diff.content.decode()
    assert diff.status_code == 200
    assert "Kriterium a5_bns" in text and ">neu<" in text


def test_unbekanntes_arbeitsmittel_und_falscher_stand_sind_404(anmelden: Anmelden) -> None:
    client = anmelden("teamleitung")
    assert client.get("/arbeitsmittel/qs_anlage/9.9.9/").status_code == 404
    assert client.get("/arbeitsmittel/qs_anlage/2.2.1/diff/", {"alt": "gestern", "neu": "2020-03-20"}).status_code == 404


def test_steckbrief_neben_dem_leitfaden_der_eingangszone(anmelden: Anmelden) -> None:
    html = anmelden("agent_ez").get("/katalog/EZ%201.003/").content.decode()
    assert "Aufgabensteckbriefe zu diesem Leitfaden" in html
    assert 'href="/arbeitsmittel/aufgabensteckbrief/ez-01/"' in html
    steckbrief = anmelden("agent_ez").get("/arbeitsmittel/aufgabensteckbrief/ez-01/").content.decode()
    assert "Termin im ATV mit der Funktion „abgesagt“ kennzeichnen (nie löschen)" in steckbrief
    assert "Richtzeit (Minuten)" in steckbrief and "Erledigt die Eingangszone selbst" in steckbrief
