"""Die Seite /suche/: live (htmx), nur Leitfäden der Kanäle der Rolle, Fassung des Standorts."""

from __future__ import annotations

from tests.fixtures_katalog import Anmelden


def test_agent_sc3_findet_insolvenzgeld(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3").get("/suche/", {"q": "Insolvenz", "datum": "2020-03-25"}).content.decode()
    assert "1 Treffer für „Insolvenz“" in html
    assert 'href="/katalog/SC%203.307/2020-03-20/' in html
    assert '<form role="search"' in html
    assert "(Stand 20.03.2020)" in html and "(SC 3.307, Stand" not in html      # die Nummer nicht zweimal


def test_htmx_anfrage_liefert_nur_die_trefferliste(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").get("/suche/", {"q": "Absage", "datum": "2020-03-25"}, HTTP_HX_REQUEST="true")
    html = antwort.content.decode()
    assert "<html" not in html
    assert 'class="treffer" href="/katalog/SC%203.003/2020-03-20/' in html


def test_am_pilotstandort_fuehrt_die_suche_zur_pilotvariante(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3", standort="Fürth").get("/suche/", {"q": "Termin absagen", "datum": "2020-03-25"})
    assert 'href="/katalog/SC%203.003-Pilot/2020-03-23/' in html.content.decode()   # Korrektur ab 23.03.2020 (A8)
    assert "(Variante SC 3.003-Pilot, Stand 23.03.2020)" in html.content.decode()


def test_andere_kanaele_finden_den_leitfaden_nicht(anmelden: Anmelden) -> None:
    for rolle in ("agent_scfk", "redaktion", "os_algplus"):
        html = anmelden(rolle).get("/suche/", {"q": "Insolvenz", "datum": "2020-03-25"}).content.decode()
        assert "0 Treffer für „Insolvenz“" in html, rolle
        assert "Kein Leitfaden passt." in html


def test_leere_suche_zeigt_nur_das_formular(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3").get("/suche/").content.decode()
    assert "Treffer für" not in html
    assert 'id="id_q"' in html
