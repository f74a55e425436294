"""Das Formular „Neue Antwortoptionen“ eines Freigabepakets: je Zeile Frage, Wert und Beschriftung (mehrere Zeilen,
„Weitere Zeilen“ ohne JavaScript). Geprüft wird hier die Form jeder Zeile, am Feld; die Regeln des Vokabulars (schon
vorhanden, Umbenennung) prüft der Dienst (services/optionen.py) — seine Meldung kommt an dieselbe Zeile."""

from __future__ import annotations

from typing import Any

from django import forms

from kundenportal.leitfaden.vokabular import Vokabular
from kundenportal.leitfaden.vokabular_zusatz import LABEL_LAENGE, WERT_LAENGE, NeueOption, fragen_mit_optionen

LEERE_ZEILEN = 2


def mit_fragen(formset: Any, fragen: list[tuple[str, str]]) -> Any:
    """Die Auswahl der Fragen in jede Zeile (vor dem Prüfen: die Wahl muss eine der Fragen sein)."""
    for form in formset.forms:
        form.fields["fakt"].choices = fragen
    return formset


def fragen_auswahl(vok: Vokabular) -> list[tuple[str, str]]:
    """Die Fragen mit festen Antwortoptionen für die Auswahl: „Beschriftung (fakt)“, nach Beschriftung."""
    fragen = sorted(((f.name, f"{f.label} ({f.name})") for f in fragen_mit_optionen(vok)), key=lambda p: p[1].lower())
    return [("", "– Frage wählen –"), *fragen]


class NeueOptionZeile(forms.Form):
    fakt = forms.ChoiceField(label="Frage", required=False, choices=())
    wert = forms.CharField(label="Wert (Code)", required=False, max_length=WERT_LAENGE,
                           help_text="Kleinbuchstaben, Ziffern, Unterstriche, z. B. auskunft_termin.")
    label = forms.CharField(label="Beschriftung im Gespräch", required=False, max_length=LABEL_LAENGE,
                            help_text="So lesen die Beschäftigten die Option, z. B. „Auskunft zum Termin“.")

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        belegt = any((daten.get(n) or "").strip() for n in ("wert", "label"))
        if belegt and not daten.get("fakt"):
            self.add_error("fakt", "Bitte die Frage wählen, deren Antwortoptionen ergänzt werden.")
        return daten


class NeueOptionenBasis(forms.BaseFormSet):  # type: ignore[type-arg]
    """Leere Zeilen (ohne Wert und Beschriftung) zählen nicht; `optionen` sind die belegten Zeilen."""

    def clean(self) -> None:
        super().clean()
        self.optionen: list[NeueOption] = []
        self.zeile_von: list[int] = []           # Index in `optionen` → Formular (für Meldungen des Dienstes)
        for i, f in enumerate(self.forms):
            d = getattr(f, "cleaned_data", None) or {}
            if (d.get("wert") or "").strip() or (d.get("label") or "").strip():
                self.optionen.append(NeueOption(d.get("fakt") or "", (d.get("wert") or "").strip(),
                                                (d.get("label") or "").strip()))
                self.zeile_von.append(i)


NeueOptionen = forms.formset_factory(NeueOptionZeile, formset=NeueOptionenBasis, extra=0, max_num=40, absolute_max=40)
