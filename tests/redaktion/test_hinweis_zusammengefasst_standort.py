"""Die Zusammenfassung unbestätigter Hinweise folgt der Regel der Hinweise (`gilt_fuer`): zur Kette gehört nur ein
Hinweis, dessen Fassung an ihrem eigenen Tag am Standort der Beschäftigten galt. Hier gilt FK 4.406 vom 07.12.2026
nur in Brühl und Fürth (anderswo bis dahin die Fassung vom 20.03.2020): in Brühl fasst der Hinweis vom 08.12. beide
zusammen, in Nürnberg bleibt er der Hinweis vom 08.12. allein — und „Gelesen“ bestätigt dort nur ihn."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kundenportal.redaktion.hinweise import offene_eintraege, zusammenfassung
from kundenportal.redaktion.models import Aenderungshinweis, Lesebestaetigung
from kundenportal.redaktion.services.hinweise import hinweis_bestaetigen
from tests.conftest import CONTENT
from tests.fixtures_katalog import katalog_veroeffentlicht

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
AM_7, AM_8 = dt.date(2026, 12, 7), dt.date(2026, 12, 8)


def _aendern(wurzel: Path, relativ: str, schluessel: str, alt: str, neu: str) -> None:
    """Eine Fassung in der Kopie ändern und ihr Siegel (veroeffentlicht.yaml) nachziehen."""
    datei = wurzel / relativ
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu, 1), encoding="utf-8")
    siegel = wurzel / "veroeffentlicht.yaml"
    zeilen = [f'"{schluessel}": {hashlib.sha256(datei.read_bytes()).hexdigest()}' if z.startswith(f'"{schluessel}":')
              else z for z in siegel.read_text(encoding="utf-8").splitlines()]
    siegel.write_text("\n".join(zeilen) + "\n", encoding="utf-8")


@pytest.fixture
def variante(db: Any, settings: Any, tmp_path: Path) -> Iterator[None]:
    wurzel = tmp_path / "content"
    shutil.copytree(CONTENT, wurzel, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    _aendern(wurzel, "leitfaeden/fk/4.406/2020-03-20.yaml", "FK 4.406@2020-03-20",
             "gueltig_bis: 2026-12-06", "gueltig_bis: 2026-12-07")
    _aendern(wurzel, "leitfaeden/fk/4.406/2026-12-07.yaml", "FK 4.406@2026-12-07",
             "gueltig_bis: 2026-12-07\n", "gueltig_bis: 2026-12-07\ngeltungsbereich: {agenturen: [Brühl, Fürth]}\n")
    settings.KUNDENPORTAL_STICHTAG = "2026-12-06"
    with katalog_veroeffentlicht(wurzel):
        settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
        zusammenfassung.cache_clear()
        yield
    zusammenfassung.cache_clear()


def test_variante_eines_anderen_standorts_gehoert_nicht_zur_kette(variante: None, benutzer: Benutzer) -> None:
    h7 = Aenderungshinweis.objects.get(leitfaden_id="FK 4.406", gilt_ab=AM_7)
    h8 = Aenderungshinweis.objects.get(leitfaden_id="FK 4.406", gilt_ab=AM_8)
    bruehl = benutzer("agent_scfk", "in-bruehl", standort="Brühl")
    nuernberg = benutzer("agent_scfk", "in-nuernberg", standort="Nürnberg")
    [b] = offene_eintraege(bruehl, AM_8, "FK 4.406")
    assert b.hinweis == h8 and b.frueher == (h7,) and "Fassung vom 20.03.2020" in b.zusammengefasst
    assert "Mitgeteilte Änderung" in b.text
    [n] = offene_eintraege(nuernberg, AM_8, "FK 4.406")
    assert n.hinweis == h8 and n.frueher == () and n.text == h8.text and n.zusammengefasst == ""
    hinweis_bestaetigen(nuernberg, h8.pk)
    assert list(Lesebestaetigung.objects.filter(user=nuernberg).values_list("hinweis_id", flat=True)) == [h8.pk]
    hinweis_bestaetigen(bruehl, h8.pk)
    assert set(Lesebestaetigung.objects.filter(user=bruehl).values_list("hinweis_id", flat=True)) == {h7.pk, h8.pk}
