"""Filter der Anlagen 5 und 7: Zeitraum (TT.MM.JJJJ, 01.01.2000–31.12.2100) und Standort; Maßnahme zur Anlage 7."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kundenportal.verdrahtung import katalog

from .kennzahlen import BIS, GRUPPEN, PHASEN, VON, Zeitraum, bereich_fehler, zeitraum_ergaenzen

__all__ = ["BIS", "VON", "MassnahmeForm", "ZeitraumFilter"]

FORMATE = ["%d.%m.%Y", "%Y-%m-%d"]
FEHLER_DATUM = {"invalid": "Bitte ein Datum TT.MM.JJJJ angeben."}


def _datum(label: str, hilfe: str) -> forms.DateField:
    return forms.DateField(label=label, input_formats=FORMATE, required=False, error_messages=FEHLER_DATUM,
                           help_text=hilfe, widget=forms.DateInput(format="%d.%m.%Y"))


class ZeitraumFilter(forms.Form):
    von = _datum("Von (TT.MM.JJJJ)", "Leer: ab dem Ersten des dritten Monats vor „Bis“ (ohne beides: "
                                     f"{VON:%d.%m.%Y}–{BIS:%d.%m.%Y}).")
    bis = _datum("Bis (TT.MM.JJJJ)", "Leer: bis zum Ende des dritten Monats ab „Von“.")
    standort = forms.ChoiceField(label="Standort", required=False)
    gruppe = forms.ChoiceField(label="Standortgruppe", required=False, choices=list(GRUPPEN.items()))
    phase = forms.ChoiceField(label="Zeit zur Weisung", required=False, choices=list(PHASEN.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        feld = self.fields["standort"]
        assert isinstance(feld, forms.ChoiceField)
        agenturen = katalog().standorte.agenturen.values()
        feld.choices = [("", "alle Standorte"), *((a.name, a.name + (" (Pilot Weiterbildungsberatung)"
                                                                     if a.pilot_weiterbildungsberatung else ""))
                                                 for a in sorted(agenturen, key=lambda a: a.name))]

    @classmethod
    def angewandt(cls, z: Zeitraum) -> ZeitraumFilter:
        """Das Formular mit dem Zeitraum, der wirklich gilt (auch die ergänzten Daten), zum Anzeigen."""
        return cls(initial={"von": z.von, "bis": z.bis, "standort": z.standort or "", "gruppe": z.gruppe,
                            "phase": z.phase})

    def _im_bereich(self, feld: str) -> dt.date | None:
        tag: dt.date | None = self.cleaned_data.get(feld)
        if tag is not None and (fehler := bereich_fehler(tag)):
            raise forms.ValidationError(fehler, code="bereich")
        return tag

    def clean_von(self) -> dt.date | None:
        return self._im_bereich("von")

    def clean_bis(self) -> dt.date | None:
        return self._im_bereich("bis")

    def werte(self) -> tuple[dt.date, dt.date, str | None, str, str]:
        d = self.cleaned_data
        von, bis = zeitraum_ergaenzen(d.get("von"), d.get("bis"))
        return von, bis, d.get("standort") or None, d.get("gruppe") or "", d.get("phase") or ""


class MassnahmeForm(forms.Form):
    regel = forms.CharField(widget=forms.HiddenInput)
    standort = forms.CharField(widget=forms.HiddenInput, required=False)   # der gefilterte Standort, leer: alle
    text = forms.CharField(label="Vereinbarte Maßnahme", max_length=500)
