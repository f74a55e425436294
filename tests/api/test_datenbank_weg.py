"""Die Datenbank ist mitten in einer API-Operation weg: 503 mit `Retry-After` und dem JSON der API — nicht 500
„interner_fehler“ (die Operationen fangen jede Ausnahme selbst; betrieb.datenbankausfall entscheidet, was „weg“ ist).
Ein Fehler, den die Datenbank meldet, bleibt 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError

from kundenportal.api import katalog
from tests.fixtures_katalog import Anmelden

ADRESSE = "/api/katalog/weisungen/202003006"


def _kaputt(fehler: Exception) -> Any:
    def katalog_lesen() -> Any:
        raise fehler
    return katalog_lesen


def test_verbindung_weg_in_der_operation_ist_503(anmelden: Anmelden, monkeypatch: pytest.MonkeyPatch) -> None:
    client = anmelden("agent_sc3")
    monkeypatch.setattr(katalog.queries, "katalog", _kaputt(InterfaceError("connection already closed")))
    antwort = client.get(ADRESSE)
    assert antwort.status_code == 503
    assert antwort["Retry-After"].isdigit()
    daten = antwort.json()
    assert daten["code"] == "datenbank_nicht_erreichbar" and "nicht erreichbar" in daten["meldung"]


def test_fehler_der_datenbank_bleibt_500(anmelden: Anmelden, monkeypatch: pytest.MonkeyPatch) -> None:
    client = anmelden("agent_sc3")
    monkeypatch.setattr(katalog.queries, "katalog", _kaputt(OperationalError("database is locked")))
    antwort = client.get(ADRESSE)
    assert antwort.status_code == 500
    assert antwort.json()["code"] == "interner_fehler"
