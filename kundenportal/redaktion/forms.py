"""Formulare der Redaktion: nur Eingaben lesen und prüfen; Regeln stehen in services/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kundenportal import zeit
from kundenportal.konten.felder import DeutschesDatum, MehrzeiligerText, tag_monat_jahr
from kundenportal.leitfaden.geltung_lesbar import orte
from kundenportal.leitfaden.gueltigkeit import gueltige
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden
from kundenportal.leitfaden.modell import ID_MUSTER

from . import grenzen
from .einfuegen import stelle_lesen
from .models import Katalogdatei
from .neue_weisung import KOPF, NUMMER_MELDUNG, ab_vor_datum_meldung, regeln_pruefen
from .struktur import ARTEN, Stelle

BEREICH = (f"Bitte ein Datum zwischen dem {zeit.FRUEHESTENS:%d.%m.%Y} und dem {zeit.SPAETESTENS:%d.%m.%Y} angeben "
           "(eingegeben: {datum:%d.%m.%Y}).")


class DatumsEingabe(forms.DateInput):
    """Das Datumsfeld des Browsers (type=date, Wert JJJJ-MM-TT). Eine abgelehnte Eingabe in deutscher Schreibweise
    (15.04.2020) steht wieder im Feld — als JJJJ-MM-TT, denn nur so zeigt der Browser sie an."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # min/max: der Kalender des Browsers bietet nur Tage im erlaubten Bereich an (geprüft wird auf dem Server).
        super().__init__(attrs={"min": zeit.FRUEHESTENS.isoformat(), "max": zeit.SPAETESTENS.isoformat(),
                                **(attrs or {})}, format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and (t := tag_monat_jahr(value)) is not None:
            try:
                return dt.date(t[2], t[1], t[0]).isoformat()
            except ValueError:
                return value
        return super().format_value(value)


class DatumsFeld(DeutschesDatum):
    """Ein Datum (TT.MM.JJJJ oder JJJJ-MM-TT) im Datumsfeld des Browsers. Ein Datum, das es nicht gibt (31.02.2020),
    heißt so — nicht „kein gültiges Datum“, denn die Schreibweise stimmt (konten.felder.DeutschesDatum)."""

    widget = DatumsEingabe
    default_error_messages = {"required": "Bitte ein Datum angeben."}

    def validate(self, value: Any) -> None:
        """Nur Tage zwischen zeit.FRUEHESTENS und zeit.SPAETESTENS (wie im übrigen Portal): 2200 ist ein Tippfehler."""
        super().validate(value)
        if isinstance(value, dt.date) and not zeit.FRUEHESTENS <= value <= zeit.SPAETESTENS:
            raise forms.ValidationError(BEREICH.format(datum=value), code="ausserhalb")


class BegrenzterText(MehrzeiligerText):
    """Freitext mit Obergrenze (grenzen.py). Ohne `maxlength` im Browser: ein zu langer eingefügter Text wird nicht
    still abgeschnitten, sondern bleibt im Feld, und die Meldung sagt, wie viel zu lang er ist — mit JavaScript schon
    vor dem Absenden (redaktion/laenge.js), sonst vom Server."""

    def __init__(self, *, grenze: int, **kwargs: Any) -> None:
        self.grenze = grenze          # vor super().__init__: widget_attrs liest sie
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Die Grenze am Feld (data-hoechstens, data-bezeichnung): redaktion/laenge.js prüft sie vor dem Absenden."""
        return {**super().widget_attrs(widget), "data-hoechstens": str(self.grenze),
                "data-bezeichnung": str(self.label or "Text")}

    def validate(self, value: Any) -> None:
        super().validate(value)
        if meldung := grenzen.zu_lang(str(self.label or "Text"), len(value or ""), self.grenze):
            raise forms.ValidationError(meldung, code="max_length")


class FokusAufFehler(forms.Form):
    """Nach einer abgelehnten Eingabe bekommt das erste sichtbare Feld mit Fehler den Fokus (`autofocus`): dort
    steht die Meldung (über aria-describedby, portal/_feld.html), dort wird korrigiert. Gilt auch für Fehler,
    die ein Dienst nachträglich an ein Feld hängt (`add_error`)."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        fehler = self.errors          # nach super().add_error gesetzt (kein erneutes full_clean)
        erstes = next((name for name, f in self.fields.items() if name in fehler and not f.widget.is_hidden), None)
        for name, f in self.fields.items():
            if name == erstes:
                f.widget.attrs["autofocus"] = True
            else:
                f.widget.attrs.pop("autofocus", None)


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

    def fassungen_anbieten(self, katalog: Katalog, heute: dt.date) -> None:
        """Die veröffentlichten Fassungen zur Wahl, je Leitfaden eine Gruppe: zuerst die heute gültige (ohne Zusatz),
        dann die heute nur an Standorten gültigen (mit ihren Standorten), dann die geplanten (mit „gilt ab“); die
        abgelösten zuletzt, in einer eigenen Gruppe „… — abgelöst, spätere Änderungen fehlen“ (Rundgang: die abgelöste
        stand zuerst und wurde aus Versehen gewählt). Innerhalb jeder Stufe die Reihenfolge, in der sie gelten
        (gueltig_ab, dann Stand — wie `Leitfaden.fassungen`). Vorgewählt ist keine: die Redaktion wählt selbst."""
        feld = self.fields["basis"]
        assert isinstance(feld, forms.ModelChoiceField) and feld.queryset is not None
        pks = {(lid, stand): pk for pk, lid, stand in feld.queryset.values_list("pk", "leitfaden_id", "stand")}
        gruppen: list[tuple[str, list[tuple[int, str]]]] = []
        for lid in sorted(katalog.leitfaeden):
            lf = katalog.leitfaeden[lid]
            aktuell = gueltige(katalog, lf, heute, None)
            stufen = sorted(((fassung_stufe(f, aktuell, heute), i, f) for i, f in enumerate(lf.fassungen)
                             if (lid, f.stand) in pks), key=lambda s: s[:2])
            optionen = [(pks.pop((lid, f.stand)), _fassung_beschriftet(katalog, lf, f, aktuell, heute))
                        for stufe, _, f in stufen if stufe < ABGELOEST]
            abgeloest = [(pks.pop((lid, f.stand)), _fassung_beschriftet(katalog, lf, f, aktuell, heute))
                         for stufe, _, f in reversed(stufen) if stufe == ABGELOEST]     # die jüngste zuerst
            if optionen:
                gruppen.append((f"{lid}: {lf.kopf.titel}", optionen))
            if abgeloest:
                gruppen.append((f"{lid} — abgelöst, spätere Änderungen fehlen", abgeloest))
        for (lid, stand), pk in sorted(pks.items()):     # nicht im Katalog (sollte es nicht geben): trotzdem wählbar
            gruppen.append((lid, [(pk, f"{lid}, Stand {stand:%d.%m.%Y}")]))
        feld.choices = [("", "– Fassung wählen –"), *gruppen]      # keine vorgewählt


# Stufen der Fassungen eines Leitfadens als Basis (fassungen_anbieten, Hinweis auf der Seite des Entwurfs).
AKTUELL, AM_STANDORT, GEPLANT, ABGELOEST = range(4)


def fassung_stufe(f: Fassung, aktuell: Fassung | None, heute: dt.date) -> int:
    """Wie `f` heute steht: die gültige (AKTUELL), eine heute gültige Standortvariante (AM_STANDORT), geplant
    (GEPLANT) oder abgelöst (ABGELOEST: abgelaufen oder von einer späteren allgemeinen Fassung ersetzt)."""
    if f.gueltig_ab > heute:
        return GEPLANT
    if f.gueltig_bis is not None and f.gueltig_bis < heute:
        return ABGELOEST
    if f.geltungsbereich is not None:
        return AM_STANDORT
    return AKTUELL if f == aktuell else ABGELOEST


def _fassung_beschriftet(katalog: Katalog, lf: Leitfaden, f: Fassung, aktuell: Fassung | None,
                         heute: dt.date) -> str:
    """„SC 3.307, Stand 20.03.2020“ für die heute gültige Fassung; die übrigen sagen dazu, wann und wo sie gelten:
    „— gilt ab 08.12.2026 (geplant)“, „— abgelöst (galt bis 19.03.2020)“, „— nur in Brühl und Fürth“."""
    name = f"{lf.id}, Stand {f.stand:%d.%m.%Y}"
    zusatz = []
    if f.geltungsbereich is not None:
        zusatz.append(f"nur in {orte(f.geltungsbereich, katalog.standorte)}")
    if f.gueltig_ab > heute:
        zusatz.append(f"gilt ab {f.gueltig_ab:%d.%m.%Y} (geplant)")
    elif f.gueltig_bis is not None and f.gueltig_bis < heute:
        zusatz.append(f"abgelöst (galt bis {f.gueltig_bis:%d.%m.%Y})")
    elif f.geltungsbereich is None and f != aktuell:
        zusatz.append("abgelöst")
    return f"{name} — {', '.join(zusatz)}" if zusatz else name


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
    text = BegrenzterText(label="Quelltext", grenze=grenzen.QUELLTEXT, strip=False,
                          widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))
    kopf_text = BegrenzterText(label="Leitfadenkopf", grenze=grenzen.KOPF, required=False, strip=False,
                               widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeldAendern(forms.Form):
    """Eine Änderung im strukturierten Editor: Schritt, Feld (z. B. text, weiter.1.wenn), neuer Wert."""

    schritt = forms.CharField(max_length=80)
    feld = forms.RegexField(regex=r"^[a-z_]+(\.[a-z0-9_]+)*$", max_length=80)
    wert = BegrenzterText(label="Neuer Wert", grenze=grenzen.TEXT, strip=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SchrittAnfuegen(forms.Form):
    schritt_id = forms.RegexField(label="Kennung des neuen Schritts", max_length=60, regex=r"^[a-z][a-z0-9_]*$",
                                  error_messages={"invalid": "Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)"})
    art = forms.ChoiceField(label="Art", choices=list(ARTEN.items()))
    text = BegrenzterText(label="Text", grenze=grenzen.TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    weiter = forms.CharField(label="Weiter zu (Schritt) oder Ergebnis (bei Ende)", max_length=60, required=False)
    hinter = forms.CharField(label="Einfügen hinter Schritt (leer: am Ende)", max_length=80, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_hinter(self) -> tuple[str, Stelle | None]:
        """Kennung und Stelle des Schritts, hinter dem eingefügt wird (einfuegen.stellen_zur_wahl): bei zwei Schritten
        mit derselben Kennung genau der gewählte."""
        return stelle_lesen(str(self.cleaned_data.get("hinter") or ""))


class PaketAnlegen(FokusAufFehler):
    weisung = forms.CharField(label="Weisung (Nummer)", max_length=20)
    titel = forms.CharField(label="Titel", max_length=200)
    datum = DatumsFeld(label="Datum der Weisung", required=False,
                       help_text="Leer lassen: das Datum der Weisung aus dem Katalog.")
    stand = forms.CharField(label="Stand (z. B. 03/2020)", max_length=60, required=False)
    gueltig_ab = DatumsFeld(label="Gültig ab (Vorschlag)", required=False)
    gueltig_bis = DatumsFeld(label="Gültig bis", required=False)
    verbuende = forms.MultipleChoiceField(label="Standortregel: gilt nur in den Verbünden", required=False,
                                          widget=forms.CheckboxSelectMultiple)
    agenturen = forms.MultipleChoiceField(label="Standortregel: gilt nur in den Agenturen", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, standorte: Any = None, weisungen: Any = None, **kwargs: Any) -> None:
        """`standorte`: leitfaden.standorte.Standorte (standorte.yaml) — die Auswahl der Standortregeln;
        `weisungen`: die Weisungen des Katalogs (Nummer → Weisung) — der Hinweis am Feld nennt sie."""
        super().__init__(*args, **kwargs)
        self.weisungen = weisungen or {}
        if weisungen:
            nummern = sorted(weisungen, reverse=True)
            self.fields["weisung"].help_text = ("Eine Weisung des Katalogs: " + ", ".join(nummern[:6]) +
                                                (" …" if len(nummern) > 6 else "") + " — oder die Nummer einer neuen "
                                                "Weisung (9 Ziffern): sie erfassen Sie danach am Paket.")
            self.fields["datum"].help_text = ("Leer lassen: das Datum der Weisung aus dem Katalog (" + "; ".join(
                f"{n}: {weisungen[n].datum:%d.%m.%Y}" for n in nummern[:3]) + (" …" if len(nummern) > 3 else "") +
                "), für eine Weisung, die es im Katalog nicht gibt, heute.")
        if standorte is not None:
            for name, wahl in (("verbuende", sorted(standorte.verbuende.items(), key=lambda x: x[1])),
                               ("agenturen", sorted((a, f"{a} ({standorte.verbuende.get(x.verbund, x.verbund)})")
                                                    for a, x in standorte.agenturen.items()))):
                feld = self.fields[name]
                assert isinstance(feld, forms.MultipleChoiceField)
                feld.choices = wahl

    def clean(self) -> dict[str, Any]:
        """Die Standortregeln als ein Geltungsbereich (leer: gilt überall); „Gültig ab“ nicht vor dem Datum der
        Weisung, „Gültig bis“ nicht vor „Gültig ab“."""
        daten = super().clean() or {}
        if daten.get("datum") is None and "datum" not in self.errors:
            weisung = self.weisungen.get(str(daten.get("weisung") or "").strip())
            daten["datum"] = weisung.datum if weisung is not None else zeit.heute()
        ab, bis, datum = daten.get("gueltig_ab"), daten.get("gueltig_bis"), daten.get("datum")
        neu = str(daten.get("weisung") or "").strip() not in self.weisungen    # eine des Katalogs prüft der Dienst
        if neu and ab is not None and datum is not None and ab < datum:   # sonst ließe sich die Weisung nie erfassen
            self.add_error("gueltig_ab", ab_vor_datum_meldung(ab, datum))
        if ab is not None and bis is not None and bis < ab:
            self.add_error("gueltig_bis", f"Gültig bis ({bis:%d.%m.%Y}) darf nicht vor „Gültig ab“ "
                                          f"({ab:%d.%m.%Y}) liegen: ein späteres Datum wählen oder leer lassen.")
        verbuende, agenturen = daten.pop("verbuende", []) or [], daten.pop("agenturen", []) or []
        daten["geltungsbereich"] = {"verbuende": verbuende, "agenturen": agenturen} if verbuende or agenturen else {}
        return daten


class PaketAendern(PaketAnlegen):
    """Die Angaben eines Pakets ändern; `fingerabdruck`: der Stand, den die Seite zeigte (kein verlorenes Update)."""

    fingerabdruck = forms.CharField(widget=forms.HiddenInput)


class Freigeben(FokusAufFehler):
    gueltig_ab = DatumsFeld(label="Gültig ab")
    kommentar = BegrenzterText(label="Kommentar", grenze=grenzen.TEXT, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class Zurueckweisen(FokusAufFehler):
    kommentar = BegrenzterText(label="Was ist zu ändern?", grenze=grenzen.TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Bitte sagen, was zu ändern ist."})


# Die Ausgangslage in Worten der Redaktion (Rundgang: ohne Beispiel fand niemand `step: {konto: true, …}`). Welche
# Verfahren und Felder es gibt, liest fachverfahren/ausgangslage.py (lage_lesen); Namen wie in SYSTEM_NAMEN.
AUSGANGSLAGE_BEISPIEL = "step: {konto: true, sicherheitsstufe: basis}\ncolibri: {alg_bezug: true}"
AUSGANGSLAGE_HILFE = (
    "Was die Fachverfahren über die Person schon wissen, bevor das Gespräch beginnt — nötig, wenn ein Weg davon "
    "abhängt (leer: kein Online-Konto, keine Daten). Je Zeile ein Verfahren und seine Angaben in geschweiften "
    "Klammern, z. B. „step: {konto: true, sicherheitsstufe: basis}“ (Online-Konto vorhanden, Sicherheitsstufe "
    "basis; eID: sicherheitsstufe: eid) und „colibri: {alg_bezug: true}“ (bezieht Arbeitslosengeld). Außerdem: "
    "kunde (kundennummer, vorname, nachname, geburtsdatum, …), verbis (Vermittlung), termine (ATV), kiwi "
    "(Kindergeld) und aufgaben (Postkorb).")


class SzenarioAufzeichnen(forms.Form):
    """Ein Weg durch den Entwurf: Antworten (Fakt: Wert je Zeile) und erwartetes Ergebnis."""

    szenario_id = forms.RegexField(label="Kennung (a-z, 0-9, -)", regex=r"^[a-z0-9-]+$", max_length=80,
                                   error_messages={"invalid": "Nur Kleinbuchstaben a–z, Ziffern 0–9 und Bindestrich "
                                                              "(-), ohne Leerzeichen und Umlaute, z. B. "
                                                              "sc-3307-online-antrag."})
    titel = forms.CharField(label="Titel", max_length=200)
    datum = DatumsFeld(label="Datum des Kontakts")
    kanal = forms.ChoiceField(label="Kanal", choices=[("sc3", "Service Center SGB III"), ("ez", "Eingangszone"),
                                                      ("scfk", "Service Center Familienkasse"),
                                                      ("emb", "E-Mail-Bearbeitung"), ("eservice", "eService")])
    ausgangslage = BegrenzterText(label="Ausgangslage in den Fachverfahren (optional)", grenze=grenzen.AUSGANGSLAGE,
                                  required=False, strip=False, help_text=AUSGANGSLAGE_HILFE,
                                  widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false",
                                                               "placeholder": AUSGANGSLAGE_BEISPIEL}))


class WeisungErfassen(FokusAufFehler):
    """Die Angaben einer neuen Weisung (neue_weisung.py); die Regelpunkte stehen im Formset `Regelpunkte`."""

    nummer = forms.RegexField(label="Nummer der Weisung", regex=r"^\d{9}$", max_length=9,
                              help_text="9 Ziffern: Jahr, Monat, laufende Nummer (z. B. 202612001).",
                              error_messages={"invalid": NUMMER_MELDUNG, "required": "Bitte die Nummer angeben."})
    titel = forms.CharField(label="Titel der Weisung", max_length=grenzen.KURZ,
                            error_messages={"required": "Bitte den Titel der Weisung angeben."})
    datum = DatumsFeld(label="Datum der Weisung")
    gueltig_ab = DatumsFeld(label="Gültig ab")
    geschaeftszeichen = forms.CharField(label="Geschäftszeichen", max_length=grenzen.KURZ, required=False)
    bezug = forms.CharField(label="Bezug (andere Weisung)", max_length=grenzen.KURZ, required=False,
                            help_text="Optional, z. B. „Weisung 202003006 vom 20.03.2020 – …“.")
    kopf_sgb_ii = forms.CharField(label="Kopf: SGB II", max_length=60, required=False,
                                  help_text="Optional, z. B. „nicht betroffen“ (Metadatum, blendet nichts aus).")
    kopf_sgb_iii = forms.CharField(label="Kopf: SGB III", max_length=60, required=False,
                                   help_text="Optional, z. B. „Weisung“.")
    kopf_familienkasse = forms.CharField(label="Kopf: Familienkasse", max_length=60, required=False,
                                         help_text="Optional, z. B. „nicht betroffen“.")

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        datum, ab = daten.get("datum"), daten.get("gueltig_ab")
        if datum is not None and ab is not None and ab < datum:
            self.add_error("gueltig_ab", f"Gültig ab ({ab:%d.%m.%Y}) liegt vor dem Datum der Weisung "
                                         f"({datum:%d.%m.%Y}): ein Datum ab dem {datum:%d.%m.%Y} wählen.")
        daten["kopf"] = {k: daten.pop(f"kopf_{k}", "") for k in KOPF}
        return daten


class Regelpunkt(forms.Form):
    punkt = forms.CharField(label="Punkt", max_length=30, required=False, help_text="z. B. 2.1 oder 2.2 a) 6")
    titel = forms.CharField(label="Titel der Regel", max_length=grenzen.KURZ, required=False)
    ohne_schritt = forms.CharField(
        label="Kein Schritt nötig, weil …", max_length=grenzen.KURZ, required=False,
        help_text="Optional. Nur ausfüllen, wenn kein Schritt eines Leitfadens den Punkt umsetzen muss, z. B. „Meldepflicht "
                  "der Teamleitung, nicht Teil des Gesprächs“. Dann gilt der Punkt nicht als offen.")


class RegelpunkteBasis(forms.BaseFormSet):  # type: ignore[type-arg]
    """Die Regelpunkte der Weisung: leere Zeilen zählen nicht; Form, Titel und Doppel werden an der Zeile gemeldet."""

    def clean(self) -> None:
        super().clean()
        zeilen = [(f, f.cleaned_data) for f in self.forms if getattr(f, "cleaned_data", None) is not None]
        belegt = [(f, d) for f, d in zeilen if any((d.get(n) or "").strip() for n in ("punkt", "titel", "ohne_schritt"))]
        for i, feld, meldung in regeln_pruefen([{"punkt": d.get("punkt") or "", "titel": d.get("titel") or ""}
                                               for _, d in belegt]):
            belegt[i][0].add_error(feld, meldung)
        if not belegt:
            raise forms.ValidationError("Regelpunkte: mindestens einen Punkt mit Titel eintragen (z. B. 2.1).",
                                        code="leer")
        self.regeln = [{n: (d.get(n) or "").strip() for n in ("punkt", "titel", "ohne_schritt")} for _, d in belegt]


Regelpunkte = forms.formset_factory(Regelpunkt, formset=RegelpunkteBasis, extra=0, max_num=60, absolute_max=60)
