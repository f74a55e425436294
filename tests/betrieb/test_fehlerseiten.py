"""Fehlerseiten je Hülle (betrieb/fehlerseiten.py): eine Anfrage über DATA_UPLOAD_MAX_MEMORY_SIZE heißt im
Arbeitsplatz „Eingabe zu groß“ (413, deutsch, in der App-Hülle, ohne Traceback); andere ungültige Anfragen bleiben
„Ungültige Anfrage“ (400), die Kundenseite behält ihre eigene Seite."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.test import RequestFactory

from kundenportal.betrieb.fehlerseiten import megabyte, ungueltige_anfrage

pytestmark = pytest.mark.django_db


def test_megabyte_deutsch_und_knapp_darueber_nie_gleich_der_grenze() -> None:
    assert megabyte(2_621_440) == "2,5 MB"
    assert megabyte(2_621_441) == "2,6 MB"
    assert megabyte(3 * 1024 * 1024) == "3,0 MB"
    assert megabyte(0) == "0,0 MB"


def test_zu_gross_im_arbeitsplatz_ist_413_mit_groesse_und_grenze(rf: RequestFactory) -> None:
    anfrage = rf.post("/redaktion/entwuerfe/1/", data=b"x", content_type="application/x-www-form-urlencoded",
                      CONTENT_LENGTH=str(4 * 1024 * 1024))
    anfrage.user = AnonymousUser()
    antwort = ungueltige_anfrage(anfrage, RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."))
    html = antwort.content.decode()
    assert antwort.status_code == 413
    assert "Die Eingabe ist zu groß (4,0 MB, erlaubt sind 2,5 MB)" in html
    assert "Ihr Text ist nicht gespeichert; er steht noch im Browser:" in html
    assert "<title>Eingabe zu groß (Fehler 413) – Kundenportal</title>" in html
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in html and "Traceback" not in html


def test_andere_ungueltige_anfrage_bleibt_400(rf: RequestFactory) -> None:
    anfrage = rf.get("/redaktion/")
    anfrage.user = AnonymousUser()
    antwort = ungueltige_anfrage(anfrage, SuspiciousOperation("Host ungültig"))
    assert antwort.status_code == 400 and "Ungültige Anfrage" in antwort.content.decode()


def test_kundenseite_behaelt_ihre_seite(rf: RequestFactory) -> None:
    anfrage = rf.post("/kunde/", data=b"x", content_type="application/x-www-form-urlencoded",
                      CONTENT_LENGTH=str(4 * 1024 * 1024))
    anfrage.user = AnonymousUser()
    antwort = ungueltige_anfrage(anfrage, RequestDataTooBig("zu groß"))
    assert antwort.status_code == 400 and "für Beschäftigte" not in antwort.content.decode()
