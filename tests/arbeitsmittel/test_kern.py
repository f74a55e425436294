"""Pfeile zeigen nach innen: kundenportal.arbeitsmittel ist Kern wie der Leitfaden-Kern (kein Django, keine App)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architektur.test_importregeln import PAKET, _importe

ERLAUBT = ("kundenportal.leitfaden", "kundenportal.arbeitsmittel", "kundenportal.fachverfahren.ports")


@pytest.mark.parametrize("datei", sorted((PAKET / "arbeitsmittel").glob("*.py")), ids=lambda p: p.name)
def test_arbeitsmittel_importieren_kein_django(datei: Path) -> None:
    verboten = [n for n in _importe(datei) if n == "django" or n.startswith("django.")
                or (n.startswith("kundenportal.") and not n.startswith(ERLAUBT))]
    assert verboten == []
