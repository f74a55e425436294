from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten.services import benutzer_anlegen

Anmelden = Callable[..., Client]


@pytest.fixture
def anmelden(db: Any) -> Anmelden:
    """Ein Client, angemeldet mit den Rollen (und dem Standort) eines neuen Benutzers."""

    def anlegen(*rollen: str, standort: str = "", csrf: bool = False) -> Client:
        name = "_".join(rollen) or "ohne_rolle"
        user = benutzer_anlegen(f"{name}_{standort or 'x'}", "geheim-123", list(rollen), standort=standort)
        client = Client(enforce_csrf_checks=csrf)
        client.force_login(user)
        return client

    return anlegen
