"""Katalog.varianten: über einen Index, der Änderungen an `leitfaeden` bemerkt."""

from __future__ import annotations

import copy

from kundenportal.leitfaden.katalog import Katalog


def test_varianten_der_basis_in_katalogreihenfolge(katalog: Katalog) -> None:
    assert [lf.id for lf in katalog.varianten("SC 3.003")] == ["SC 3.003", "SC 3.003-Pilot"]
    assert [lf.id for lf in katalog.varianten("SC 3.307")] == ["SC 3.307"]
    assert katalog.varianten("SC 0.000") == []


def test_index_bemerkt_hinzugefuegte_und_entfernte_leitfaeden(katalog: Katalog) -> None:
    k = copy.copy(katalog)
    k.leitfaeden = dict(katalog.leitfaeden)
    assert len(k.varianten("SC 3.003")) == 2
    pilot = k.leitfaeden.pop("SC 3.003-Pilot")
    assert [lf.id for lf in k.varianten("SC 3.003")] == ["SC 3.003"]
    k.leitfaeden["SC 3.003-Pilot"] = pilot
    assert len(k.varianten("SC 3.003")) == 2
    ersatz = copy.copy(k.leitfaeden["SC 3.307"])
    k.leitfaeden["SC 3.307"] = ersatz
    assert k.varianten("SC 3.307")[0] is ersatz


def test_varianten_liefert_eine_eigene_liste(katalog: Katalog) -> None:
    katalog.varianten("SC 3.003").clear()
    assert len(katalog.varianten("SC 3.003")) == 2
