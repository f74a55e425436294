from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CONTENT


@pytest.fixture
def content_kopie(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Ein Katalog aus Vokabular, Standorten und Weisungen des Projekts plus den gegebenen Dateien."""

    def anlegen(dateien: dict[str, str]) -> Path:
        wurzel = tmp_path / "content"
        if wurzel.exists():
            shutil.rmtree(wurzel)
        wurzel.mkdir()
        shutil.copy(CONTENT / "fakten.yaml", wurzel / "fakten.yaml")
        shutil.copy(CONTENT / "standorte.yaml", wurzel / "standorte.yaml")
        (wurzel / "weisungen").mkdir()
        for nummer, datum in (("202003006", "2020-03-20"), ("201912024", "2020-01-01")):
            (wurzel / "weisungen" / f"{nummer}.yaml").write_text(
                f'nummer: "{nummer}"\ntitel: Test\ndatum: {datum}\ngueltig_ab: {datum}\nregeln: []\n', encoding="utf-8")
        for name, text in dateien.items():
            pfad = wurzel / name
            pfad.parent.mkdir(parents=True, exist_ok=True)
            pfad.write_text(text, encoding="utf-8")
        return wurzel

    return anlegen


KOPF = 'id: "SC 9.001"\ntitel: "Test"\nkanaele: [sc3]\n'
