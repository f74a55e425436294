"""`manage.py check --deploy` (ExecStartPre der Unit, --fail-level WARNING) meldet Schalter der Schulung, die im
Betrieb leer sein müssen (Rundgang Betrieb: Stichtag und Störungsmodus gingen ohne Meldung durch)."""

from __future__ import annotations

from typing import Any

import pytest

from kundenportal.betrieb.checks import schulungsschalter


def test_ohne_schulungsschalter_keine_meldung(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG, settings.FACHVERFAHREN_STOERUNG = "", []
    assert schulungsschalter() == []


def test_stichtag_und_stoerung_sind_warnungen(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG, settings.FACHVERFAHREN_STOERUNG = "2020-04-15", ["atv"]
    befunde = schulungsschalter()
    assert [b.id for b in befunde] == ["kundenportal.W001", "kundenportal.W002"]
    assert "KUNDENPORTAL_STICHTAG ist gesetzt (2020-04-15)" in befunde[0].msg
    assert "KUNDENPORTAL_STOERUNG ist gesetzt (atv)" in befunde[1].msg and "leer lassen" in str(befunde[1].hint)


def test_ohne_database_url_meldet_die_pruefung_und_einrichten_bricht_ab(settings: Any, monkeypatch: Any) -> None:
    """Rundgang Betrieb: ohne DATABASE_URL legte einrichten still var/kundenportal.sqlite3 an, check --deploy schwieg."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from kundenportal.betrieb.checks import datenbank_im_betrieb

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite"):
        pytest.skip("prüft den eingebetteten Fall (SQLite ohne DATABASE_URL)")
    for name in ("DATABASE_URL", "DATABASE_URL_FILE", "KUNDENPORTAL_SQLITE"):
        monkeypatch.delenv(name, raising=False)
    settings.ENTWICKLUNG, settings.DEBUG = False, False
    (befund,) = datenbank_im_betrieb()
    assert befund.id == "kundenportal.E001" and befund.msg.startswith("DATABASE_URL fehlt")
    with pytest.raises(CommandError, match=r"^DATABASE_URL fehlt"):
        call_command("einrichten")
    monkeypatch.setenv("KUNDENPORTAL_SQLITE", "/var/lib/kundenportal/kundenportal.sqlite3")   # ausdrücklich: gut
    assert datenbank_im_betrieb() == []


def test_platzhalter_der_kundenseiten_sind_warnungen(settings: Any) -> None:
    """Ohne Einstellung zeigten Datenschutz, Barrierefreiheit und Impressum der Kundinnen „[… im Betrieb einzutragen]“."""
    from kundenportal.betrieb.checks import kundenseiten_ohne_platzhalter

    settings.KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT = "[Anschrift … – im Betrieb einzutragen]"
    settings.KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT = "barrierefreiheit@agentur.example"
    settings.KUNDENPORTAL_ESERVICE_IMPRESSUM = "Bundesagentur für Arbeit\n[Anschrift – im Betrieb einzutragen]"
    befunde = kundenseiten_ohne_platzhalter()
    assert [b.id for b in befunde] == ["kundenportal.W003", "kundenportal.W003"]
    assert "KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT ist nicht gesetzt" in befunde[0].msg
    assert "KUNDENPORTAL_ESERVICE_IMPRESSUM" in befunde[1].msg
    settings.KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT = "Datenschutzbeauftragte, datenschutz@agentur.example"
    settings.KUNDENPORTAL_ESERVICE_IMPRESSUM = "Bundesagentur für Arbeit"
    assert kundenseiten_ohne_platzhalter() == []
