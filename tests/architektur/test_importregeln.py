"""Pfeile zeigen nach innen: der Kern und die Ports importieren weder Django noch eine App."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAKET = Path(__file__).resolve().parents[2] / "kundenportal"
KERN = [*sorted((PAKET / "leitfaden").glob("*.py")), *sorted((PAKET / "fachverfahren" / "ports").glob("*.py"))]
ERLAUBT_IM_KERN = ("kundenportal.leitfaden", "kundenportal.fachverfahren.ports")


def _importe(datei: Path) -> list[str]:
    baum = ast.parse(datei.read_text(encoding="utf-8"))
    namen: list[str] = []
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Import):
            namen.extend(a.name for a in knoten.names)
        elif isinstance(knoten, ast.ImportFrom) and knoten.module and knoten.level == 0:
            namen.append(knoten.module)
    return namen


@pytest.mark.parametrize("datei", KERN, ids=lambda p: str(p.relative_to(PAKET)))
def test_kern_importiert_kein_django_und_keine_app(datei: Path) -> None:
    verboten = [n for n in _importe(datei) if n == "django" or n.startswith("django.")
                or (n.startswith("kundenportal.") and not n.startswith(ERLAUBT_IM_KERN))]
    # Die Abdeckung startet die Referenzsysteme nur im CLI-Pfad (lokaler Import); erlaubt ist genau der.
    if datei.name == "abdeckung.py":
        verboten = [n for n in verboten if n != "kundenportal.fachverfahren.referenz.testsysteme"]
    assert verboten == []
