from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kundenportal import verdrahtung
from kundenportal.redaktion.quelle import DatenbankKatalog
from kundenportal.redaktion.queries import katalog_vergessen
from kundenportal.redaktion.services.katalog import katalog_importieren
from tests.conftest import CONTENT


@pytest.fixture
def db_katalog(db: Any) -> Iterator[None]:
    """Der Katalog aus content/ veröffentlicht in der Testdatenbank; der Prozess liest ihn von dort."""
    katalog_vergessen()
    katalog_importieren(CONTENT, veroeffentlicht=True)
    verdrahtung.katalog_quelle_setzen(DatenbankKatalog())
    yield
    verdrahtung.katalog_quelle_setzen(None)
    katalog_vergessen()
