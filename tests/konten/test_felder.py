"""Geteilte Formularfelder (konten.felder): das deutsche Datum sagt, was falsch ist; Freitext ohne Markup, aber
mit „<“ und „>“ als Zeichen."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from kundenportal.konten.felder import DeutschesDatum, datum_fehler, hat_markup


@pytest.mark.parametrize(("eingabe", "meldung"), [
    ("31.02.2020", "Den 31.02.2020 gibt es nicht: der Februar 2020 hat 29 Tage."),
    ("2021-02-29", "Den 29.02.2021 gibt es nicht: der Februar 2021 hat 28 Tage."),
    ("1.13.2020", "Den 01.13.2020 gibt es nicht: ein Jahr hat die Monate 01 bis 12."),
    ("morgen", "Bitte ein Datum in der Form TT.MM.JJJJ angeben, z. B. 15.04.2020."),
])
def test_datum_sagt_was_falsch_ist(eingabe: str, meldung: str) -> None:
    feld = DeutschesDatum()
    with pytest.raises(forms.ValidationError) as fehler:
        feld.clean(eingabe)
    assert fehler.value.messages == [meldung]
    assert feld.clean("29.02.2020") == dt.date(2020, 2, 29) and feld.clean("2020-03-20") == dt.date(2020, 3, 20)


@given(st.text(max_size=30))
def test_datum_fehler_ist_fuer_jeden_text_ein_deutscher_satz(text: str) -> None:
    meldung = datum_fehler(text)
    assert meldung.endswith(".") and ("TT.MM.JJJJ" in meldung or "gibt es nicht" in meldung)


@pytest.mark.parametrize(("text", "markup"), [
    ("Wartezeit > 5 Min.", False), ("Ton < freundlich", False), ("a<b", True), ("<b>fett</b>", True),
    ("</div>", True), ("<!-- x -->", True), ("&lt;", True), ("&#60;", True), ("JavaScript:alert(1)", True),
    ("3 < 4 > 2", False), ("", False),
])
def test_markup_ist_ein_tag_keine_spitze_klammer(text: str, markup: bool) -> None:
    assert hat_markup(text) is markup
