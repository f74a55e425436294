"""Schemathesis gegen jede Operation der API (aus /api/schema/, ≥ 100 Beispiele je Operation), angemeldet
mit einem API-Schlüssel eines Agenten: keine einzige Antwort 5xx; jede Fehlerantwort hat den
dokumentierten Körper {code, meldung}."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from kundenportal.konten import schluessel

# Djangos WSGI-App wie in kundenportal/wsgi.py, aber ohne dessen Start eines Server-Prozesses (Vorwärmen und
# `startbestand_einfrieren`): eingefroren würde sonst der ganze Testprozess.
application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def token(benutzer: Callable[..., Any], kunde: str) -> Iterator[str]:
    """Der Schlüssel eines Agenten. Die WSGI-App läuft im Testprozess auf der Testdatenbank: ihr
    Aufräumen nach jeder Anfrage (Verbindung schließen) ist dafür abgeschaltet, wie im Django-Testclient."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schluessel.anlegen(benutzer("agent_sc3"), "schemathesis")[1]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_keine_serverfehler(case: schemathesis.Case, token: str) -> None:
    antwort = case.call(headers={"Authorization": f"Bearer {token}"})
    assert antwort.status_code < 500, (case.as_curl_command(), antwort.text[:500])
    if antwort.status_code >= 400:
        koerper = antwort.json()
        assert set(koerper) == {"code", "meldung"} and koerper["meldung"], koerper
