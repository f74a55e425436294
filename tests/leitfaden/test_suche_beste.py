"""Die Auswahl der besten Treffer (suche._beste) entspricht dem vollständigen Sortieren nach (−Punkte auf
zwei Stellen, Nummer) — auch bei vielen gleichen Punkten (ein häufiges Wort in vielen Leitfäden)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kundenportal.leitfaden.suche import _beste

PUNKTE = st.sampled_from([0.5, 1.0, 1.5, 2.0, 2.25, 3.0, 0.7 * 3, 1 / 3, 2 / 3, 4.004, 4.006])


@given(st.dictionaries(st.integers(0, 2000), PUNKTE, max_size=300), st.integers(1, 30))
def test_beste_wie_vollstaendig_sortiert(punkte: dict[int, float], grenze: int) -> None:
    erwartet = sorted((-round(p, 2), nr) for nr, p in punkte.items())[:grenze]
    assert _beste(punkte, grenze) == erwartet


def test_viele_gleiche_punkte_die_kleinsten_nummern() -> None:
    punkte = {nr: 1.0 for nr in range(1000, 0, -1)} | {5000: 2.0}
    assert _beste(punkte, 3) == [(-2.0, 5000), (-1.0, 1), (-1.0, 2)]
