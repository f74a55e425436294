"""Der Lader geht die Ordner ohne pathlib durch (kundenportal/leitfaden/laden.py: `_leitfadenordner`, `_namen`) —
in derselben Reihenfolge und mit denselben Anzeigen wie `sorted(Path.glob(...))`, auch mit Dateien und Ordnern,
die nicht dazugehören."""

from __future__ import annotations

import shutil
from pathlib import Path

from kundenportal.leitfaden.laden import _anzeige, _leitfadenordner, _namen, katalog_laden
from tests.conftest import CONTENT


def _wie_glob(wurzel: Path) -> list[tuple[str, list[str]]]:
    ergebnis = []
    for kopf in sorted((wurzel / "leitfaeden").glob("*/*/leitfaden.yaml")):
        dateien = [_anzeige(p, wurzel) for p in sorted(kopf.parent.glob("*.yaml")) if p.name != "leitfaden.yaml"]
        ergebnis.append((_anzeige(kopf.parent, wurzel), dateien))
    return ergebnis


def _wie_lader(wurzel: Path) -> list[tuple[str, list[str]]]:
    return [(anzeige, [f"{anzeige}/{n}" for n in _namen(ordner) if n.endswith(".yaml") and n != "leitfaden.yaml"])
            for ordner, anzeige in _leitfadenordner(wurzel.resolve())]


def test_reihenfolge_und_anzeige_wie_glob(tmp_path: Path) -> None:
    wurzel = tmp_path / "content"
    shutil.copytree(CONTENT, wurzel)
    leitfaeden = sorted(p for p in (wurzel / "leitfaeden").glob("*/*") if p.is_dir())
    (wurzel / "leitfaeden" / "LIESMICH.yaml").write_text("kein Ordner\n")               # Datei statt Gruppe
    (wurzel / "leitfaeden" / "leer").mkdir()                                           # Gruppe ohne Leitfaden
    (leitfaeden[0].parent / "ohne_kopf").mkdir()                                       # Ordner ohne leitfaden.yaml
    (leitfaeden[0] / "notizen.txt").write_text("keine Fassung\n")                     # keine .yaml
    (leitfaeden[0] / "Z.yaml").mkdir()                                                 # Großbuchstabe sortiert vorn
    assert _wie_lader(wurzel) == _wie_glob(wurzel.resolve())
    assert _wie_lader(wurzel)[0][0].startswith("content/leitfaeden/")


def test_katalog_gleich_mit_und_ohne_cache(tmp_path: Path) -> None:
    ohne = katalog_laden(CONTENT)
    mit = katalog_laden(CONTENT, cache=tmp_path / "cache")
    wieder = katalog_laden(CONTENT, cache=tmp_path / "cache")
    for k in (mit, wieder):
        assert list(k.leitfaeden) == list(ohne.leitfaeden)
        assert [lf.ordner for lf in k.leitfaeden.values()] == [lf.ordner for lf in ohne.leitfaeden.values()]
        assert [[(f.datei, f.stand, f.inhalt_hash) for f in lf.fassungen] for lf in k.leitfaeden.values()] == \
            [[(f.datei, f.stand, f.inhalt_hash) for f in lf.fassungen] for lf in ohne.leitfaeden.values()]
