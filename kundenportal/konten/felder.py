"""Formularfelder und Prüfungen, die mehrere Seiten-Apps teilen: das Datum im deutschen Format, Freitext ohne
Markup.

Djangos DateField meldet für „31.02.2020“ dasselbe wie für „morgen“ („Enter a valid date“); wer TT.MM.JJJJ
schon richtig schreibt, erfährt so nicht, was falsch ist. Dieses Feld sagt es."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

FORMATE = ["%d.%m.%Y", "%Y-%m-%d"]
# HTML-Auszeichnung, Zeichenreferenz oder Skript-Adresse — ein „<“ oder „>“ allein (Wartezeit > 5 Min.) ist Text.
# Ein Tag beginnt mit „<“ direkt vor dem Namen (HTML: kein Leerraum dazwischen), „</“, „<!“ oder „<?“.
MARKUP = re.compile(r"</?[A-Za-z!?]|&#?\w+;|javascript:", re.IGNORECASE)
_FORM_DE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_FORM_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def datum_fehler(text: str) -> str:
    """Warum `text` kein Datum ist: „Den 31.02.2020 gibt es nicht.“ bei richtiger Form, sonst das Format."""
    if m := _FORM_DE.match(text):
        tag, monat, jahr = (int(g) for g in m.groups())
    elif m := _FORM_ISO.match(text):
        jahr, monat, tag = (int(g) for g in m.groups())
    else:
        return "Bitte ein Datum im Format TT.MM.JJJJ angeben (etwa 20.03.2020)."
    if not 1 <= monat <= 12:
        return f"Einen {monat}. Monat gibt es nicht; bitte ein Datum TT.MM.JJJJ angeben."
    return f"Den {tag:02d}.{monat:02d}.{jahr:04d} gibt es nicht; bitte ein Datum TT.MM.JJJJ angeben."


class DeutschesDatum(forms.DateField):
    """TT.MM.JJJJ (auch JJJJ-MM-TT, wie ein Datumsfeld des Browsers sendet), angezeigt als TT.MM.JJJJ; ein falsches
    Datum bekommt eine Meldung, die sagt, was falsch ist (`datum_fehler`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", FORMATE)
        kwargs.setdefault("widget", forms.DateInput(format="%d.%m.%Y"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(datum_fehler(str(value)), code="invalid") from None


def hat_markup(text: str) -> bool:
    """Ob `text` HTML-Auszeichnung, eine Zeichenreferenz oder eine Skript-Adresse enthält (`MARKUP`). Angezeigt wird
    jeder Text ohnehin maskiert; abgelehnt wird Markup, weil es in Vermerke, Exporte und Fachverfahren weiterginge."""
    return MARKUP.search(text) is not None
