"""Rundgang Teamleitung: „Zur Anlage 7“ auf der Anlage 5 (gefiltert auf Fürth, März 2020) führte auf den
Vorgabezeitraum der Anlage 7 (die letzten drei Monate bis heute) — eine leere Anlage 7 mit Nullen. Der Verweis
trägt jetzt den Zeitraum, den die Anlage 5 zeigt (Von, Bis, Standort, Gruppe, Zeit zur Weisung)."""

from __future__ import annotations

import html as html_modul
import re
from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _verweis(html: str) -> str:
    treffer = re.search(r'<a href="([^"]*)">Zur Anlage 7 \(Umsetzungsdialog\)[^<]*</a>', html)
    assert treffer is not None
    return html_modul.unescape(treffer.group(1))


def test_zur_anlage_7_mit_dem_zeitraum_der_anlage_5(anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", {"von": "01.03.2020", "bis": "31.03.2020",
                                              "standort": "Fürth"}).content.decode()
    ziel = _verweis(html)
    assert ziel == "/fuehrung/anlage-7/?von=01.03.2020&bis=31.03.2020&standort=F%C3%BCrth"
    assert "Zur Anlage 7 (Umsetzungsdialog) für diesen Zeitraum" in html
    anlage7 = client.get(ziel).content.decode()
    assert 'value="01.03.2020"' in anlage7 and 'value="31.03.2020"' in anlage7
    # ohne Eingaben: der Zeitraum, den die Anlage 5 dann zeigt (01.02.–30.04.2020)
    assert _verweis(client.get("/fuehrung/anlage-5/").content.decode()) == \
        "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020"


@pytest.mark.parametrize("seite", ["/fuehrung/anlage-5/", "/fuehrung/anlage-7/"])
def test_fehler_im_zeitraum_steht_am_feld_mit_fokus(anmelden: Callable[..., Client], seite: str) -> None:
    """Rundgang Teamleitung: nach „Bis vor Von“ blieb der Fokus auf der Seite, die Datumsfelder waren nicht als
    fehlerhaft markiert. Jetzt steht die Meldung an „Bis“ (aria-describedby) und der Fokus dort."""
    antwort = anmelden("teamleitung", standort="Nürnberg").get(seite, {"von": "30.04.2020", "bis": "01.02.2020"})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    feld = re.search(r'<input[^>]*name="bis"[^>]*>', html)
    assert feld is not None and "autofocus" in feld.group(0) and "_error" in feld.group(0)
    assert html.count("Das Ende (01.02.2020) liegt vor dem Beginn (30.04.2020).") == 2    # am Feld und im Hinweis


def test_teamleitung_familienkasse_ohne_filter_der_pilotstandorte(anmelden: Callable[..., Client]) -> None:
    """Rundgang Teamleitung: die Teamleitung Familienkasse bekam den Filter „Pilot Weiterbildungsberatung“ — ein
    Begriff des SGB III. Die Teamleitung SGB III behält ihn."""
    fk = anmelden("teamleitung_fk", standort="Nürnberg").get("/fuehrung/anlage-7/").content.decode()
    assert 'name="gruppe"' not in fk and 'name="von"' in fk
    sgb3 = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/").content.decode()
    assert 'name="gruppe"' in sgb3


def test_zur_anlage_5_mit_dem_zeitraum_der_anlage_7(anmelden: Callable[..., Client]) -> None:
    html = anmelden("teamleitung", standort="Nürnberg").get(
        "/fuehrung/anlage-7/", {"von": "01.03.2020", "bis": "31.03.2020", "standort": "Fürth"}).content.decode()
    treffer = re.search(r'<a href="([^"]*)">Zur Anlage 5 \(Steuerungsübersicht\) für diesen Zeitraum</a>', html)
    assert treffer is not None
    assert html_modul.unescape(treffer.group(1)) == "/fuehrung/anlage-5/?von=01.03.2020&bis=31.03.2020&standort=F%C3%BCrth"
