"""Rundgang Teamleitung: eine von Hand geänderte Adresse `/qs/?tage=abc` (oder -5, 99999) zeigte still die letzten
30 Tage. Jetzt sagt die Seite, welche Zeiträume es gibt und was sie zeigt; die wählbaren bleiben, wie sie sind."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
MELDUNG = "Tagen gibt es hier nicht (wählbar: 7, 30, 90, 365 Tage). Gezeigt werden die letzten 30 Tage."


@pytest.mark.parametrize("tage", ["abc", "-5", "99999", "31", "9" * 500])
def test_unbekannter_zeitraum_wird_gesagt(anmelden: Callable[..., Client], tage: str) -> None:
    antwort = anmelden("teamleitung").get("/qs/", {"tage": tage})
    html = antwort.content.decode()
    assert antwort.status_code == 200 and MELDUNG in html
    assert f"Einen Zeitraum von „{tage[:20]}“" in html


@pytest.mark.parametrize("tage", ["7", "90", "365", ""])
def test_waehlbare_zeitraeume_ohne_meldung(anmelden: Callable[..., Client], tage: str) -> None:
    antwort = anmelden("teamleitung").get("/qs/", {"tage": tage} if tage else {})
    assert antwort.status_code == 200 and MELDUNG not in antwort.content.decode()
