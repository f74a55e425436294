from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kundenportal import verdrahtung
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.quelle import DatenbankKatalog
from kundenportal.redaktion.queries import katalog_vergessen
from kundenportal.redaktion.services.katalog import katalog_importieren

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


@contextmanager
def katalog_veroeffentlicht(wurzel: Path) -> Iterator[None]:
    """Der Katalog aus `wurzel` (ein content/-Ordner) veröffentlicht in der Testdatenbank; der Prozess liest ihn von
    dort (Redaktion, API), bis der Block endet."""
    katalog_vergessen()
    katalog_importieren(wurzel, veroeffentlicht=True)
    verdrahtung.katalog_quelle_setzen(DatenbankKatalog())
    try:
        yield
    finally:
        verdrahtung.katalog_quelle_setzen(None)
        katalog_vergessen()


@pytest.fixture
def db_katalog(db: Any) -> Iterator[None]:
    """Der Katalog aus content/ veröffentlicht in der Testdatenbank."""
    from tests.conftest import CONTENT

    with katalog_veroeffentlicht(CONTENT):
        yield
