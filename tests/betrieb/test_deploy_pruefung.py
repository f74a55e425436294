"""`manage.py check --deploy` (ExecStartPre der Unit, --fail-level WARNING) meldet Schalter der Schulung, die im
Betrieb leer sein müssen (Rundgang Betrieb: Stichtag und Störungsmodus gingen ohne Meldung durch)."""

from __future__ import annotations

from typing import Any

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
