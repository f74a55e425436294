"""Der Cache geprüfter Modelle nach Inhalts-Hash (laden.py, KUNDENPORTAL_KATALOG_CACHE): gleiche Bytes
geben dasselbe Modell; geänderte Bytes werden neu gelesen und geprüft; ein kaputter Eintrag wird ignoriert."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import GemerkteFassung
from kundenportal.leitfaden.laden import katalog_laden
from tests.conftest import CONTENT


def _kopie(tmp_path: Path) -> Path:
    ziel = tmp_path / "content"
    shutil.copytree(CONTENT, ziel)
    return ziel


def test_zweites_laden_aus_dem_cache_gleich(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    ohne = katalog_laden(CONTENT)
    erst = katalog_laden(CONTENT, cache=cache)
    eintraege = list(cache.rglob("*.pickle"))
    assert len(eintraege) >= len(ohne.fassungen())
    dann = katalog_laden(CONTENT, cache=cache)
    for a, b in zip(ohne.fassungen(), dann.fassungen(), strict=True):
        assert (a.schluessel, a.inhalt_hash, a.datei, a.zeilen) == (b.schluessel, b.inhalt_hash, b.datei, b.zeilen)
        assert a.daten == b.daten
    assert {k: lf.kopf for k, lf in erst.leitfaeden.items()} == {k: lf.kopf for k, lf in dann.leitfaeden.items()}


def test_geaenderte_datei_wird_neu_geprueft(tmp_path: Path) -> None:
    wurzel, cache = _kopie(tmp_path), tmp_path / "cache"
    katalog_laden(wurzel, cache=cache)
    datei = next(p for p in sorted((wurzel / "leitfaeden").rglob("*.yaml")) if p.name != "leitfaden.yaml")
    datei.write_text(datei.read_text(encoding="utf-8").replace("schritte:", "schritte_falsch:", 1), encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        katalog_laden(wurzel, cache=cache)
    assert any(b.datei.endswith(datei.name) for b in fehler.value.befunde)


def test_kaputter_eintrag_wird_ignoriert(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    katalog_laden(CONTENT, cache=cache)
    for eintrag in cache.rglob("*.pickle"):
        eintrag.write_bytes(b"kaputt")
    assert len(katalog_laden(CONTENT, cache=cache).fassungen()) == len(katalog_laden(CONTENT).fassungen())


def test_schritte_aus_dem_cache_erst_bei_bedarf(tmp_path: Path) -> None:
    """Aus dem Cache kommen die Eckdaten sofort, die Schritte erst beim ersten Zugriff — gleich der geprüften Fassung."""
    cache = tmp_path / "cache"
    geprueft = katalog_laden(CONTENT, cache=cache)
    gemerkt = katalog_laden(CONTENT, cache=cache)
    for a, b in zip(geprueft.fassungen(), gemerkt.fassungen(), strict=True):
        assert isinstance(b, GemerkteFassung)
        assert "_daten" not in b.__dict__
        assert (a.stand, a.gueltig_ab, a.gueltig_bis, a.weisung, a.geltungsbereich) == \
            (b.stand, b.gueltig_ab, b.gueltig_bis, b.weisung, b.geltungsbereich)
        assert a == b and hash(a) == hash(b)
        assert b.daten == a.daten and "_daten" in b.__dict__


def test_sammeldatei_je_wurzel_und_geaenderte_datei_trotzdem_geprueft(tmp_path: Path) -> None:
    """Beim zweiten Laden kommt alles aus einer Sammeldatei; eine danach geänderte Fassung findet dort ihren
    Inhalts-Hash nicht und wird aus der Datei gelesen und geprüft."""
    wurzel, cache = _kopie(tmp_path), tmp_path / "cache"
    katalog_laden(wurzel, cache=cache)
    assert len(list(cache.rglob("katalog-*.pickle"))) == 1
    datei = next(p for p in sorted((wurzel / "leitfaeden").rglob("*.yaml")) if p.name != "leitfaden.yaml")
    text = datei.read_text(encoding="utf-8")
    datei.write_text(text + "\n# geändert\n", encoding="utf-8")
    neu = katalog_laden(wurzel, cache=cache)
    geaendert = next(f for f in neu.fassungen() if f.datei.endswith(str(datei.relative_to(wurzel))))
    assert not isinstance(geaendert, GemerkteFassung)
    assert sum(isinstance(f, GemerkteFassung) for f in neu.fassungen()) == len(neu.fassungen()) - 1
