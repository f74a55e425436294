"""Antworten mit Datum (Typ `datum`): wie Menschen es tippen (1.4.2020, 01.04.2020) oder ISO (2020-04-01); ein Tag,
den es nicht gibt, und ein Text bekommen eine Meldung, die beide Formen nennt (Rundgang Eingangszone: „1.4.2020“
wurde abgelehnt)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kundenportal.leitfaden.vokabular import wert_lesen


@pytest.mark.parametrize("eingabe", ["1.4.2020", "01.04.2020", " 01.4.2020 ", "2020-04-01", dt.date(2020, 4, 1)])
def test_deutsch_und_iso(eingabe: object) -> None:
    assert wert_lesen("datum", eingabe) == dt.date(2020, 4, 1)


@pytest.mark.parametrize("eingabe", ["31.02.2020", "morgen", "1.4.20", "2020-13-01", "1.4.2020 10:00"])
def test_unmoeglich_mit_beiden_formen_in_der_meldung(eingabe: str) -> None:
    with pytest.raises(ValueError) as fehler:
        wert_lesen("datum", eingabe)
    # das Getippte in deutschen Anführungszeichen, nicht als Python-Darstellung ('…')
    assert str(fehler.value) == f"erwartet ein Datum (TT.MM.JJJJ oder JJJJ-MM-TT), nicht „{eingabe}“"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_jedes_datum_in_beiden_schreibweisen(tag: dt.date) -> None:
    assert wert_lesen("datum", f"{tag.day}.{tag.month}.{tag.year}") == tag
    assert wert_lesen("datum", tag.isoformat()) == tag


@given(st.text(max_size=30))
def test_beliebiger_text_gibt_datum_oder_meldung(text: str) -> None:
    try:
        assert isinstance(wert_lesen("datum", text), dt.date)
    except ValueError as fehler:
        assert str(fehler).startswith("erwartet ein Datum")
