"""Die Seite der Anmeldesperre nennt ihr Ende — mit dem Tag, wenn er nicht heute ist: „bis 20:44 Uhr“ allein führte
in die Irre, wenn die Sperre über Mitternacht läuft („bis morgen, 00:14 Uhr“) oder die Sperrdauer lang ist
(„bis 12.03.2030, 23:59 Uhr“). Mit fester Uhr (zeit.echt) und festen Zeiten der Fehlversuche (axes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

from kundenportal import zeit
from kundenportal.konten.drosselung import bis_wann

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2030, 3, 10, 23, 50, tzinfo=zeit.BERLIN)     # in der Zukunft: axes sieht die Sperre als frisch


def test_bis_wann() -> None:
    assert bis_wann(dt.datetime(2030, 3, 10, 23, 59, tzinfo=zeit.BERLIN), JETZT) == "bis 23:59 Uhr"
    assert bis_wann(dt.datetime(2030, 3, 11, 0, 14, tzinfo=zeit.BERLIN), JETZT) == "bis morgen, 00:14 Uhr"
    assert bis_wann(dt.datetime(2030, 3, 12, 0, 14, tzinfo=zeit.BERLIN), JETZT) == "bis 12.03.2030, 00:14 Uhr"
    # Berliner Tag, nicht UTC: 23:30 UTC am 10.03. ist 00:30 am 11.03. in Berlin
    assert bis_wann(dt.datetime(2030, 3, 10, 23, 30, tzinfo=dt.UTC), JETZT) == "bis morgen, 00:30 Uhr"
    assert bis_wann(dt.datetime(2030, 3, 11, 0, 5, tzinfo=zeit.BERLIN),
                    dt.datetime(2030, 3, 11, 0, 1, tzinfo=zeit.BERLIN)) == "bis 00:05 Uhr"


def _gesperrt(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, letzter: dt.datetime) -> str:
    benutzer("agent_sc3", "ziel")
    for i in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{i}").post("/anmelden/", {"username": "ziel", "password": "falsch"})
    AccessAttempt.objects.filter(username="ziel").update(attempt_time=letzter)
    monkeypatch.setattr(zeit, "echt", lambda: JETZT.astimezone(dt.UTC))
    antwort = Client(REMOTE_ADDR="10.0.1.1").post("/anmelden/", {"username": "ziel", "password": "geheim-123"})
    assert antwort.status_code == 429
    return " ".join(antwort.content.decode().split())


def test_sperre_heute_nur_mit_uhrzeit(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _gesperrt(benutzer, monkeypatch, dt.datetime(2030, 3, 10, 23, 40, tzinfo=zeit.BERLIN))
    assert "ist die Anmeldung bis 23:55 Uhr gesperrt." in text


def test_sperre_ueber_mitternacht(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _gesperrt(benutzer, monkeypatch, dt.datetime(2030, 3, 10, 23, 59, tzinfo=zeit.BERLIN))
    assert "ist die Anmeldung bis morgen, 00:14 Uhr gesperrt." in text


def test_lange_sperrdauer_mit_datum(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch,
                                    settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = dt.timedelta(days=2)
    text = _gesperrt(benutzer, monkeypatch, dt.datetime(2030, 3, 10, 23, 59, tzinfo=zeit.BERLIN))
    assert "ist die Anmeldung bis 12.03.2030, 23:59 Uhr gesperrt." in text


def test_ohne_sperrdauer_wie_bisher(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch,
                                    settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = None
    text = _gesperrt(benutzer, monkeypatch, dt.datetime(2030, 3, 10, 23, 59, tzinfo=zeit.BERLIN))
    assert "ist die Anmeldung für einige Minuten gesperrt." in text
