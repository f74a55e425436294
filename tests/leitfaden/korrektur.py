"""Gemeinsame Prüfungen der Korrekturfassungen (test_korrektur_*): eine gesiegelte Fassung wird nie geändert, eine
Korrektur ist eine neue Fassung ab einem späteren Tag; die Vorgängerin erhält nur `gueltig_bis` (außerhalb des
Siegels)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.pruefen import katalog_pruefen


def gilt_ab_korrektur(katalog: Katalog, leitfaden: str, korrektur: dt.date, neu: str, alt: str,
                      standorte: Iterable[str | None]) -> None:
    """Ab `korrektur` (und später) gilt `neu` an jedem der `standorte`, am Vortag noch `alt`, das am Vortag endet."""
    vortag = korrektur - dt.timedelta(days=1)
    for standort in standorte:
        for tag, erwartet in ((korrektur, neu), (dt.date(2027, 6, 1), neu), (vortag, alt)):
            fassung = aufloesen(katalog, leitfaden, tag, standort)
            assert fassung is not None and fassung.schluessel == erwartet, (standort, tag)
    assert katalog.fassung(alt).gueltig_bis == vortag and katalog.fassung(neu).gueltig_bis is None


def gesiegelt_und_sauber(katalog: Katalog, neu: str, alt: str, nummer: str) -> None:
    """Die Vorgängerin `alt` hat dasselbe Siegel wie vorher (ohne die Zeile `gueltig_bis`), `neu` ist gesiegelt, und die
    Prüfung des Katalogs findet zum Leitfaden `nummer` nichts."""
    pfad = Path(katalog.wurzel).parent / katalog.fassung(alt).datei
    ohne_bis = b"".join(z for z in pfad.read_bytes().splitlines(keepends=True) if not z.startswith(b"gueltig_bis:"))
    assert katalog.veroeffentlicht[alt] == hashlib.sha256(ohne_bis).hexdigest()
    assert katalog.veroeffentlicht.get(neu) == katalog.fassung(neu).inhalt_hash
    assert [b for b in katalog_pruefen(katalog) if nummer in str(b)] == []
