"""Maßnahmen der Anlage 7 lassen sich ändern (bisher nur festhalten und entfernen: ein Tippfehler hieß entfernen und
neu festhalten, Datum und Verfasser gingen verloren). Ändern darf, wer entfernen darf — die Teamleitung des Standorts
der Maßnahme, zu einer Regel ihrer Kanäle; eine fremde (die die Anlage 7 ohne Knöpfe zeigt) beantwortet sie wie das Entfernen mit 403 und dem Grund. Der
Text wird geprüft wie beim Festhalten; wer sie festgehalten hat, bleibt, wer sie geändert hat, kommt dazu; das
Protokoll nennt wer und welche Regel, nicht den Text."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung import services
from kundenportal.fuehrung.models import Massnahme

pytestmark = pytest.mark.django_db
SEITE = "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020"
JETZT = dt.datetime(2020, 4, 1, 9, tzinfo=dt.UTC)
SPAETER = dt.datetime(2020, 4, 3, 14, tzinfo=dt.UTC)
ABHILFE = "Die Maßnahme beschreibt, was das Team tut, nicht den einzelnen Fall."
NICHT_GEFUNDEN = "Unter dieser Adresse gibt es keine Seite."     # die Seite 404, wie für eine unbekannte


def _massnahme(user: Any, regel: str = "2.2 a) 2", text: str = "Im Team üben, Termine im ATV abzusagen") -> Massnahme:
    return services.massnahme_festhalten(user, weisung="202003006", regel=regel, text=text, jetzt=JETZT)


def _client(user: Any, csrf: bool = False) -> Client:
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(user)
    return c


def _url(m: Massnahme | int) -> str:
    return f"/fuehrung/anlage-7/massnahme/{m if isinstance(m, int) else m.pk}/aendern/"


# Dienst


def test_geaenderter_text_behaelt_verfasser_und_datum_und_nennt_wer_geaendert_hat(
        benutzer: Callable[..., Any], caplog: pytest.LogCaptureFixture) -> None:
    verfasser, tl = benutzer("teamleitung", "tl-verfasser"), benutzer("teamleitung", "tl-nbg")
    m = _massnahme(verfasser, text="Im Taem üben")
    with caplog.at_level(logging.INFO, logger="kundenportal.fuehrung"):
        neu, geaendert = services.massnahme_aendern(tl, m.pk, text="  Im Team üben  ", jetzt=SPAETER)
    assert geaendert
    m.refresh_from_db()
    assert (m.text, m.user, m.erstellt, m.geaendert_von, m.geaendert) == ("Im Team üben", verfasser, JETZT, tl, SPAETER)
    assert (m.regel, m.standort, m.weisung) == ("2.2 a) 2", "Nürnberg", "202003006") and neu.pk == m.pk
    zeilen = [r.getMessage() for r in caplog.records if r.name == "kundenportal.fuehrung"]
    assert zeilen == [f"Maßnahme geändert: benutzer={tl.pk} weisung=202003006 regel=2.2 a) 2 standort=Nürnberg"]
    assert "Team üben" not in caplog.text


def test_derselbe_text_aendert_nichts(benutzer: Callable[..., Any], caplog: pytest.LogCaptureFixture) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    with caplog.at_level(logging.INFO, logger="kundenportal.fuehrung"):
        _, geaendert = services.massnahme_aendern(tl, m.pk, text=m.text + " ", jetzt=SPAETER)
    assert not geaendert and not caplog.records
    m.refresh_from_db()
    assert m.geaendert is None and m.geaendert_von is None


@pytest.mark.parametrize(("text", "meldung"), [
    ("", "Bitte beschreiben Sie die Maßnahme."),
    ("   ", "Bitte beschreiben Sie die Maßnahme."),
    ("x" * 501, "Die Maßnahme ist 501 Zeichen lang; erlaubt sind höchstens 500."),
    ("Im <b>Team</b> üben", "Die Maßnahme darf keine HTML-Auszeichnungen wie <b> enthalten; „<“ und „>“ allein sind "
                            "erlaubt."),
    ("Familie Demir zurückrufen", f"Bitte ohne Angaben zur Person: der Text enthält einen Namen mit Anrede. {ABHILFE}"),
    ("Herr Weber bekommt einen Termin", "Bitte ohne Angaben zur Person: der Text enthält einen Namen mit Anrede. "
                                        f"{ABHILFE}"),
])
def test_text_wird_geprueft_wie_beim_festhalten(benutzer: Callable[..., Any], text: str, meldung: str) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    with pytest.raises(services.TextFehler) as fehler:
        services.massnahme_aendern(tl, m.pk, text=text, jetzt=SPAETER)
    assert fehler.value.meldung == meldung
    with pytest.raises(services.TextFehler) as beim_festhalten:      # dieselbe Prüfung, dieselbe Meldung
        _massnahme(tl, text=text)
    assert beim_festhalten.value.meldung == meldung
    m.refresh_from_db()
    assert m.text == "Im Team üben, Termine im ATV abzusagen" and m.geaendert is None


def test_fremde_maßnahmen_aendert_der_dienst_nicht(benutzer: Callable[..., Any]) -> None:
    fuerth = _massnahme(benutzer("teamleitung", "tl-fuerth", standort="Fürth"))
    sgb3 = _massnahme(benutzer("teamleitung", "tl-nbg"))
    with pytest.raises(services.KeinZugriff, match="gehört zum Standort Fürth; ändern kann sie die Teamleitung dort"):
        services.massnahme_aendern(benutzer("teamleitung", "tl-nbg2"), fuerth.pk, text="Neu", jetzt=SPAETER)
    with pytest.raises(services.KeinZugriff, match=r"^Maßnahmen zur Regel 2\.2 a\) 2 hält die Teamleitung .* ändert"):
        services.massnahme_aendern(benutzer("teamleitung_fk", "tl-fk"), sgb3.pk, text="Neu", jetzt=SPAETER)
    with pytest.raises(services.NichtGefunden):
        services.massnahme_aendern(benutzer("teamleitung", "tl-nbg3"), 999999, text="Neu", jetzt=SPAETER)
    assert set(Massnahme.objects.values_list("text", flat=True)) == {"Im Team üben, Termine im ATV abzusagen"}


def test_familienkasse_aendert_ihre_eigene(benutzer: Callable[..., Any]) -> None:
    tl_fk = benutzer("teamleitung_fk", "tl-fk")
    m = _massnahme(tl_fk, regel="2.2 b) 6", text="Im Team üben")
    assert services.massnahme_aendern(tl_fk, m.pk, text="Im Team zweimal üben", jetzt=SPAETER)[1]


# Seiten


def test_aendern_von_der_anlage_bis_zurueck_mit_bestaetigung(benutzer: Callable[..., Any]) -> None:
    verfasser, tl = benutzer("teamleitung", "tl-verfasser"), benutzer("teamleitung", "tl-nbg")
    m = _massnahme(verfasser, text="Im Taem üben")
    c = _client(tl, csrf=True)
    anlage = c.get(SEITE).content.decode()
    verweis = f'href="{_url(m)}?zurueck=%2Ffuehrung%2Fanlage-7%2F%3Fvon%3D01.02.2020%26bis%3D30.04.2020"'
    assert verweis in anlage
    assert ">Ändern<span class=\"kern-sr-only\">: 1. Maßnahme zu 2.2 a) 2 vom 01.04.2020</span></a>" in anlage
    formular = c.get(_url(m), {"zurueck": SEITE})
    html = formular.content.decode()
    assert formular.status_code == 200 and "<title>Maßnahme zu 2.2 a) 2 ändern – Kundenportal</title>" in html
    assert 'value="Im Taem üben"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "am 01.04.2020 von tl-verfasser" in html
    assert f'<input type="hidden" name="zurueck" value="{SEITE.replace("&", "&amp;")}"' in html
    token = formular.cookies["csrftoken"].value
    antwort = c.post(_url(m), {"text": "Im Team üben", "zurueck": SEITE, "csrfmiddlewaretoken": token})
    assert antwort.status_code == 302 and antwort["Location"] == SEITE
    danach = c.get(SEITE).content.decode()
    assert "Maßnahme zu 2.2 a) 2 geändert." in danach
    assert "Im Team üben (Nürnberg, 01.04.2020, tl-verfasser; geändert am " in danach
    assert " von tl-nbg)" in danach and "Im Taem" not in danach


def test_ohne_csrf_wird_nichts_geaendert(benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    assert _client(tl, csrf=True).post(_url(m), {"text": "Neu"}).status_code == 403
    m.refresh_from_db()
    assert m.geaendert is None


def test_fehler_steht_am_feld_und_in_der_fehlerliste_mit_fokus(benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    antwort = _client(tl).post(_url(m), {"text": "Familie Demir anrufen", "zurueck": SEITE})
    html = antwort.content.decode()
    meldung = f"Bitte ohne Angaben zur Person: der Text enthält einen Namen mit Anrede. {ABHILFE}"
    assert antwort.status_code == 400 and "<title>Fehler: Maßnahme zu 2.2 a) 2 ändern" in html
    assert 'id="fehlerliste" autofocus' in html
    assert f'<a href="#id_text">Vereinbarte Maßnahme: {meldung}</a>' in html
    assert '<p class="kern-error" id="id_text_error">' in html and html.count(meldung) == 2
    assert 'aria-invalid="true"' in html and 'value="Familie Demir anrufen"' in html    # die Eingabe bleibt
    m.refresh_from_db()
    assert m.text == "Im Team üben, Termine im ATV abzusagen"


@pytest.mark.parametrize(("daten", "meldung"), [
    ({"text": ""}, "Bitte beschreiben Sie die Maßnahme."),
    ({}, "Bitte beschreiben Sie die Maßnahme."),
    ({"text": "y" * 600}, "Die Maßnahme ist 600 Zeichen lang; erlaubt sind höchstens 500."),
    ({"text": "Im Team\x00üben"}, "Nullzeichen sind nicht erlaubt."),
    ({"text": ["a", "b"], "zurueck": ["x", "y"], "unsinn": "1"}, None),
])
def test_unsinn_im_formular_ist_eine_meldung_nie_ein_serverfehler(
        benutzer: Callable[..., Any], daten: dict[str, Any], meldung: str | None) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    antwort = _client(tl).post(_url(m), daten)
    if meldung is None:      # ein Text (der letzte), ein fremdes Ziel: zurück auf die Anlage 7
        assert antwort.status_code == 302 and antwort["Location"] == "/fuehrung/anlage-7/"
        return
    assert antwort.status_code == 400 and meldung in antwort.content.decode()


def test_fremde_maßnahmen_403_mit_grund_unbekannte_404(benutzer: Callable[..., Any]) -> None:
    fuerth = _massnahme(benutzer("teamleitung", "tl-fuerth", standort="Fürth"))
    sgb3 = _massnahme(benutzer("teamleitung", "tl-nbg"))
    fremde = [(benutzer("teamleitung", "tl-nbg2"), fuerth, "gehört zum Standort Fürth; ändern kann sie die Teamleitung dort"),
              (benutzer("teamleitung_fk", "tl-fk"), sgb3, "Maßnahmen zur Regel 2.2 a) 2 hält die Teamleitung")]
    for user, m, grund in fremde:
        c = _client(user)
        assert c.get(SEITE).content.decode().count(f"massnahme/{m.pk}/aendern/") == 0     # kein Verweis daran
        for antwort in (c.get(_url(m)), c.post(_url(m), {"text": "Übernommen"})):
            assert antwort.status_code == 403 and grund in antwort.content.decode()
    c = _client(benutzer("teamleitung", "tl-nbg3"))
    for unbekannt in (999999, 2**70):
        antwort = c.get(_url(unbekannt))
        assert antwort.status_code == 404 and NICHT_GEFUNDEN in antwort.content.decode()
    for adresse in ("/fuehrung/anlage-7/massnahme/abc/aendern/", "/fuehrung/anlage-7/massnahme/-1/aendern/"):
        assert c.get(adresse).status_code == 404
    assert set(Massnahme.objects.values_list("text", flat=True)) == {"Im Team üben, Termine im ATV abzusagen"}


@pytest.mark.parametrize(("rolle", "status"), [("agent_sc3", 403), ("redaktion", 403), ("teamleitung", 404)])
def test_unbekannt_404_nur_fuer_die_teamleitung(benutzer: Callable[..., Any], rolle: str, status: int) -> None:
    c = _client(benutzer(rolle))
    assert c.get(_url(999999)).status_code == status and c.post(_url(999999)).status_code == status


def test_nur_get_und_post_und_kein_fremdes_ziel(benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl)
    c = _client(tl)
    assert c.delete(_url(m)).status_code == 405 and c.put(_url(m)).status_code == 405
    assert 'href="/fuehrung/anlage-7/">Zurück zur Anlage 7' in c.get(_url(m), {"zurueck": "https://example.org/"}
                                                                       ).content.decode()
    antwort = c.post(_url(m), {"text": "Im Team üben", "zurueck": "/verwaltung/"})
    assert antwort.status_code == 302 and antwort["Location"] == "/fuehrung/anlage-7/"


def test_ohne_standort_am_arbeitsplatz_403_mit_grund(benutzer: Callable[..., Any]) -> None:
    m = _massnahme(benutzer("teamleitung", "tl-nbg"))
    antwort = _client(benutzer("teamleitung", "tl-ohne", standort="")).get(_url(m))
    assert antwort.status_code == 403 and "Ihrem Arbeitsplatz ist kein Standort zugeordnet" in antwort.content.decode()
