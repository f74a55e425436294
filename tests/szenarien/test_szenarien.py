"""Alle Szenarien des Repositorys: die eigenen (content/szenarien/<bereich>) und die öffentlichen der
Spezifikation, eingecheckt unter content/szenarien/oeffentlich — sie laufen ohne ../shared.

Jedes Szenario läuft zweimal: gegen die Zwillinge im Speicher (ohne Datenbank, `make test-fast`) und
gegen die Referenz auf der Datenbank (SQLite, in `make test-postgres` auch PostgreSQL)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden import szenario
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.szenario import ausfuehren, dateien, szenario_lesen
from tests.conftest import CONTENT, GETEILT

SZENARIEN = sorted(dateien([CONTENT / "szenarien"]))
OEFFENTLICH = CONTENT / "szenarien" / "oeffentlich"


def _ausfuehren(katalog: Katalog, datei: Path, test: szenario.Testsysteme) -> None:
    erg = ausfuehren(katalog, szenario_lesen(datei), test)
    assert erg.fehler == [], f"{datei.name}: {erg.fehler}"
    assert erg.ok


@pytest.fixture(scope="session")
def speicher(katalog: Katalog) -> SpeicherSysteme:
    return SpeicherSysteme(katalog.standorte)


@pytest.mark.parametrize("datei", SZENARIEN, ids=lambda p: str(p.relative_to(CONTENT / "szenarien")))
def test_szenario_im_speicher(katalog: Katalog, speicher: SpeicherSysteme, datei: Path) -> None:
    _ausfuehren(katalog, datei, speicher)


@pytest.mark.django_db
@pytest.mark.parametrize("datei", SZENARIEN, ids=lambda p: str(p.relative_to(CONTENT / "szenarien")))
def test_szenario_auf_der_datenbank(katalog: Katalog, datei: Path) -> None:
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    _ausfuehren(katalog, datei, ReferenzTestsysteme())


def test_oeffentliche_szenarien_sind_eingecheckt() -> None:
    assert len(list(OEFFENTLICH.glob("*.yaml"))) >= 21


@pytest.mark.skipif(not (GETEILT / "scenarios").is_dir(), reason="../shared/scenarios liegt nicht neben dem Checkout")
def test_oeffentliche_szenarien_gleichen_der_spezifikation() -> None:
    quelle = GETEILT / "scenarios"
    vergleich = filecmp.dircmp(quelle, OEFFENTLICH)
    abweichend = sorted(vergleich.left_only + vergleich.right_only + vergleich.diff_files)
    assert abweichend == [], (f"content/szenarien/oeffentlich weicht von {quelle} ab: {abweichend}. Auffrischen: "
                              f"rm content/szenarien/oeffentlich/*.yaml && cp {quelle}/*.yaml content/szenarien/oeffentlich/")
