"""Befund des Rundgangs QS (Dezember 2026): die QS-Quote eines einzigen Tages verriet der Teamleitung, die einen
Kontakt noch blind kalibrieren soll, die Urteile der Erstbewertung. Die QS-Seite zählt solche Kontakte für sie erst
nach ihrer Kalibrierung (qs.queries.quoten, `blind_fuer`); die Anlage 7 zeigt dieselben Quoten je Regel — auf der
Seite, im CSV und in der API — und hält sie ebenso zurück."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kundenportal.fuehrung.anlage7 import _qs_quoten
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import Zeitraum
from kundenportal.qs.models import Bewertung

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag(db: Any) -> dt.date:
    """Der Tag des Kontakts, den demo-teamleitung-3 noch blind kalibrieren soll (2 von 3 Teamleitungen)."""
    demo_kontakte_anlegen(anzahl=300)
    dritter = list(Bewertung.objects.filter(stichprobe__user__username="demo-teamleitung").order_by("nummer"))[2]
    assert dritter.kalibrierungen.count() == 1
    return timezone.localdate(dritter.kontakt.abgeschlossen)


def test_anlage7_haelt_die_quote_in_laufender_kalibrierung_zurueck(tag: dt.date) -> None:
    """Die Quoten je Kriterium, aus denen die Anlage 7 ihre QS-Spalten nimmt (Seite, CSV, API)."""
    nutzer = get_user_model().objects
    z = Zeitraum(tag, tag, standort="Nürnberg")
    sehend = _qs_quoten(z, ["sc3"], nutzer.get(username="demo-teamleitung"))
    blind = _qs_quoten(z, ["sc3"], nutzer.get(username="demo-teamleitung-3"))
    assert sum(b for _, b in sehend.values()) > sum(b for _, b in blind.values())


def test_seite_und_api_der_anlage7_geben_die_teamleitung_weiter(tag: dt.date, client: Client,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from kundenportal.fuehrung import anlage7 as modul

    gesehen: list[Any] = []
    echt = modul._qs_quoten
    monkeypatch.setattr(modul, "_qs_quoten", lambda z, k=None, b=None: gesehen.append(b) or echt(z, k, b))
    anmeldung = {"username": "demo-teamleitung-3", "password": "demo-teamleitung-3"}
    assert client.post("/anmelden/", anmeldung).status_code == 302
    zeitraum = {"von": "01.02.2020", "bis": "30.04.2020"}
    assert client.get("/fuehrung/anlage-7/", zeitraum).status_code == 200
    assert client.get("/fuehrung/anlage-7/", {**zeitraum, "format": "csv"}).status_code == 200
    assert client.get("/api/fuehrung/anlage7", {"von": "2020-02-01", "bis": "2020-04-30"}).status_code == 200
    assert [getattr(b, "username", None) for b in gesehen] == ["demo-teamleitung-3"] * 3
