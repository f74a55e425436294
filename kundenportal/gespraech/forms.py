"""Formulare des Arbeitsplatzes: Kunde finden, freie Termine filtern, Vermerk abschließen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from kundenportal import zeit
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.konten.felder import MehrzeiligerText
from kundenportal.leitfaden.vermerk import ABBRUCH_GRUND
from kundenportal.lesbar import zahl


class KundeFinden(forms.Form):
    kundennummer = forms.CharField(label="Kundennummer", required=False, max_length=40,
                                   widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off",
                                                                 "spellcheck": "false"}))
    nachname = forms.CharField(label="Nachname", required=False, max_length=100)
    geburtsdatum = forms.DateField(label="Geburtsdatum", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def clean_kundennummer(self) -> str:
        return kundennummer_normalisieren(self.cleaned_data.get("kundennummer", ""))

    def clean(self) -> dict[str, Any]:
        """Ohne Kundennummer gehören Nachname und Geburtsdatum zusammen: fehlt eins, steht die Meldung an diesem Feld.
        Ein unmögliches Datum (31.02.) schickt der Browser im Datumsfeld leer — darum nennt die Meldung beides."""
        daten = super().clean() or {}
        if daten.get("kundennummer") or (daten.get("nachname") and daten.get("geburtsdatum")):
            return daten
        if daten.get("nachname") and "geburtsdatum" not in self.errors:
            self.add_error("geburtsdatum", "Zum Nachnamen fehlt das Geburtsdatum – oder es ist kein gültiges Datum "
                                           "(TT.MM.JJJJ).")
        elif daten.get("geburtsdatum"):
            self.add_error("nachname", "Zum Geburtsdatum fehlt der Nachname.")
        elif not self.errors:
            raise forms.ValidationError("Geben Sie die Kundennummer an – oder Nachname und Geburtsdatum.")
        return daten

    def full_clean(self) -> None:
        """Der Fokus (autofocus) steht nach dem Prüfen auf dem ersten Feld mit Meldung, nicht stets auf der
        Kundennummer: die Agentin korrigiert dort, wo die Meldung steht."""
        super().full_clean()
        erstes = next((name for name in self.fields if name in self.errors), None)
        if erstes is not None:
            for name, feld in self.fields.items():
                feld.widget.attrs.pop("autofocus", None)
                if name == erstes:
                    feld.widget.attrs["autofocus"] = True


VERMERK_MAX = 20000


class _HoechstensZeichen(MaxLengthValidator):
    """Wie Djangos MaxLengthValidator, die Zahlen aber mit Tausenderpunkt („20.001 … höchstens 20.000“) wie jede
    andere Längenmeldung im Gespräch (eingabe.text_antwort) — Djangos %(limit_value)s schriebe „20000“."""

    def __call__(self, value: Any) -> None:
        laenge = self.clean(value)
        if self.compare(laenge, self.limit_value):
            raise ValidationError(f"Der Vermerk ist {zahl(laenge)} Zeichen lang; erlaubt sind höchstens "
                                  f"{zahl(self.limit_value)}.", code=self.code)


class _Vermerk(MehrzeiligerText):
    """Der Vermerk: höchstens VERMERK_MAX Zeichen (maxlength am Feld), die Meldung mit deutschen Zahlen."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        if self.max_length is not None:
            self.validators.append(_HoechstensZeichen(int(self.max_length)))


class Abschluss(forms.Form):
    vermerk = _Vermerk(label="Kontaktvermerk (vor dem Speichern bearbeitbar)",
                       widget=forms.Textarea(attrs={"aria-describedby": "ergebnis", "data-fokus": ""}),
                       max_length=VERMERK_MAX, error_messages={"required": "Der Vermerk darf nicht leer sein."})

    def clean_vermerk(self) -> str:
        """Der vorausgefüllte Abbruchvermerk endet mit „Grund des Abbruchs:“ — ohne Grund danach wird er nicht
        gespeichert (die Qualitätssicherung liest sonst nur, dass abgebrochen wurde, nicht warum)."""
        text = str(self.cleaned_data["vermerk"])
        if ABBRUCH_GRUND in text and not text.rsplit(ABBRUCH_GRUND, 1)[1].strip():
            raise forms.ValidationError(f"Bitte tragen Sie nach „{ABBRUCH_GRUND}“ ein, warum der Kontakt vorzeitig "
                                        "endet.", code="abbruch_ohne_grund")
        return text


class TerminFilter(forms.Form):
    """Filter über den freien Terminen (GET): Agentur und „ab Tag“; leer = die nächsten zehn."""

    agentur = forms.CharField(label="Agentur", required=False, max_length=100)
    tag = forms.DateField(label="Ab Tag", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": "Bitte geben Sie den Tag als Datum an (TT.MM.JJJJ)."})

    def clean_tag(self) -> Any:
        """Ein Tag vor heute filtert nichts (freie Termine gibt es erst ab heute): sagen statt still übergehen."""
        tag = self.cleaned_data.get("tag")
        if tag is not None and tag < zeit.heute():
            raise ValidationError(f"Der {tag:%d.%m.%Y} liegt vor heute: freie Termine gibt es erst ab heute "
                                  f"({zeit.heute():%d.%m.%Y}).", code="vergangen")
        if tag is not None and tag > zeit.SPAETESTENS:
            raise ValidationError(f"Bitte einen Tag bis {zeit.SPAETESTENS:%d.%m.%Y} angeben.", code="zu_spaet")
        return tag
