"""Die Abkürzungen des YAML-Loaders (gemerkter Skalartyp, Texte direkt) ändern nichts am Ergebnis:
über alle YAML-Dateien des Katalogs dasselbe wie der unveränderte sichere Loader, samt Zeilen."""

from __future__ import annotations

from typing import Any

import yaml

from kundenportal.leitfaden import quelle
from tests.conftest import CONTENT


class _Unveraendert(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


_Unveraendert.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, quelle._mapping)
_Unveraendert.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, quelle._sequence)


def _gleich(a: Any, b: Any) -> None:
    assert type(a) is type(b) and a == b
    if isinstance(a, quelle.ZDict):
        assert (a.zeile, a.zeilen) == (b.zeile, b.zeilen)
        for k in a:
            _gleich(a[k], b[k])
    if isinstance(a, quelle.ZListe):
        assert (a.zeile, a.zeilen) == (b.zeile, b.zeilen)
        for x, y in zip(a, b, strict=True):
            _gleich(x, y)


def test_gleiches_ergebnis_wie_der_unveraenderte_loader() -> None:
    dateien = sorted(CONTENT.rglob("*.yaml"))
    assert len(dateien) > 50
    for pfad in dateien:
        text = pfad.read_text(encoding="utf-8")
        _gleich(yaml.load(text, Loader=_Unveraendert), quelle.lesen_text(text, str(pfad)))


def test_typen_der_skalare_bleiben() -> None:
    daten = quelle.lesen_text('a: 2020-03-20\nb: "2020-03-20"\nc: ja\nd: true\ne: 3\nf: ~\ng: 1.5\nh: [x, "y", 0x10]\n', "t")
    assert [type(daten[k]).__name__ for k in "abcdefg"] == ["date", "str", "str", "bool", "int", "NoneType", "float"]
    assert daten["h"] == ["x", "y", 16]
