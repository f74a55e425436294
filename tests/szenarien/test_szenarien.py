"""Alle Szenarien: die eigenen (content/szenarien) und die geteilten (../shared/scenarios), soweit ihr
Leitfaden im Katalog ist — die anderen erscheinen im Bericht als übersprungen, mit Grund."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.szenario import ausfuehren, dateien, szenario_lesen
from tests.conftest import CONTENT, GETEILT

EIGENE = sorted(dateien([CONTENT / "szenarien"])) if (CONTENT / "szenarien").exists() else []
GETEILTE = sorted(dateien([GETEILT / "scenarios"])) if (GETEILT / "scenarios").exists() else []


def _ausfuehren(katalog: Katalog, datei: Path) -> None:
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    sz = szenario_lesen(datei)
    if not katalog.varianten(sz.leitfaden) and datei in GETEILTE:
        pytest.skip(f"Leitfaden {sz.leitfaden} noch nicht im Katalog")
    erg = ausfuehren(katalog, sz, ReferenzTestsysteme())
    assert erg.fehler == [], f"{datei.name}: {erg.fehler}"
    assert erg.ok


@pytest.mark.django_db
@pytest.mark.parametrize("datei", GETEILTE, ids=lambda p: p.stem)
def test_geteiltes_szenario(katalog: Katalog, datei: Path) -> None:
    _ausfuehren(katalog, datei)


@pytest.mark.django_db
@pytest.mark.parametrize("datei", EIGENE, ids=lambda p: p.stem)
def test_eigenes_szenario(katalog: Katalog, datei: Path) -> None:
    _ausfuehren(katalog, datei)
