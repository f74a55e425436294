from __future__ import annotations

from pathlib import Path

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden

WURZEL = Path(__file__).resolve().parent.parent
CONTENT = WURZEL / "content"
GETEILT = WURZEL.parent / "shared"


@pytest.fixture(scope="session")
def katalog() -> Katalog:
    return katalog_laden(CONTENT)

# Gemeinsame Fixtures der Web-Tests (Benutzer je Rolle, Anmeldung, Testkunde).
pytest_plugins = ["tests.fixtures_konten", "tests.fixtures_katalog"]
