"""Filter der Anlagen 5 und 7: Zeitraum (TT.MM.JJJJ, 01.01.2000–31.12.2100) und Standort, in der Anlage 5 dazu der
Kanal; die Auswahl einer Kennzahl für die Kontakte dahinter; Maßnahme zur Anlage 7 (festhalten und ändern)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kundenportal.konten.felder import DeutschesDatum, VonBisImBereich
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.verdrahtung import katalog

from .kennzahlen import BIS, GRUPPEN, PHASEN, SGB3_KANAELE, VON, Zeitraum, zeitraum_ergaenzen
from .services import TEXT_MAX

__all__ = ["BIS", "VON", "Anlage5Filter", "MassnahmeAendernForm", "MassnahmeForm", "ZeitraumFilter"]

def _datum(label: str, hilfe: str) -> forms.DateField:
    return DeutschesDatum(label=label, required=False, help_text=hilfe)


class ZeitraumFilter(VonBisImBereich):
    von = _datum("Von (TT.MM.JJJJ)", "Leer: ab dem Ersten des dritten Monats vor „Bis“ (ohne beides: "
                                     f"{VON:%d.%m.%Y}–{BIS:%d.%m.%Y}).")
    bis = _datum("Bis (TT.MM.JJJJ)", "Leer: bis zum Ende des dritten Monats ab „Von“.")
    standort = forms.ChoiceField(label="Standort", required=False)
    gruppe = forms.ChoiceField(label="Standortgruppe", required=False, choices=list(GRUPPEN.items()))
    phase = forms.ChoiceField(label="Zeit zur Weisung", required=False, choices=list(PHASEN.items()))

    def __init__(self, *args: Any, eigener: str = "", **kwargs: Any) -> None:
        """`eigener`: der Standort der Teamleitung; in der Auswahl steht er mit „Ihr Standort“."""
        super().__init__(*args, **kwargs)
        feld = self.fields["standort"]
        assert isinstance(feld, forms.ChoiceField)
        agenturen = katalog().standorte.agenturen.values()

        def name(a: Any) -> str:
            zusatz = [*(["Ihr Standort"] if a.name == eigener else []),
                      *(["Pilot Weiterbildungsberatung"] if a.pilot_weiterbildungsberatung else [])]
            return str(a.name) + (f" ({', '.join(zusatz)})" if zusatz else "")

        feld.choices = [("", "alle Standorte"), *((a.name, name(a)) for a in sorted(agenturen, key=lambda a: a.name))]

    @classmethod
    def angewandt(cls, z: Zeitraum, **optionen: Any) -> ZeitraumFilter:
        """Das Formular mit dem Zeitraum, der wirklich gilt (auch die ergänzten Daten), zum Anzeigen."""
        return cls(initial={"von": z.von, "bis": z.bis, "standort": z.standort or "", "gruppe": z.gruppe,
                            "phase": z.phase, "kanal": z.kanal}, **optionen)

    def werte(self) -> tuple[dt.date, dt.date, str | None, str, str]:
        d = self.cleaned_data
        von, bis = zeitraum_ergaenzen(d.get("von"), d.get("bis"))
        return von, bis, d.get("standort") or None, d.get("gruppe") or "", d.get("phase") or ""

    def zeitraum(self) -> Zeitraum:
        """Der Zeitraum der Eingaben (ungeprüft: `Zeitraum.pruefen` meldet Unmögliches)."""
        return Zeitraum(*self.werte(), kanal=self.cleaned_data.get("kanal") or "")


class Anlage5Filter(ZeitraumFilter):
    """Die Anlage 5 zählt die Kanäle des Rechtskreises SGB III; einer davon lässt sich wählen. Angeboten werden nur
    die Kanäle der Teamleitung (`kanaele`, kontaktliste.kanaele_der_teamleitung): die Teamleitung E-Mail sieht
    allein „E-Mail-Bearbeitung“. Einen fremden Kanal in der Adresse lehnt die Seite vorher mit 403 ab
    (views._anlage5); hier bleibt nur, was gar kein Kanal der Anlage ist (Fehler am Feld)."""

    kanal = forms.ChoiceField(label="Kanal", required=False,
                              choices=[("", "alle Kanäle (SGB III)"),
                                       *((k, KANAL_NAMEN.get(k, k)) for k in SGB3_KANAELE)])

    def __init__(self, *args: Any, kanaele: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kanaele is None or set(kanaele) >= set(SGB3_KANAELE):
            return
        feld = self.fields["kanal"]
        assert isinstance(feld, forms.ChoiceField)
        eigene = [(k, KANAL_NAMEN.get(k, k)) for k in SGB3_KANAELE if k in kanaele]
        feld.choices = eigene if len(eigene) == 1 else [("", "alle Ihre Kanäle"), *eigene]


class KennzahlAuswahl(forms.Form):
    """Welche Zelle der Anlage 5 (Kennzahl, bei der Abgabequote das Backoffice, Vergleichsgruppe) und welche
    Seite der Kontakte dahinter; geprüft gegen die Kennzahlen in kontaktliste.py."""

    kennzahl = forms.CharField(max_length=40, error_messages={
        "required": "Es fehlt die Kennzahl; bitte die Zahl in der Anlage 5 über ihren Verweis öffnen."})
    stelle = forms.CharField(max_length=40, required=False)
    vergleich = forms.CharField(max_length=20, error_messages={      # pilot-vor | pilot-ab | andere-vor | andere-ab
        "required": "Es fehlt die Vergleichsgruppe; bitte die Zahl in der Anlage 5 über ihren Verweis öffnen."})
    seite = forms.IntegerField(min_value=1, required=False, error_messages={
        "invalid": "Die Seite ist eine Zahl ab 1.", "min_value": "Die Seite ist eine Zahl ab 1."})

    def fehler(self) -> str:
        return " ".join(str(e) for fehler in self.errors.values() for e in fehler)


class MassnahmeForm(forms.Form):
    regel = forms.CharField(widget=forms.HiddenInput)
    standort = forms.CharField(widget=forms.HiddenInput, required=False)   # der gefilterte Standort, leer: alle
    # Leer, zu lang, Auszeichnungen, Angaben zur Person: prüft services.massnahme_festhalten, mit je eigener Meldung
    # am Feld (views.anlage7_seite zeigt sie dort, mit dem Text im Feld). Hier nicht: ein ungültiges Formular meldet
    # die Seite nur als „gehört zu keiner Regel“ — die Meldung des Dienstes ist die genaue.
    text = forms.CharField(label="Vereinbarte Maßnahme", required=False)


class MassnahmeAendernForm(forms.Form):
    """Der neue Text einer Maßnahme (views.massnahme_aendern). Geprüft wird er wie beim Festhalten im Dienst
    (services.massnahme_text): die Meldung steht am Feld und in der Fehlerliste. Hier nur, was Django selbst
    ablehnt (etwa Nullzeichen). `zurueck`: die Anlage 7 mit ihren Filtern, auf die es danach zurückgeht."""

    text = forms.CharField(label="Vereinbarte Maßnahme", required=False, strip=False,
                           widget=forms.TextInput(attrs={"maxlength": TEXT_MAX}),
                           help_text=f"Höchstens {TEXT_MAX} Zeichen, ohne Angaben zur Person: Die Maßnahme beschreibt, was das "
                                     "Team tut, nicht den einzelnen Fall.")
    zurueck = forms.CharField(widget=forms.HiddenInput, required=False)
