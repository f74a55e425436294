"""Formulare der Qualitätssicherung: Stichprobe ziehen, Kontakt bewerten (Urteil je Kriterium)."""

from __future__ import annotations

from typing import Any

from django import forms

from .kriterien import KOMMENTAR_LAENGE, KRITERIEN, URTEILE
from .services import STICHPROBE_MAX, TAGE_MAX


class StichprobeZiehen(forms.Form):
    n = forms.IntegerField(label="Anzahl Kontakte", min_value=1, max_value=STICHPROBE_MAX, initial=5)
    tage = forms.IntegerField(label="Abgeschlossen in den letzten … Tagen", min_value=1, max_value=TAGE_MAX,
                              initial=14)
    leitfaden = forms.ChoiceField(label="Leitfaden", required=False)

    def __init__(self, *args: Any, leitfaeden: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        auswahl = self.fields["leitfaden"]
        assert isinstance(auswahl, forms.ChoiceField)
        auswahl.choices = [("", "alle Leitfäden"), *((lf, lf) for lf in leitfaeden)]


class BewertungForm(forms.Form):
    """Ein Radiofeld je Kriterium (die Vorlage setzt je Feld fieldset und legend) und ein Kommentar."""

    kommentar = forms.CharField(label="Kommentar (optional, ohne Markup)", required=False,
                                max_length=KOMMENTAR_LAENGE, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kriterium, text in KRITERIEN.items():
            self.fields[kriterium] = forms.ChoiceField(label=text, choices=list(URTEILE.items()),
                                                       widget=forms.RadioSelect)
        self.order_fields([*KRITERIEN, "kommentar"])

    def clean_kommentar(self) -> str:
        kommentar: str = self.cleaned_data["kommentar"].strip()
        if "<" in kommentar or ">" in kommentar:
            raise forms.ValidationError("Der Kommentar darf kein Markup enthalten (keine Zeichen < und >).")
        return kommentar

    def kriterien(self) -> list[forms.BoundField]:
        return [self[k] for k in KRITERIEN]
