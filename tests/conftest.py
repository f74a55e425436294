from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden

WURZEL = Path(__file__).resolve().parent.parent
CONTENT = WURZEL / "content"
GETEILT = WURZEL.parent / "shared"

# Ohne Frist je Beispiel (Hypothesis: 200 ms): Tests prüfen Verhalten, keine Geschwindigkeit (die misst
# `make bench`) — unter Last (CI, parallele Läufe) schlug sonst ein langsames Beispiel als DeadlineExceeded fehl.
hypothesis_settings.register_profile("kundenportal", deadline=None)
hypothesis_settings.load_profile("kundenportal")


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
