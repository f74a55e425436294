"""Anfragekennung im Protokoll (Rundgang Betrieb 07.12.): eine vorgegebene `X-Request-ID` mit einer Kundennummer
stand unmaskiert im Feld `anfrage` jeder Zeile; die Zeile von `django.request` zu einer 404 trug `"anfrage": "-"`
statt der Kennung, nach der docs/betrieb.md („Störungen“) suchen lässt."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from kundenportal.conf.protokoll import JsonFormat


class _Zeilen(logging.Handler):
    """Formatiert beim Schreiben, wie der Handler `konsole` — die Anfragekennung gilt nur während der Anfrage."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormat())
        self.zeilen: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.zeilen.append(json.loads(self.format(record)))


@pytest.fixture
def protokoll() -> Iterator[list[dict[str, object]]]:
    handler, wurzel = _Zeilen(), logging.getLogger()
    stufe = wurzel.level
    wurzel.addHandler(handler)
    wurzel.setLevel(logging.INFO)
    try:
        yield handler.zeilen
    finally:
        wurzel.removeHandler(handler)
        wurzel.setLevel(stufe)


@pytest.mark.django_db
@pytest.mark.parametrize("vorgabe", ["lb-955D100001", "955d100001", "op.955T000001.x"])
def test_anfragekennung_mit_kundennummer_wird_neu_erzeugt(client: Client, protokoll: list[dict[str, object]],
                                                          vorgabe: str) -> None:
    antwort = client.get("/anmelden/", HTTP_X_REQUEST_ID=vorgabe)
    kennung = antwort["X-Request-ID"]
    assert kennung != vorgabe and len(kennung) == 32
    zeilen = protokoll
    assert any(z["logger"] == "kundenportal.anfrage" and z["anfrage"] == kennung for z in zeilen), zeilen
    assert vorgabe.lower() not in json.dumps(zeilen).lower()


@pytest.mark.django_db
def test_anfragekennung_ohne_kundennummer_bleibt(client: Client) -> None:
    assert client.get("/anmelden/", HTTP_X_REQUEST_ID="lb-4711.a_b")["X-Request-ID"] == "lb-4711.a_b"


@pytest.mark.django_db
def test_zeile_zur_404_traegt_die_anfragekennung(client: Client, protokoll: list[dict[str, object]]) -> None:
    antwort = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="lb-404")
    assert antwort.status_code == 404
    zeilen = [z for z in protokoll if z["logger"] == "django.request"]
    assert [(z["meldung"], z["anfrage"]) for z in zeilen] == [("Not Found: /gibt-es-nicht/", "lb-404")]
