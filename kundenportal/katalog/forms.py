"""Filter der Katalogseiten und die Suche: Eingaben aus der Adresszeile prüfen."""

from __future__ import annotations

from django import forms

from .queries import katalog

KANAELE = [("ez", "Eingangszone"), ("sc3", "Service Center SGB III"), ("scfk", "Service Center Familienkasse"),
           ("emb", "E-Mail-Bearbeitung"), ("eservice", "eService")]


def _standorte() -> list[tuple[str, str]]:
    return [("", "alle (ohne Pilot)"), *((n, n) for n in sorted(katalog().standorte.agenturen))]


class KatalogFilter(forms.Form):
    kanal = forms.ChoiceField(label="Kanal", required=False, choices=[("", "alle"), *KANAELE])
    weisung = forms.ChoiceField(label="Weisung", required=False)
    datum = forms.DateField(label="Gültig am", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    standort = forms.ChoiceField(label="Standort", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        weisungen = sorted(katalog().weisungen.values(), key=lambda w: w.nummer, reverse=True)
        self.fields["weisung"].choices = [("", "alle"), *((w.nummer, f"{w.nummer} – {w.titel}") for w in weisungen)]  # type: ignore[attr-defined]
        self.fields["standort"].choices = _standorte()  # type: ignore[attr-defined]


class SuchForm(forms.Form):
    q = forms.CharField(label="Anliegen", required=False, max_length=200)
    datum = forms.DateField(label="Gültig am", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    standort = forms.ChoiceField(label="Standort", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["standort"].choices = _standorte()  # type: ignore[attr-defined]
