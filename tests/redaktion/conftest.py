from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kundenportal.redaktion.queries import katalog_vergessen
from kundenportal.redaktion.services.katalog import katalog_importieren
from tests.conftest import CONTENT


@pytest.fixture
def db_katalog(db: Any, settings: Any) -> Iterator[None]:
    """Der Katalog aus content/ veröffentlicht in der Testdatenbank; der Prozess liest ihn von dort."""
    katalog_vergessen()
    katalog_importieren(CONTENT, veroeffentlicht=True)
    settings.KATALOG_QUELLE = "datenbank"
    yield
    katalog_vergessen()
