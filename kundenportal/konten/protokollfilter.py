"""Der Filter des Zugriffsprotokolls (Administration): Kundennummer (wie in der Kundensuche gelesen), Benutzer
(Teil des Namens, Groß-/Kleinschreibung egal), Aktion, nur Lesezugriffe ohne Kontakt, Zeitraum — geprüft, mit Meldung am Feld. Er kommt per
POST (eine Kundennummer gehört nicht in die URL); geblättert wird mit demselben Formular (`seite`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from kundenportal import zeit
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren

SEITE = 100                     # Einträge je Seite
KUNDENNUMMER = re.compile(r"[0-9A-Z]{4,20}")


def _datum(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={
        "type": "date", "min": zeit.FRUEHESTENS.isoformat(), "max": zeit.SPAETESTENS.isoformat()}),
        error_messages={"invalid": "Bitte ein Datum angeben (TT.MM.JJJJ)."})


class ProtokollFilter(forms.Form):
    kundennummer = forms.CharField(label="Kundennummer", required=False, max_length=40, error_messages={
        "max_length": "Eine Kundennummer hat höchstens 20 Zeichen (eingegeben: %(show_value)d)."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    benutzer = forms.CharField(label="Benutzer", required=False, max_length=150,
                               help_text="Auch ein Teil des Namens, Groß-/Kleinschreibung egal (z. B. „agent“).",
                               error_messages={"max_length": "Ein Benutzername hat höchstens 150 Zeichen."})
    aktion = forms.CharField(required=False, max_length=80)
    # Der Hinweis dazu steht unter den Knöpfen (konten/protokoll.html, aria-describedby): in der Zeile des Filters
    # bräche er in eine schmale Spalte um.
    ohne_kontakt = forms.BooleanField(label="Nur Lesezugriffe ohne Kontakt", required=False)
    von = _datum("Von")
    bis = _datum("Bis")
    seite = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def clean_kundennummer(self) -> str:
        eingabe = str(self.cleaned_data.get("kundennummer") or "").strip()
        if not eingabe:
            return ""
        nummer = kundennummer_normalisieren(eingabe)
        if not KUNDENNUMMER.fullmatch(nummer):
            raise forms.ValidationError("Das ist keine Kundennummer: erlaubt sind Ziffern und Buchstaben, "
                                        "4 bis 20 Zeichen (z. B. 955A999002).")
        return nummer

    def _im_rahmen(self, feld: str) -> Any:
        tag = self.cleaned_data.get(feld)
        if tag is not None and not zeit.FRUEHESTENS <= tag <= zeit.SPAETESTENS:
            raise forms.ValidationError(f"Bitte ein Datum zwischen dem {zeit.FRUEHESTENS:%d.%m.%Y} und dem "
                                        f"{zeit.SPAETESTENS:%d.%m.%Y} angeben.")
        return tag

    def clean_von(self) -> Any:
        return self._im_rahmen("von")

    def clean_bis(self) -> Any:
        return self._im_rahmen("bis")

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        von, bis = daten.get("von"), daten.get("bis")
        if von and bis and bis < von:
            self.add_error("bis", f"„Bis“ ({bis:%d.%m.%Y}) liegt vor „Von“ ({von:%d.%m.%Y}).")
        return daten
