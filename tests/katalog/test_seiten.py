"""Katalogseiten: für alle Angemeldeten, Filter, Fassung mit Schrittgraph, Diff, Weisung."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.test import Client

from tests.fixtures_katalog import Anmelden

SEITEN = ["/katalog/", "/katalog/SC%203.307/", "/katalog/SC%203.307/2020-03-20/",
          "/katalog/SC%203.307/diff/?alt=2019-12-20&neu=2020-03-20", "/weisungen/202003006/", "/suche/?q=Termin"]


def _ids(html: str) -> set[str]:
    """Die Leitfäden, auf deren Seite die Liste verweist."""
    return {unquote(lid) for lid in re.findall(r'href="/katalog/([^/"]+)/"', html)}


@pytest.mark.django_db
@pytest.mark.parametrize("adresse", SEITEN)
def test_ohne_anmeldung_geht_es_zur_anmeldung(client: Client, adresse: str) -> None:
    antwort = client.get(adresse)
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/")


@pytest.mark.parametrize("rolle", ["agent_ez", "agent_sc3", "agent_scfk", "agent_emb", "os_algplus",
                                   "fk_direktion", "teamleitung", "redaktion", "administration"])
def test_jede_rolle_sieht_die_katalogseiten(anmelden: Anmelden, rolle: str) -> None:
    client = anmelden(rolle)
    for adresse in SEITEN:
        assert client.get(adresse).status_code == 200, adresse


def test_liste_ohne_filter_zeigt_alle_leitfaeden_und_bausteine(anmelden: Anmelden) -> None:
    for rolle in ("redaktion", "teamleitung"):        # ohne eigenen Kanal: alles
        html = anmelden(rolle).get("/katalog/").content.decode()
        assert _ids(html) >= {"SC 3.003", "SC 3.003-Pilot", "SC 3.307", "BS Terminabsage"}, rolle
        assert 'id="kanal-vorgabe"' not in html
    alle = anmelden("agent_sc3").get("/katalog/", {"kanal": ""}).content.decode()   # „Kanal: alle“ gewählt
    assert _ids(alle) >= {"SC 3.003", "SC 3.307", "BS Terminabsage"} and 'id="kanal-vorgabe"' not in alle


def test_liste_ohne_filter_zeigt_agenten_ihren_kanal(anmelden: Anmelden) -> None:
    """Die Familienkasse sieht zuerst ihre Leitfäden, nicht die des SGB III; das Feld „Kanal“ steht auf ihrem
    Kanal, und ein Satz sagt, wie man alle sieht."""
    fk = anmelden("agent_scfk").get("/katalog/").content.decode()
    ids = _ids(fk)
    assert ids and all(i.startswith(("FK", "BS")) for i in ids), ids
    assert "SC 3.307" not in ids
    assert "Gezeigt sind die Leitfäden Ihres Kanals (Service Center Familienkasse)" in fk
    assert re.search(r'<option value="scfk" selected>', fk)
    sc3 = _ids(anmelden("agent_sc3").get("/katalog/").content.decode())
    assert "SC 3.307" in sc3 and not any(i.startswith("FK") for i in sc3)


def test_filter_nach_gueltigkeit_am_datum_und_standort(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    januar = client.get("/katalog/", {"datum": "2020-01-15"}).content.decode()
    assert "SC 3.307" in _ids(januar) and "BS Terminabsage" not in _ids(januar)   # erst ab 20.03.2020
    fuerth = client.get("/katalog/", {"datum": "2020-03-25", "standort": "Fürth"}).content.decode()
    assert {"SC 3.003-Pilot", "SC 3.307"} <= _ids(fuerth) and "SC 3.003" not in _ids(fuerth)
    nuernberg = client.get("/katalog/", {"datum": "2020-03-25", "standort": "Nürnberg"}).content.decode()
    assert "SC 3.003" in _ids(nuernberg) and "SC 3.003-Pilot" not in _ids(nuernberg)


def test_filter_nach_kanal_und_weisung(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    assert "SC 3.307" not in _ids(client.get("/katalog/", {"kanal": "emb"}).content.decode())
    assert "BS Terminabsage" in _ids(client.get("/katalog/", {"kanal": "emb"}).content.decode())
    alt = _ids(client.get("/katalog/", {"weisung": "201912024"}).content.decode())
    assert {"SC 3.307", "SC 3.001b"} <= alt and "BS Terminabsage" not in alt   # SC 3.001b hat eine Vorgängerin (A2)


def test_ungueltiger_filter_zeigt_den_fehler_statt_abzustuerzen(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").get("/katalog/", {"datum": "gestern", "kanal": "fax"})
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Bitte ein gültiges Datum eingeben." in html
    assert "Kein Leitfaden passt zu den Filtern." in html


def test_leitfaden_zeigt_fassungen_und_verweist_auf_den_diff(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3").get("/katalog/SC%203.307/").content.decode()
    assert "Insolvenzgeld beantragen" in html
    assert "/katalog/SC%203.307/diff/?alt=2019-12-20&amp;neu=2020-03-20" in html


def test_fassung_zeichnet_den_schrittgraph_als_svg_mit_textliste(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3").get("/katalog/SC%203.003/2020-03-20/").content.decode()
    # role="group": der Graph enthält Links zu den Schritten (ein role="img" darf nichts Bedienbares enthalten)
    assert '<svg role="group" aria-labelledby="graph-titel graph-beschreibung"' in html
    assert 'marker-end="url(#pfeil)"' in html
    assert '<li id="schritt-identitaet">' in html
    assert '<code>ja</code> → <a href="#schritt-anliegen">anliegen</a>' in html
    assert 'Bindet <a href="/katalog/BS%20Terminabsage/">BS Terminabsage</a> ein.' in html


def test_diff_zeigt_neue_und_entfallene_schritte(anmelden: Anmelden) -> None:
    html = anmelden("agent_sc3").get("/katalog/SC%203.307/diff/",
                                     {"alt": "2019-12-20", "neu": "2020-03-20"}).content.decode()
    assert "+ neu: Schritt erhoehung (Frage)" in html
    assert "− entfällt: Schritt konto" in html
    # Rundgang Redaktion: Felder und Arten wie in der Redaktion beschriftet, keine Feldnamen
    assert "<td class=\"kern-table__cell\">Gültig ab</td>" in html and ">gueltig_ab<" not in html
    assert "(pruefung)" not in html and "(einbinden)" not in html


def test_weisung_zeigt_aenderungsuebersicht_und_regelspur(anmelden: Anmelden) -> None:
    html = anmelden("redaktion").get("/weisungen/202003006/").content.decode()
    assert "Änderungsübersicht" in html and "Regelspur" in html
    spur = html.split('id="regelspur"')[1]
    # lesbar: Schritte mit ihrer Frage und einem Link zum Schritt, Szenarien mit Titel — keine Kennungen
    assert "Identität des Anrufers" in spur or "Identität" in spur
    assert re.search(r'href="/katalog/[^"]+/\d{4}-\d{2}-\d{2}/#schritt-[a-z0-9_]+"', spur)
    assert "Szenarien belegen die Regel</summary>" in spur
    assert not re.search(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*</a>", spur), "Schrittkennung als Linktext"
    assert "/katalog/SC%203.307/diff/?alt=2019-12-20&amp;neu=2020-03-20" in html


def test_regelspur_nennt_punkt_ohne_schritt_mit_begruendung(anmelden: Anmelden, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ein Punkt, den die Weisung mit Begründung als „kein Schritt nötig“ führt (ohne_schritt), heißt auch auf der
    Seite der Weisung so — nicht „noch keinem Schritt zugeordnet“ (wie Regelspur der Redaktion und CLI)."""
    import copy

    from kundenportal.katalog import queries
    from kundenportal.leitfaden.katalog import Regel

    k = copy.copy(queries.katalog())
    w = copy.copy(k.weisungen["202003006"])
    w.regeln = [*w.regeln, Regel("2.3", "Meldung an die Regionaldirektion", (), ohne_schritt="Berichtspflicht, "
                                                                              "kein Teil des Gesprächs")]
    k.weisungen = {**k.weisungen, "202003006": w}
    monkeypatch.setattr(queries, "katalog", lambda: k)
    spur = queries.regelspur("202003006")
    assert spur[-1].ohne_schritt == "Berichtspflicht, kein Teil des Gesprächs" and spur[0].ohne_schritt == ""
    html = anmelden("redaktion").get("/weisungen/202003006/").content.decode()
    teil = html.split('id="regelspur"')[1]
    assert "Kein Schritt nötig: Berichtspflicht, kein Teil des Gesprächs" in teil
    assert "noch keinem Schritt zugeordnet" not in teil


@pytest.mark.parametrize("adresse", ["/katalog/SC%209.999/", "/katalog/SC%203.307/2021-01-01/",
                                     "/katalog/SC%203.307/kein-datum/", "/katalog/SC%203.307/diff/?alt=2019-12-20",
                                     "/weisungen/1/"])
def test_unbekanntes_gibt_404(anmelden: Anmelden, adresse: str) -> None:
    assert anmelden("agent_sc3").get(adresse).status_code == 404


def test_abgeloest_ab_ohne_eingetragenes_gueltig_bis() -> None:
    """Rundgang Redaktion: nach der Freigabe einer neuen Fassung (ab 15.12.2026) stand die bisherige im Katalog als
    „Gültig bis unbefristet“. Die Tabelle nennt jetzt die ablösende Fassung mit demselben Geltungsbereich; eine
    Standortvariante löst die bundesweite nicht ab, ein eingetragenes „Gültig bis“ bleibt."""
    import datetime as dt
    from types import SimpleNamespace

    from kundenportal.katalog.views import _abgeloest_von

    def f(ab: str, bis: str | None = None, bereich: object = None) -> SimpleNamespace:
        return SimpleNamespace(gueltig_ab=dt.date.fromisoformat(ab), stand=dt.date.fromisoformat(ab),
                               gueltig_bis=dt.date.fromisoformat(bis) if bis else None,
                               daten=SimpleNamespace(geltungsbereich=bereich))

    alt, variante, neu = f("2020-03-20"), f("2026-12-10", bereich={"agenturen": ["Fürth"]}), f("2026-12-15")
    fassungen = [alt, variante, neu]
    assert _abgeloest_von(fassungen, alt) is neu
    assert _abgeloest_von(fassungen, variante) is None and _abgeloest_von(fassungen, neu) is None
    befristet = f("2020-01-01", bis="2020-03-19")
    assert _abgeloest_von([befristet, alt], befristet) is None
