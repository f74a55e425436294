"""Die Lader (Leitfaden-Fassungen, Weisungen, Standorte, Fakten, Szenarien) mit hypothesis verfälscht:
ein Blatt wird zu `2020-02-30`, einer Zahl, einer Liste, einer Abbildung, null, einem langen oder
NUL-haltigen Text; ein Schlüssel fällt weg oder kommt dazu; dazu Billion Laughs. Kein Absturz: jeder
Fehler ist ein KatalogFehler (Befund mit Datei, Zeile, Feld) oder SzenarioFehler (`datei:zeile: feld: …`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.laden import _weisung_lesen, fassung_lesen
from kundenportal.leitfaden.standorte import standorte_laden
from kundenportal.leitfaden.szenario import SzenarioFehler, szenario_lesen
from kundenportal.leitfaden.vokabular import vokabular_laden
from tests.conftest import CONTENT

FEINDLICH = st.sampled_from(["2020-02-30", "9999-12-31", 0, -1, 10**30, 1.5, True, None, [], {}, ["x"],
                             {"a": 1}, "x" * 5000, "a\x00b", "", "{{ kaputt", dt.date(2020, 2, 28)])


def _wege(daten: Any, pfad: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    wege = [pfad]
    if isinstance(daten, dict):
        for k, v in daten.items():
            wege += _wege(v, (*pfad, k))
    elif isinstance(daten, list):
        for i, v in enumerate(daten):
            wege += _wege(v, (*pfad, i))
    return wege


def _setzen(daten: Any, pfad: tuple[Any, ...], wert: Any, art: str) -> Any:
    if not pfad:
        return wert
    eltern = daten
    for schritt in pfad[:-1]:
        eltern = eltern[schritt]
    if art == "weg" and isinstance(eltern, dict):
        del eltern[pfad[-1]]
    elif art == "dazu" and isinstance(eltern, dict):
        eltern["unbekannt_" + str(pfad[-1])] = wert
    else:
        eltern[pfad[-1]] = wert
    return daten


@st.composite
def verfaelscht(draw: st.DrawFn, quelle: Path) -> str:
    daten = yaml.safe_load(quelle.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        wege = _wege(daten)
        pfad = draw(st.sampled_from(wege))
        daten = _setzen(daten, pfad, draw(FEINDLICH), draw(st.sampled_from(["ersetzen", "weg", "dazu"])))
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False)


def _ok_oder_befund(laden: Any, pfad: Path) -> None:
    try:
        laden(pfad)
    except KatalogFehler as fehler:
        assert fehler.befunde
        for b in fehler.befunde:
            assert isinstance(b, Befund) and pfad.name in b.datei and b.meldung, b
    except SzenarioFehler as fehler:
        assert re.match(rf".*{re.escape(pfad.name)}:\d+: ", str(fehler)), str(fehler)


def _fassung(pfad: Path) -> None:
    befunde: list[Befund] = []
    fassung_lesen(pfad, "EZ 1.003", str(pfad), befunde)
    if befunde:
        raise KatalogFehler(befunde)


def _weisung(pfad: Path) -> None:
    befunde: list[Befund] = []
    _weisung_lesen(pfad, str(pfad), befunde)
    if befunde:
        raise KatalogFehler(befunde)


LADER = {
    "fassung": (CONTENT / "leitfaeden" / "ez" / "1.003" / "2020-03-20.yaml", _fassung),
    "weisung": (CONTENT / "weisungen" / "202003006.yaml", _weisung),
    "standorte": (CONTENT / "standorte.yaml", standorte_laden),
    "fakten": (CONTENT / "fakten.yaml", vokabular_laden),
    "szenario": (sorted((CONTENT / "szenarien" / "ez").glob("*.yaml"))[0], szenario_lesen),
}


@pytest.mark.parametrize("art", sorted(LADER))
def test_verfaelschte_dateien_stuerzen_nicht_ab(art: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    quelle, laden = LADER[art]
    ordner = tmp_path_factory.mktemp(art)

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=verfaelscht(quelle))
    def pruefen(text: str) -> None:
        ziel = ordner / quelle.name
        ziel.write_text(text, encoding="utf-8")
        _ok_oder_befund(laden, ziel)

    pruefen()


BILLION_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("art", sorted(LADER))
def test_billion_laughs(art: str, tmp_path: Path) -> None:
    quelle, laden = LADER[art]
    ziel = tmp_path / quelle.name
    ziel.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises((KatalogFehler, SzenarioFehler)):
        laden(ziel)
