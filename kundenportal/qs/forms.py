"""Formulare der Qualitätssicherung: Stichprobe ziehen (frei oder nach Plan 2.2.6), Kontakt auf dem Bogen
der passenden Anlage bewerten (ein Urteil je Kriterium)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kundenportal import zeit
from kundenportal.arbeitsmittel.modell import Kriterium
from kundenportal.konten.felder import DeutschesDatum, MehrzeiligerText, VonBisImBereich, hat_markup
from kundenportal.verdrahtung import katalog
from kundenportal.zeitraum import ZeitraumFehler, ergaenzen, pruefen

from .kriterien import KOMMENTAR_LAENGE, URTEILE, regel_anzeige
from .services import (
    JAHR_MAX,
    JAHR_MIN,
    KOMMENTAR_MARKUP,
    KOMMENTAR_OHNE_PERSON,
    STICHPROBE_MAX,
    TAGE_MAX,
    ohne_person_meldung,
)

# Kanäle mit Bewertungsbogen; angeboten werden nur die QS-Kanäle der Teamleitung (zugriff.qs_kanaele: ihr
# Rechtskreis, die Teamleitung E-Mail nur E-Mail-Bearbeitung).
KANAELE = [("sc3", "Service Center SGB III (2.2.1)"), ("ez", "Eingangszone (2.2.2)"),
           ("emb", "E-Mail-Bearbeitung (2.2.3)"), ("scfk", "Service Center Familienkasse (2.2.4)")]


def _leitfaden_feld(feld: forms.Field, leitfaeden: list[str]) -> None:
    assert isinstance(feld, forms.ChoiceField)
    titel = katalog().leitfaeden
    feld.choices = [("", "alle Leitfäden"),
                    *((lf, f"{lf}: {titel[lf].kopf.titel}" if lf in titel else lf) for lf in leitfaeden)]
    feld.error_messages["invalid_choice"] = ("Den Leitfaden „%(value)s“ gibt es nicht oder er gehört nicht zu "
                                             "Ihrem Rechtskreis.")


class StichprobeZiehen(forms.Form):
    n = forms.IntegerField(label="Anzahl Kontakte", min_value=1, max_value=STICHPROBE_MAX, initial=5)
    tage = forms.IntegerField(label="Abgeschlossen in den letzten … Tagen", min_value=1, max_value=TAGE_MAX,
                              initial=14)
    leitfaden = forms.ChoiceField(label="Leitfaden", required=False)

    def __init__(self, *args: Any, leitfaeden: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _leitfaden_feld(self.fields["leitfaden"], leitfaeden)


class PlanZiehen(forms.Form):
    """Stichprobe nach Anlage 2.2.6: Monat, wahlweise Kanal, Leitfaden, Fassung. `kanaele` und `leitfaeden`
    sind nur die des Rechtskreises der Teamleitung; anderes lehnt das Formular ab (auch im POST)."""

    monat = forms.CharField(label="Monat (MM.JJJJ)", max_length=7)
    kanal = forms.ChoiceField(label="Kanal", required=False)
    plan_leitfaden = forms.ChoiceField(label="Leitfaden", required=False)
    stand = DeutschesDatum(label="Fassung (Stand, TT.MM.JJJJ)", required=False)

    def __init__(self, *args: Any, leitfaeden: list[str], kanaele: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _leitfaden_feld(self.fields["plan_leitfaden"], leitfaeden)
        kanal = self.fields["kanal"]
        assert isinstance(kanal, forms.ChoiceField)
        kanal.choices = [("", "alle Kanäle"), *((k, text) for k, text in KANAELE if k in kanaele)]
        kanal.error_messages["invalid_choice"] = ("Den Kanal „%(value)s“ gibt es nicht oder er gehört nicht zu "
                                                  "Ihrem Rechtskreis.")

    def clean_monat(self) -> dt.date:
        text = self.cleaned_data["monat"].strip()
        try:
            monat = dt.datetime.strptime(text, "%m.%Y").date()
        except ValueError:
            raise forms.ValidationError(f"„{text}“ ist kein Monat: bitte MM.JJJJ, z. B. 03.2020.") from None
        if not JAHR_MIN <= monat.year <= JAHR_MAX:
            raise forms.ValidationError(f"„{text}“ liegt außerhalb des möglichen Zeitraums: bitte einen Monat "
                                        f"von 01.{JAHR_MIN} bis 12.{JAHR_MAX}, z. B. 03.2020.")
        return monat

    def clean_stand(self) -> dt.date | None:
        stand: dt.date | None = self.cleaned_data["stand"]
        if stand is not None and not JAHR_MIN <= stand.year <= JAHR_MAX:
            raise forms.ValidationError(f"Bitte eine Fassung von {JAHR_MIN} bis {JAHR_MAX}, z. B. 20.03.2020.")
        return stand


class AuswertungZeitraum(VonBisImBereich):
    """Der Zeitraum der Auswertung (QS-Quote je Kriterium), frei wählbar — etwa der einer Stichprobe (März 2020).
    Geprüft wie in der Anlage 5 (kundenportal.zeitraum): TT.MM.JJJJ von 01.01.2000 bis 31.12.2100, fehlt Beginn oder
    Ende, ergänzt auf drei Kalendermonate, Ende nicht vor dem Beginn, höchstens drei Jahre."""

    von = DeutschesDatum(label="Von (TT.MM.JJJJ)", required=False,
                         help_text="Kontakte, die ab diesem Tag abgeschlossen wurden. Leer: ab dem Ersten des dritten "
                                   "Monats vor „Bis“.")
    bis = DeutschesDatum(label="Bis (TT.MM.JJJJ)", required=False,
                         help_text="Leer: bis zum Ende des dritten Monats ab „Von“.")

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        if self.errors:
            return daten
        von, bis = daten.get("von"), daten.get("bis")
        if von is None and bis is None:
            raise forms.ValidationError("Bitte „Von“ oder „Bis“ angeben (TT.MM.JJJJ), z. B. 01.03.2020.",
                                        code="leer")
        von, bis = ergaenzen(von, bis, (zeit.heute(), zeit.heute()))   # beide leer: oben schon abgelehnt
        try:
            pruefen(von, bis)
        except ZeitraumFehler as fehler:
            raise forms.ValidationError(str(fehler), code="zeitraum") from None
        daten["von"], daten["bis"] = von, bis
        return daten

    def zeitraum(self) -> tuple[dt.date, dt.date]:
        """Beginn und Ende, wie sie gelten (ergänzt); nur nach `is_valid()`."""
        return self.cleaned_data["von"], self.cleaned_data["bis"]


class BewertungForm(forms.Form):
    """Ein Radiofeld je Kriterium des Bogens (die Vorlage setzt je Feld fieldset und legend) und ein Kommentar."""

    kommentar = MehrzeiligerText(label="Kommentar (optional, ohne Markup)", required=False,
                                max_length=KOMMENTAR_LAENGE, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kriterien: tuple[Kriterium, ...], mit_kommentar: bool = True,
                 hinweise: dict[str, str] | None = None, **kwargs: Any) -> None:
        """`hinweise`: je Kriterium die Vorbewertung in Worten — sie steht am Feld (aria-describedby), damit ein
        vorausgewähltes Urteil als Vorschlag aus dem Weg erkennbar ist, mit dem, was selbst zu prüfen bleibt."""
        super().__init__(*args, **kwargs)
        self.kriterium_ids = [k.id for k in kriterien]
        for k in kriterien:
            regel = regel_anzeige(k.regel)
            self.fields[k.id] = forms.ChoiceField(
                help_text=(hinweise or {}).get(k.id, ""),
                label=f"{k.text} (Regel {regel})" if regel else k.text, choices=list(URTEILE.items()),
                widget=forms.RadioSelect, error_messages={"required": "Bitte wählen Sie ein Urteil.",
                                                          "invalid_choice": "Bitte wählen Sie ein Urteil."})
        if not mit_kommentar:
            del self.fields["kommentar"]
        self.order_fields([*self.kriterium_ids, "kommentar"])

    def clean_kommentar(self) -> str:
        kommentar: str = self.cleaned_data["kommentar"].strip()
        if hat_markup(kommentar):
            raise forms.ValidationError(KOMMENTAR_MARKUP)
        if meldung := ohne_person_meldung(kommentar, KOMMENTAR_OHNE_PERSON):
            raise forms.ValidationError(meldung, code="personenbezug")    # wie services.bewertung_speichern
        return kommentar

    def kriterien(self) -> list[forms.BoundField]:
        return [self[k] for k in self.kriterium_ids]

    def urteile(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in self.kriterium_ids}
