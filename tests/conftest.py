from __future__ import annotations

from pathlib import Path

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden

WURZEL = Path(__file__).resolve().parent.parent
CONTENT = WURZEL / "content"
GETEILT = WURZEL.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """Nur für Tests: ein schneller Passwort-Hash statt argon2 (der Betrieb bleibt bei argon2, belegt in
    tests/eservice/test_anmeldung.py). Spart den größten Teil der Laufzeit der Web-Tests."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def katalog() -> Katalog:
    return katalog_laden(CONTENT)

# Gemeinsame Fixtures der Web-Tests (Benutzer je Rolle, Anmeldung, Testkunde).
pytest_plugins = ["tests.fixtures_konten", "tests.fixtures_katalog"]
