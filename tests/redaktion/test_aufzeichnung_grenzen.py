"""Die Meldung zu einer unpassenden Ausgangslage zeigt den Wert gekürzt — begrenzt schon beim Bilden, damit
ein YAML-Alias-Geflecht (jede Ebene verweist neunmal auf die vorige) nicht exponentiell ausgeschrieben wird."""

from __future__ import annotations

import time

import pytest
import yaml

from kundenportal.redaktion.aufzeichnung import AusgangslageUngueltig, _form_pruefen, _kurz

BOMBE = "\n".join([
    "a: &a [x, x, x, x, x, x, x, x, x]",
    *(f"{n}: &{n} [*{v}, *{v}, *{v}, *{v}, *{v}, *{v}, *{v}, *{v}, *{v}]"
      for v, n in zip("abcdefghijklmnopq", "bcdefghijklmnopqr", strict=True)),
    "termine: {t: *r}",
])


def test_alias_geflecht_unter_termine_wird_schnell_und_kurz_gemeldet() -> None:
    lage = yaml.safe_load(BOMBE)          # geteilte Objekte: 9^18 Blätter, ausgeschrieben nie fertig
    beginn = time.perf_counter()
    with pytest.raises(AusgangslageUngueltig, match=r"Feld termine: erwartet eine Liste von Terminen") as fehler:
        _form_pruefen(lage)
    assert time.perf_counter() - beginn < 1.0
    assert len(str(fehler.value)) < 250 and str(fehler.value).endswith(("}", "…"))
    assert len(_kurz(lage["r"])) <= 60
