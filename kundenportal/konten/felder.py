"""Formularfelder und Prüfungen, die mehrere Seiten-Apps teilen: das Datum im deutschen Format, Freitext ohne
Markup.

Djangos DateField meldet für „31.02.2020“ dasselbe wie für „morgen“ („Enter a valid date“); wer TT.MM.JJJJ
schon richtig schreibt, erfährt so nicht, was falsch ist. Dieses Feld sagt es."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms

FORMATE = ["%d.%m.%Y", "%Y-%m-%d"]
# HTML-Auszeichnung, Zeichenreferenz oder Skript-Adresse — ein „<“ oder „>“ allein (Wartezeit > 5 Min.) ist Text.
# Ein Tag beginnt mit „<“ direkt vor dem Namen (HTML: kein Leerraum dazwischen), „</“, „<!“ oder „<?“.
MARKUP = re.compile(r"</?[A-Za-z!?]|&#?\w+;|javascript:", re.IGNORECASE)
MONATE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")
_FORM_DE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*")
_FORM_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def tag_monat_jahr(wert: object) -> tuple[int, int, int] | None:
    """(Tag, Monat, Jahr), wenn `wert` wie ein Datum geschrieben ist (TT.MM.JJJJ oder JJJJ-MM-TT), sonst None."""
    text = str(wert or "")
    if (t := _FORM_DE.fullmatch(text)) is not None:
        return int(t[1]), int(t[2]), int(t[3])
    if (t := _FORM_ISO.fullmatch(text)) is not None:
        return int(t[3]), int(t[2]), int(t[1])
    return None


def datum_gibt_es_nicht(tag: int, monat: int, jahr: int) -> str | None:
    """„Den 31.02.2020 gibt es nicht: …“ mit dem Grund, wenn das Datum nicht existiert; sonst None."""
    geschrieben = f"{tag:02d}.{monat:02d}.{jahr:04d}"
    if not 1 <= monat <= 12:
        return f"Den {geschrieben} gibt es nicht: ein Jahr hat die Monate 01 bis 12."
    tage = calendar.monthrange(jahr, monat)[1] if jahr >= 1 else 31
    if not 1 <= tag <= tage:
        return f"Den {geschrieben} gibt es nicht: der {MONATE[monat - 1]} {jahr} hat {tage} Tage."
    return None


def datum_fehler(text: str) -> str:
    """Warum `text` kein Datum ist: „Den 31.02.2020 gibt es nicht: der Februar 2020 hat 29 Tage.“ bei richtiger
    Schreibweise, sonst die Schreibweise."""
    t = tag_monat_jahr(text)
    return (datum_gibt_es_nicht(*t) if t is not None else None) or FORMAT_FEHLER


FORMAT_FEHLER = "Bitte ein Datum in der Form TT.MM.JJJJ angeben, z. B. 15.04.2020."


class DeutschesDatum(forms.DateField):
    """TT.MM.JJJJ (auch JJJJ-MM-TT, wie ein Datumsfeld des Browsers sendet), angezeigt als TT.MM.JJJJ; ein falsches
    Datum bekommt eine Meldung, die sagt, was falsch ist (`datum_fehler`)."""

    widget: type[forms.Widget] | forms.Widget = forms.DateInput(format="%d.%m.%Y")
    input_formats = FORMATE

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as fehler:
            if fehler.code != "invalid":
                raise
            t = tag_monat_jahr(value)
            grund = datum_gibt_es_nicht(*t) if t is not None else None
            raise forms.ValidationError(grund or FORMAT_FEHLER, code="gibt_es_nicht" if grund else "invalid") from None


class MehrzeiligerText(forms.CharField):
    """Text aus einer Textarea: Zeilenumbrüche zählen als ein Zeichen wie im Browser (maxlength). Der Browser
    sendet „\r\n“; ungleich gezählt lehnte der Server bei 200 Zeilen 200 Zeichen zu früh ab, was die Seite erlaubt
    hatte (Vermerk, QS-Kommentar)."""

    def to_python(self, value: Any) -> Any:
        wert = super().to_python(value)
        return wert.replace("\r\n", "\n") if isinstance(wert, str) else wert


def hat_markup(text: str) -> bool:
    """Ob `text` HTML-Auszeichnung, eine Zeichenreferenz oder eine Skript-Adresse enthält (`MARKUP`). Angezeigt wird
    jeder Text ohnehin maskiert; abgelehnt wird Markup, weil es in Vermerke, Exporte und Fachverfahren weiterginge."""
    return MARKUP.search(text) is not None


class VonBisImBereich(forms.Form):
    """Formular mit den Feldern `von` und `bis`: jedes Datum liegt in 2000–2100 (kundenportal.zeitraum), sonst
    steht die Meldung am Feld. Eine Regel für den Filter der Anlagen und die QS-Auswertung."""

    def _im_bereich(self, feld: str) -> dt.date | None:
        from kundenportal.zeitraum import bereich_fehler

        tag: dt.date | None = self.cleaned_data.get(feld)
        if tag is not None and (fehler := bereich_fehler(tag)):
            raise forms.ValidationError(fehler, code="bereich")
        return tag

    def clean_von(self) -> dt.date | None:
        return self._im_bereich("von")

    def clean_bis(self) -> dt.date | None:
        return self._im_bereich("bis")
