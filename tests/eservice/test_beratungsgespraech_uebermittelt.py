"""Befund aus dem Rundgang als Kundin: nach dem Absenden sagte die Kundenseite nicht, WANN die Angaben zum
Beratungsgespräch übermittelt wurden. Jetzt überall, wo der übermittelte Stand zu sehen ist — deutsch, in
Europe/Berlin, und nach einer Änderung der letzte Zeitpunkt."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import Client

from kundenportal import zeit
from kundenportal.eservice.models import KundenKonto
from kundenportal.eservice.queries import beratungsgespraech_uebermittelt
from kundenportal.eservice.services import UEBERNOMMEN, beratungsgespraech_uebermitteln

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
ANGABEN = {"fuehrerscheine": ["B"], "stellengesuch": "Lagerlogistik"}
SEITEN = ("/kunde/", "/kunde/beratungsgespraech/")


def _absenden(client: Client, angaben: dict[str, object], um: dt.datetime, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(zeit, "jetzt", lambda: um)
    client.post("/kunde/beratungsgespraech/", angaben)
    antwort = client.post("/kunde/beratungsgespraech/pruefen/")
    assert antwort["Location"] == "/kunde/beratungsgespraech/bestaetigung/"
    return client.get(antwort["Location"]).content.decode()


def test_vor_dem_ersten_absenden_kein_zeitpunkt(angemeldet: Client, kunde: str) -> None:
    assert beratungsgespraech_uebermittelt(kunde) is None
    for adresse in SEITEN:
        seite = angemeldet.get(adresse).content.decode()
        assert 'id="uebermittelt"' not in seite and "übermittelt am" not in seite.lower()
    assert "Beratungsgespräch vorbereiten</span></a>" in angemeldet.get("/kunde/").content.decode()


def test_bestaetigung_uebersicht_und_formular_nennen_den_zeitpunkt(angemeldet: Client, kunde: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bestaetigung = _absenden(angemeldet, ANGABEN, dt.datetime(2020, 4, 1, 14, 5, 9, tzinfo=BERLIN), monkeypatch)
    zeitpunkt = '<time datetime="2020-04-01T14:05:09+02:00">01.04.2020 um 14:05 Uhr</time>'
    assert f'<p class="kern-body" id="uebermittelt">Übermittelt am {zeitpunkt}.</p>' in bestaetigung
    uebersicht = angemeldet.get("/kunde/").content.decode()
    assert f"<strong>Ihre Angaben sind übermittelt</strong> – zuletzt am {zeitpunkt}." in uebersicht
    assert "Angaben ansehen oder ändern" in uebersicht
    formular = angemeldet.get("/kunde/beratungsgespraech/").content.decode()
    assert f'<span class="kern-title">Zuletzt übermittelt am {zeitpunkt}</span>' in formular
    assert "Lagerlogistik</textarea>" in formular                  # vorbelegt mit den gespeicherten Angaben
    angemeldet.post("/kunde/beratungsgespraech/", {**ANGABEN, "stellengesuch": "Lager"})
    pruefen = angemeldet.get("/kunde/beratungsgespraech/pruefen/").content.decode()
    assert f"Sie ersetzen damit Ihre Angaben, die Sie zuletzt am {zeitpunkt} übermittelt haben." in pruefen


def test_nach_einer_aenderung_der_letzte_zeitpunkt(angemeldet: Client, kunde: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _absenden(angemeldet, ANGABEN, dt.datetime(2020, 4, 1, 9, 0, tzinfo=BERLIN), monkeypatch)
    zweite = _absenden(angemeldet, {**ANGABEN, "fahrzeuge": ["pkw"]}, dt.datetime(2020, 4, 2, 16, 30, tzinfo=BERLIN),
                       monkeypatch)
    assert "Übermittelt am <time datetime=\"2020-04-02T16:30:00+02:00\">02.04.2020 um 16:30 Uhr</time>." in zweite
    for adresse in SEITEN:
        seite = angemeldet.get(adresse).content.decode()
        assert "02.04.2020 um 16:30 Uhr" in seite and "01.04.2020" not in seite
    assert beratungsgespraech_uebermittelt(kunde) == dt.datetime(2020, 4, 2, 16, 30, tzinfo=BERLIN)


def test_nicht_uebernommene_angaben_setzen_keinen_zeitpunkt(kunde_anlegen: Any, stichtag: None) -> None:
    """Endet der Leitfaden, ohne die Angaben zu übernehmen (Online-ASU offen), bleibt der Zeitpunkt leer."""
    offen = kunde_anlegen("955A100003", online_asu="offen")
    angaben = {"fuehrerscheine": ["B"], "fahrzeuge": [], "sprachkenntnisse": [], "freie_angaben": "",
               "stellengesuch": "Lager"}
    assert beratungsgespraech_uebermitteln(offen, angaben) != UEBERNOMMEN
    assert beratungsgespraech_uebermittelt(offen) is None
    assert KundenKonto.objects.get(kundennummer=offen).beratungsgespraech_uebermittelt is None


@pytest.mark.parametrize(("utc", "lesbar"), [
    (dt.datetime(2026, 12, 7, 13, 5, tzinfo=dt.UTC), "07.12.2026 um 14:05 Uhr"),     # Winterzeit, MEZ
    (dt.datetime(2026, 7, 7, 12, 5, tzinfo=dt.UTC), "07.07.2026 um 14:05 Uhr"),      # Sommerzeit, MESZ
    (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "01.01.2027 um 00:30 Uhr"),   # in Berlin schon das neue Jahr
])
def test_zeitpunkt_in_berliner_zeit_und_deutschem_format(utc: dt.datetime, lesbar: str) -> None:
    html = Template("{% load kunde %}{% am_um t %}").render(Context({"t": utc}))
    assert html.endswith(f">{lesbar}</time>") and html.startswith('<time datetime="')
    assert Template("{% load kunde %}[{% am_um t %}]").render(Context({"t": None})) == "[]"
