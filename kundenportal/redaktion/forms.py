"""Formulare der Redaktion: nur Eingaben lesen und prüfen; Regeln stehen in services/."""

from __future__ import annotations

from typing import Any

from django import forms

from kundenportal.leitfaden.modell import ID_MUSTER

from .models import Katalogdatei
from .struktur import ARTEN


class DatumsFeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntwurfBeginnen(forms.Form):
    basis = forms.ModelChoiceField(label="Veröffentlichte Fassung", queryset=Katalogdatei.objects.none(),
                                   empty_label=None)
    stand = DatumsFeld(label="Stand des Entwurfs")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        feld = self.fields["basis"]
        assert isinstance(feld, forms.ModelChoiceField)
        feld.queryset = Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG, status=Katalogdatei.VEROEFFENTLICHT
                                                    ).order_by("leitfaden_id", "stand")
        feld.label_from_instance = lambda obj: f"{obj.leitfaden_id}, Stand {obj.stand:%d.%m.%Y}"  # type: ignore[method-assign]


class NeuerLeitfaden(forms.Form):
    leitfaden_id = forms.RegexField(label="Kennung (z. B. SC 3.400)", regex=ID_MUSTER,
                                    error_messages={"invalid": "Form: Bereich (EZ, SC, FK, EMB, ES, BS), "
                                                               "Leerzeichen, Nummer (z. B. SC 3.400)"})
    titel = forms.CharField(label="Titel", max_length=200)
    ordner = forms.RegexField(label="Ordner unter leitfaeden/ (z. B. sc/3.400)", regex=r"^[a-z]+/[a-z0-9.\-]+$",
                              error_messages={"invalid": "Form: <bereich>/<nummer>, z. B. sc/3.400"})
    weisung = forms.CharField(label="Weisung (Nummer)", max_length=20)
    stand = DatumsFeld(label="Stand")


class EntwurfBearbeiten(forms.Form):
    text = forms.CharField(label="Quelltext (YAML)", widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
                           strip=False)
    kopf_text = forms.CharField(label="Leitfadenkopf (YAML)", required=False, strip=False,
                                widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeldAendern(forms.Form):
    """Eine Änderung im strukturierten Editor: Schritt, Feld (z. B. text, weiter.1.wenn), neuer Wert."""

    schritt = forms.CharField(max_length=80)
    feld = forms.RegexField(regex=r"^[a-z_]+(\.[a-z0-9_]+)*$", max_length=80)
    wert = forms.CharField(label="Neuer Wert", strip=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SchrittAnfuegen(forms.Form):
    schritt_id = forms.RegexField(label="Kennung des neuen Schritts", max_length=60, regex=r"^[a-z][a-z0-9_]*$",
                                  error_messages={"invalid": "Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)"})
    art = forms.ChoiceField(label="Art", choices=list(ARTEN.items()))
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    weiter = forms.CharField(label="Weiter zu (Schritt) oder Ergebnis (bei Ende)", max_length=60, required=False)
    hinter = forms.CharField(label="Einfügen hinter Schritt (leer: am Ende)", max_length=60, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaketAnlegen(forms.Form):
    weisung = forms.CharField(label="Weisung (Nummer)", max_length=20)
    titel = forms.CharField(label="Titel", max_length=200)
    datum = DatumsFeld(label="Datum der Weisung")
    stand = forms.CharField(label="Stand (z. B. 03/2020)", max_length=60, required=False)
    gueltig_ab = DatumsFeld(label="Gültig ab (Vorschlag)", required=False)
    gueltig_bis = DatumsFeld(label="Gültig bis", required=False)
    verbuende = forms.MultipleChoiceField(label="Standortregel: gilt nur in den Verbünden", required=False,
                                          widget=forms.CheckboxSelectMultiple)
    agenturen = forms.MultipleChoiceField(label="Standortregel: gilt nur in den Agenturen", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, standorte: Any = None, **kwargs: Any) -> None:
        """`standorte`: leitfaden.standorte.Standorte (standorte.yaml) — die Auswahl der Standortregeln."""
        super().__init__(*args, **kwargs)
        if standorte is not None:
            for name, wahl in (("verbuende", sorted(standorte.verbuende.items(), key=lambda x: x[1])),
                               ("agenturen", sorted((a, f"{a} ({standorte.verbuende.get(x.verbund, x.verbund)})")
                                                    for a, x in standorte.agenturen.items()))):
                feld = self.fields[name]
                assert isinstance(feld, forms.MultipleChoiceField)
                feld.choices = wahl

    def clean(self) -> dict[str, Any]:
        """Die Standortregeln als ein Geltungsbereich (leer: gilt überall); „Gültig bis“ nicht vor „Gültig ab“."""
        daten = super().clean() or {}
        ab, bis = daten.get("gueltig_ab"), daten.get("gueltig_bis")
        if ab is not None and bis is not None and bis < ab:
            self.add_error("gueltig_bis", f"Gültig bis ({bis:%d.%m.%Y}) darf nicht vor „Gültig ab“ "
                                          f"({ab:%d.%m.%Y}) liegen: ein späteres Datum wählen oder leer lassen.")
        verbuende, agenturen = daten.pop("verbuende", []) or [], daten.pop("agenturen", []) or []
        daten["geltungsbereich"] = {"verbuende": verbuende, "agenturen": agenturen} if verbuende or agenturen else {}
        return daten


class PaketAendern(PaketAnlegen):
    """Die Angaben eines Pakets ändern; `fingerabdruck`: der Stand, den die Seite zeigte (kein verlorenes Update)."""

    fingerabdruck = forms.CharField(widget=forms.HiddenInput)


class Freigeben(forms.Form):
    gueltig_ab = DatumsFeld(label="Gültig ab")
    kommentar = forms.CharField(label="Kommentar", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class Zurueckweisen(forms.Form):
    kommentar = forms.CharField(label="Was ist zu ändern?", widget=forms.Textarea(attrs={"rows": 3}))


class SzenarioAufzeichnen(forms.Form):
    """Ein Weg durch den Entwurf: Antworten (Fakt: Wert je Zeile) und erwartetes Ergebnis."""

    szenario_id = forms.RegexField(label="Kennung (a-z, 0-9, -)", regex=r"^[a-z0-9-]+$", max_length=80)
    titel = forms.CharField(label="Titel", max_length=200)
    datum = DatumsFeld(label="Datum des Kontakts")
    kanal = forms.ChoiceField(label="Kanal", choices=[("sc3", "Service Center SGB III"), ("ez", "Eingangszone"),
                                                      ("scfk", "Service Center Familienkasse"),
                                                      ("emb", "E-Mail-Bearbeitung"), ("eservice", "eService")])
    ausgangslage = forms.CharField(label="Ausgangslage (YAML, optional)", required=False, strip=False,
                                   widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}))
