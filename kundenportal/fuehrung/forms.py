"""Filter der Anlagen 5 und 7: Zeitraum (TT.MM.JJJJ) und Standort; Maßnahme zur Anlage 7."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kundenportal.verdrahtung import katalog

from .kennzahlen import GRUPPEN, PHASEN
from .kennzahlen_zeit import WEISUNG_TAG

FORMATE = ["%d.%m.%Y", "%Y-%m-%d"]
VON, BIS = WEISUNG_TAG - dt.timedelta(days=48), WEISUNG_TAG + dt.timedelta(days=41)   # 01.02.–30.04.2020


class ZeitraumFilter(forms.Form):
    von = forms.DateField(label="Von (TT.MM.JJJJ)", input_formats=FORMATE, required=False,
                          error_messages={"invalid": "Bitte ein Datum TT.MM.JJJJ angeben."})
    bis = forms.DateField(label="Bis (TT.MM.JJJJ)", input_formats=FORMATE, required=False,
                          error_messages={"invalid": "Bitte ein Datum TT.MM.JJJJ angeben."})
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

    def werte(self) -> tuple[dt.date, dt.date, str | None, str, str]:
        d = self.cleaned_data
        return (d.get("von") or VON, d.get("bis") or BIS, d.get("standort") or None, d.get("gruppe") or "",
                d.get("phase") or "")


class MassnahmeForm(forms.Form):
    regel = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="Vereinbarte Maßnahme", max_length=500)
