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


def test_anliegenliste_gemerkt_und_nach_aenderung_neu(katalog: Katalog) -> None:
    """leitfaeden_filtern merkt die Zeilen je Filter; ein ersetzter Leitfaden gilt sofort."""
    import dataclasses
    import datetime as dt

    from kundenportal.leitfaden.gueltigkeit import leitfaeden_filtern

    tag = dt.date(2020, 4, 14)
    k = copy.copy(katalog)
    k.leitfaeden = dict(katalog.leitfaeden)
    erst = [z.leitfaden.id for z in leitfaeden_filtern(k, kanal="sc3", datum=tag)]
    assert "SC 3.307" in erst
    assert [z.leitfaden.id for z in leitfaeden_filtern(k, kanal="sc3", datum=tag)] == erst
    lf = k.leitfaeden["SC 3.307"]
    k.leitfaeden["SC 3.307"] = dataclasses.replace(lf, kopf=lf.kopf.model_copy(update={"kanaele": ["emb"]}))
    assert "SC 3.307" not in [z.leitfaden.id for z in leitfaeden_filtern(k, kanal="sc3", datum=tag)]
    k.leitfaeden["SC 3.307"] = lf
    assert [z.leitfaden.id for z in leitfaeden_filtern(k, kanal="sc3", datum=tag)] == erst
