"""Formulare der Kundenseite. Sie prüfen die Eingabe (Pflicht, Länge, kein Markup) mit Meldungen am
Feld; ob die Angaben fachlich gelten, prüft danach der Leitfaden "ES Beratungsgespraech"."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from kundenportal.fachverfahren.ports.verbis import KUNDENNUMMER_FORM, kundennummer_normalisieren
from kundenportal.konten.felder import hat_markup

FUEHRERSCHEINKLASSEN = (
    ("AM", "AM – Kleinkraftrad, Moped"), ("A1", "A1 – Leichtkraftrad bis 125 cm³"),
    ("A2", "A2 – Kraftrad bis 35 kW"), ("A", "A – Kraftrad"), ("B", "B – Pkw bis 3,5 t"),
    ("BE", "BE – Pkw mit Anhänger"), ("C1", "C1 – Lkw bis 7,5 t"), ("C1E", "C1E – Lkw bis 7,5 t mit Anhänger"),
    ("C", "C – Lkw über 3,5 t"), ("CE", "CE – Lkw mit Anhänger"), ("D1", "D1 – Kleinbus bis 16 Fahrgäste"),
    ("D1E", "D1E – Kleinbus mit Anhänger"), ("D", "D – Bus"), ("DE", "DE – Bus mit Anhänger"),
    ("L", "L – Land- und forstwirtschaftliche Zugmaschine bis 40 km/h"),
    ("T", "T – Land- und forstwirtschaftliche Zugmaschine bis 60 km/h"),
)
FAHRZEUGE = (("pkw", "Pkw"), ("motorrad", "Motorrad"), ("moped", "Moped oder Motorroller"), ("lkw", "Lkw"),
             ("fahrrad", "Fahrrad oder E-Bike"))
NIVEAUS = (("A1", "A1 – Anfänger"), ("A2", "A2 – Grundlegende Kenntnisse"), ("B1", "B1 – Fortgeschritten"),
           ("B2", "B2 – Selbständig"), ("C1", "C1 – Fachkundig"), ("C2", "C2 – Annähernd muttersprachlich"))
SPRACHZEILEN = 4
FREI_MAX, STELLE_MAX, SPRACHE_MAX = 2000, 1000, 50


def kein_markup(wert: str) -> None:
    if hat_markup(wert):
        raise ValidationError("Bitte geben Sie nur Text ein: HTML-Auszeichnungen wie <b> oder Skripte sind "
                              "nicht erlaubt.", code="markup")


EINGABE_MAX, LISTE_MAX = 4000, 40   # gemerkte Eingabe: Zeichen je Wert (das Doppelte des längsten Felds), Einträge
F = TypeVar("F", bound=forms.Form)


def eingabe_merken(form: forms.Form) -> dict[str, Any]:
    """Die abgelehnte Eingabe eines gebundenen Formulars klein für die Sitzung (Post/Redirect/Get auch im
    Fehlerfall): nur die Felder des Formulars (kein CSRF-Zeichen, nichts Fremdes), Texte und Listen gekürzt,
    dazu die Meldungen je Feld, so wie sie gezeigt wurden (auch die des Leitfadens)."""
    daten: dict[str, Any] = {}
    for name, feld in form.fields.items():
        wert = feld.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        daten[name] = [str(w)[:EINGABE_MAX] for w in wert[:LISTE_MAX]] if isinstance(wert, list | tuple) \
            else str(wert or "")[:EINGABE_MAX]
    fehler = {name: [str(m) for m in meldungen] for name, meldungen in form.errors.items()}
    return {"daten": daten, "fehler": fehler}


def eingabe_zeigen(form_klasse: type[F], eingabe: dict[str, Any]) -> F:
    """Das Formular aus eingabe_merken wieder, mit der Eingabe und genau den gemerkten Meldungen (nicht neu
    geprüft: eine gekürzte Eingabe soll nicht eine andere Zeichenzahl melden)."""
    form = form_klasse(eingabe.get("daten") or {})
    form.is_valid()
    form.errors.clear()
    for name, meldungen in (eingabe.get("fehler") or {}).items():
        for meldung in meldungen:
            form.add_error(None if name == NON_FIELD_ERRORS or name not in form.fields else name, meldung)
    return form


def _laenge(limit: int) -> dict[str, str]:
    return {"max_length": f"Bitte kürzen Sie Ihre Angabe auf höchstens {limit} Zeichen "
                          "(derzeit %(show_value)d Zeichen)."}


def _ohne_abschneiden(form: forms.Form) -> None:
    """Lange Textfelder ohne HTML-`maxlength`: der Browser schnitte eingefügten Text sonst stumm ab. Die Grenze
    steht im Hinweis am Feld, `data-hoechstens` zählt im Browser mit (static/eservice/kunde.js), und der Server
    meldet einen zu langen Text am Feld (_laenge)."""
    for feld in form.fields.values():
        if isinstance(feld, forms.CharField) and isinstance(feld.widget, forms.Textarea) and feld.max_length:
            feld.widget.attrs.pop("maxlength", None)
            feld.widget.attrs["data-hoechstens"] = str(feld.max_length)


KUNDENNUMMER_HINWEIS = "Die Kundennummer hat 10 Zeichen, z. B. 123A456789."


class AnmeldeForm(forms.Form):
    kundennummer = forms.CharField(
        label="Kundennummer", max_length=20,
        help_text=f"{KUNDENNUMMER_HINWEIS} Sie steht oben rechts auf jedem Schreiben der Agentur für Arbeit.",
        error_messages={"required": "Bitte geben Sie Ihre Kundennummer ein."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "characters",
                                      "spellcheck": "false"}))
    passwort = forms.CharField(
        label="Passwort", strip=False, error_messages={"required": "Bitte geben Sie Ihr Passwort ein."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_kundennummer(self) -> str:
        """Nur die Form, nie das Konto: eine Nummer, die es so nicht geben kann, bekommt den Hinweis zur Form —
        ob es ein Konto gibt, verrät das nicht. Ein solcher Versuch prüft kein Passwort und zählt darum nicht
        als Fehlversuch (views/konto.anmelden ruft kunde_anmelden nur mit gültigem Formular)."""
        nummer = kundennummer_normalisieren(self.cleaned_data.get("kundennummer", ""))
        if not KUNDENNUMMER_FORM.fullmatch(nummer):
            raise ValidationError(f"Bitte prüfen Sie Ihre Kundennummer. {KUNDENNUMMER_HINWEIS} Zuerst drei Ziffern, "
                                  "dann ein Buchstabe, dann sechs Ziffern.", code="form")
        return nummer


class BeratungsgespraechForm(forms.Form):
    fuehrerscheine = forms.MultipleChoiceField(
        label="Führerscheinklassen", required=False, choices=FUEHRERSCHEINKLASSEN,
        widget=forms.CheckboxSelectMultiple, help_text="Kreuzen Sie alle Klassen an, die Sie besitzen.",
        error_messages={"invalid_choice": "Bitte wählen Sie nur Führerscheinklassen aus der Liste."})
    fahrzeuge = forms.MultipleChoiceField(
        label="Eigene Fahrzeuge", required=False, choices=FAHRZEUGE, widget=forms.CheckboxSelectMultiple,
        help_text="Welche Fahrzeuge stehen Ihnen für den Weg zur Arbeit zur Verfügung?",
        error_messages={"invalid_choice": "Bitte wählen Sie nur Fahrzeuge aus der Liste."})
    freie_angaben = forms.CharField(
        label="Was möchten Sie uns für das Beratungsgespräch noch mitteilen?", required=False,
        max_length=FREI_MAX, validators=[kein_markup], error_messages=_laenge(FREI_MAX),
        help_text=f"Freier Text, höchstens {FREI_MAX} Zeichen.", widget=forms.Textarea(attrs={"rows": 5}))
    stellengesuch = forms.CharField(
        label="Welche Stelle suchen Sie?", required=False, max_length=STELLE_MAX, validators=[kein_markup],
        error_messages=_laenge(STELLE_MAX),
        help_text=f"Zum Beispiel Beruf, Tätigkeit, Arbeitszeit oder Ort. Höchstens {STELLE_MAX} Zeichen.",
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, SPRACHZEILEN + 1):
            self.fields[f"sprache_{i}"] = forms.CharField(
                label=f"Sprache {i}", required=False, max_length=SPRACHE_MAX, validators=[kein_markup],
                error_messages=_laenge(SPRACHE_MAX), widget=forms.TextInput(attrs={"autocomplete": "off"}))
            self.fields[f"niveau_{i}"] = forms.ChoiceField(
                label=f"Niveau Sprache {i}", required=False, choices=(("", "bitte wählen"), *NIVEAUS),
                error_messages={"invalid_choice": "Bitte wählen Sie ein Niveau von A1 bis C2."})
        # Reihenfolge wie auf der Seite: die Fehlerliste oben folgt ihr (portal/_fehlerliste.html)
        _ohne_abschneiden(self)
        self.order_fields(["fuehrerscheine", "fahrzeuge",
                           *(f"{art}_{i}" for i in range(1, SPRACHZEILEN + 1) for art in ("sprache", "niveau")),
                           "stellengesuch", "freie_angaben"])

    def sprachzeilen(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"sprache_{i}"], self[f"niveau_{i}"]) for i in range(1, SPRACHZEILEN + 1)]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        gesehen: set[str] = set()
        for i in range(1, SPRACHZEILEN + 1):
            sprache, niveau = daten.get(f"sprache_{i}", ""), daten.get(f"niveau_{i}", "")
            if sprache and not niveau:
                self.add_error(f"niveau_{i}", f"Bitte wählen Sie das Niveau für „{sprache}“.")
            elif niveau and not sprache and f"sprache_{i}" not in self.errors:
                self.add_error(f"sprache_{i}", f"Bitte geben Sie die Sprache zum Niveau {niveau} an.")
            if sprache and sprache.casefold() in gesehen:
                self.add_error(f"sprache_{i}", f"Sie haben „{sprache}“ schon angegeben.")
            gesehen.add(str(sprache).casefold())
        if not self.errors and not any(self.angaben().values()):
            raise ValidationError("Bitte machen Sie mindestens eine Angabe.", code="leer")
        return daten

    def angaben(self) -> dict[str, Any]:
        """Die Antworten für den Leitfaden, je Fakt."""
        d = self.cleaned_data
        sprachen = [{"sprache": d[f"sprache_{i}"], "niveau": d[f"niveau_{i}"]}
                    for i in range(1, SPRACHZEILEN + 1) if d.get(f"sprache_{i}") and d.get(f"niveau_{i}")]
        return {"fuehrerscheine": list(d.get("fuehrerscheine") or []), "fahrzeuge": list(d.get("fahrzeuge") or []),
                "sprachkenntnisse": sprachen, "freie_angaben": d.get("freie_angaben", ""),
                "stellengesuch": d.get("stellengesuch", "")}

    @staticmethod
    def daten_aus(angaben: dict[str, Any]) -> dict[str, Any]:
        """Formulardaten aus gespeicherten Angaben (zum Ändern nach der Zusammenfassung)."""
        daten: dict[str, Any] = {k: angaben.get(k, "") for k in ("fuehrerscheine", "fahrzeuge", "freie_angaben",
                                                                 "stellengesuch")}
        for i, s in enumerate(angaben.get("sprachkenntnisse") or [], start=1):
            daten[f"sprache_{i}"], daten[f"niveau_{i}"] = s["sprache"], s["niveau"]
        return daten

    def feld_zu_fakt(self, fakt: str) -> str | None:
        return "sprache_1" if fakt == "sprachkenntnisse" else fakt if fakt in self.fields else None


GRUND_MAX = 500


class TerminAbsageForm(forms.Form):
    grund = forms.CharField(
        label="Grund der Absage", min_length=3, max_length=GRUND_MAX, validators=[kein_markup],
        help_text=f"Zum Beispiel: Ich habe eine Arbeit aufgenommen. Höchstens {GRUND_MAX} Zeichen.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Bitte geben Sie einen Grund für die Absage an.",
                        "min_length": "Bitte geben Sie einen Grund für die Absage an (mindestens 3 Zeichen).",
                        **_laenge(GRUND_MAX)})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _ohne_abschneiden(self)
