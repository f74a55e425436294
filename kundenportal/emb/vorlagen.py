"""Antwortvorlagen je Arbeitshilfe und Ergebnis: deutsch, mit den Daten des Kunden und des Falls gefüllt
(Termin mit Tag, Uhrzeit und Ort aus dem ATV); die Beschäftigten prüfen und ändern den Text vor dem
Senden. Neue Vorlage = neuer Eintrag in VORLAGEN und, wenn ein Ergebnis sie wählt, in NACH_ERGEBNIS.

Ist die Identität nicht mit „ja“ bestätigt (noch nicht gefragt oder verneint, domain.md A3), fehlt die
Kundennummer oder hat VerBIS die Absenderadresse nicht beim Kunden hinterlegt (domain.md 5.2), steht in der
Antwort nichts über den Kunden oder den Fall — weder Name noch Kundennummer noch Termin: gewählt wird eine
Vorlage mit `kundendaten=False`, und `fuellen` füllt dann nichts ein; `kundendaten_sperre` sagt, warum und was
zu tun ist. Seiten und Meldungen nennen eine Vorlage mit ihrem Titel, nie mit ihrem Schlüssel.
Kein Django."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass

WOCHENTAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class Vorlage:
    name: str                    # Schlüssel (Antwort.vorlage, Formularwert) — nie in einem Text für Menschen
    titel: str                   # so nennen Seiten und Meldungen die Vorlage
    betreff: str
    text: str
    kundendaten: bool = True     # False: ohne Namen, Kundennummer und Angaben zum Fall (A3)
    # Der Text sagt dem Kunden, seine Mail sei weitergegeben: nur wahr, wenn sie an eine dieser Stellen (Postkörbe,
    # weiterleitung.ZIELE) ging — leer: an irgendeine (`weitergabe_sperre`). None: Die Vorlage sagt das nicht.
    weitergabe: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TerminAngabe:
    """Ein Termin, wie ihn die Antwort nennt: Beginn (Ortszeit), Agentur und Bereich."""

    beginn: dt.datetime
    agentur: str
    bereich: str = ""            # lesbar, etwa „Reha-Vermittlung“

    @property
    def tag(self) -> str:
        return f"{WOCHENTAGE[self.beginn.weekday()]}, {self.beginn:%d.%m.%Y}"

    @property
    def uhrzeit(self) -> str:
        return f"{self.beginn:%H:%M} Uhr"

    @property
    def ort(self) -> str:
        ort = f"Agentur für Arbeit {self.agentur}" if self.agentur else "Ihre Agentur für Arbeit"
        return f"{ort} ({self.bereich})" if self.bereich else ort

    @property
    def satz(self) -> str:
        """„am Freitag, 27.03.2020, um 10:00 Uhr in der Agentur für Arbeit Nürnberg (Reha-Vermittlung)“."""
        return f"am {self.tag}, um {self.uhrzeit} in der {self.ort}"


@dataclass(frozen=True)
class Falldaten:
    """Was die Arbeitshilfe ergab (emb/antwortdaten.py liest es aus ihrem Lauf und dem ATV)."""

    leitfaden: str = ""
    ergebnis: str = ""
    identitaet_verneint: bool = False
    identitaet_bestaetigt: bool = False         # nur „ja“ auf `identitaet_geprueft` (A3); sonst keine Kundendaten
    termin: TerminAngabe | None = None          # der Termin, um den es ging
    neuer_termin: TerminAngabe | None = None    # verschoben auf / neu gebucht
    abgesagt_au: tuple[TerminAngabe, ...] = ()  # im AU-Zeitraum abgesagt (Grund Arbeitsunfähigkeit; domain.md 4.4)
    au_beginn: dt.date | None = None            # die erfasste Arbeitsunfähigkeit (Antworten der Arbeitshilfe)
    au_ende: dt.date | None = None

    @property
    def au_zeitraum(self) -> str:
        """„ vom 05.12.2026 bis 18.12.2026“ für die Antwort ("" ohne erfassten Zeitraum)."""
        if self.au_beginn is None or self.au_ende is None:
            return ""
        return f" vom {self.au_beginn:%d.%m.%Y} bis {self.au_ende:%d.%m.%Y}"


_GRUSS = "\n\nMit freundlichen Grüßen\nIhre Agentur für Arbeit – Service Center\n"
_BESCHEINIGUNG = (" Haben Sie uns die ärztliche Bescheinigung noch nicht geschickt, senden Sie sie uns bitte zu,"
                  " ebenso jede Folgebescheinigung.")
_NEUER_TERMIN = ("Ihr neuer Termin:\n  Tag: {neu_tag}\n  Uhrzeit: {neu_uhrzeit}\n  Ort: {neu_ort}\n\n"
                 "Bitte nehmen Sie diesen Termin wahr. Können Sie ihn nicht wahrnehmen, melden Sie sich bitte "
                 "rechtzeitig vorher bei uns.")

VORLAGEN: dict[str, Vorlage] = {v.name: v for v in (
    Vorlage("termin_abgesagt", "Termin abgesagt", "Ihr Termin ist abgesagt{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir haben Ihren Termin{termin_am} wie gewünscht"
            " abgesagt; die Absage ist vermerkt. Sie erhalten bei Bedarf eine neue Einladung.{ihre_kundennummer}"
            + _GRUSS),
    Vorlage("termin_abgesagt_neuer_termin", "Termin abgesagt, mit neuem Termin",
            "Ihr Termin ist abgesagt – Ihr neuer Termin{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir haben Ihren Termin{termin_am} wie gewünscht"
            " abgesagt; die Absage ist vermerkt.\n\n" + _NEUER_TERMIN + "{ihre_kundennummer}" + _GRUSS),
    Vorlage("termin_verschoben", "Termin verschoben", "Ihr Termin ist verschoben{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir haben Ihren Termin{termin_am} wie gewünscht"
            " verschoben; der bisherige Termin entfällt.\n\n" + _NEUER_TERMIN + "{ihre_kundennummer}" + _GRUSS),
    Vorlage("termin_bleibt", "Termin bleibt bestehen", "Ihr Termin bleibt bestehen{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Ihr Termin bleibt wie vereinbart bestehen:\n"
            "  Tag: {tag}\n  Uhrzeit: {uhrzeit}\n  Ort: {ort}\n\nBitte nehmen Sie ihn wahr. Das Gespräch"
            " hilft Ihnen, zum Beispiel bei der Stellensuche und der Klärung Ihrer Ansprüche; bleiben Sie ohne"
            " wichtigen Grund fern, kann das Folgen für Ihre Leistungen haben.{ihre_kundennummer}" + _GRUSS),
    Vorlage("termin_vereinbaren", "Neuen Termin telefonisch vereinbaren", "Ihr Terminwunsch{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Neue Termine vereinbaren wir telefonisch: Bitte rufen"
            " Sie uns unter der kostenfreien Servicenummer 0800 4 5555 00 an.{ihre_kundennummer}" + _GRUSS),
    # Die AU-Antworten danken für die Nachricht, nicht für eine Bescheinigung: Oft kommt sie erst per Post oder
    # gar nicht mit der Mail; wer sie noch nicht geschickt hat, wird darum gebeten (_BESCHEINIGUNG).
    Vorlage("au_erfasst", "Arbeitsunfähigkeit erfasst", "Ihre Arbeitsunfähigkeit{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht zu Ihrer Arbeitsunfähigkeit. Wir haben Ihre"
            " Arbeitsunfähigkeit{au_zeitraum} erfasst." + _BESCHEINIGUNG + " Bitte melden Sie sich, sobald Sie wieder"
            " arbeitsfähig sind. Gute Besserung!{abgesagte_termine}{ihre_kundennummer}" + _GRUSS),
    Vorlage("au_weitergegeben", "Arbeitsunfähigkeit weitergegeben", "Ihre Arbeitsunfähigkeit{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht zu Ihrer Arbeitsunfähigkeit. Wir haben Ihre Meldung"
            "{au_zeitraum} an das zuständige Team für Ihr Arbeitslosengeld weitergegeben; es bearbeitet sie und meldet sich"
            " bei Bedarf bei Ihnen." + _BESCHEINIGUNG + " Gute Besserung!{abgesagte_termine}{ihre_kundennummer}"
            + _GRUSS, weitergabe=("os_algplus",)),
    Vorlage("au_ohne_alg", "Arbeitsunfähigkeit erhalten (ohne Arbeitslosengeld)",
            "Ihre Arbeitsunfähigkeit{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht zu Ihrer Arbeitsunfähigkeit. Wir haben sie erhalten;"
            " sie liegt Ihrer Agentur für Arbeit für die Arbeitsvermittlung vor." + _BESCHEINIGUNG + " Bitte"
            " melden Sie sich, sobald Sie wieder arbeitsfähig sind. Gute Besserung!{abgesagte_termine}"
            "{ihre_kundennummer}" + _GRUSS),
    Vorlage("allgemein", "Allgemeine Antwort", "Ihre Nachricht{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir bearbeiten Ihr Anliegen und melden uns bei"
            " Ihnen.{ihre_kundennummer}" + _GRUSS),
    Vorlage("identitaet_unklar", "Bitte um Angaben zur Person", "Ihre Nachricht – bitte Angaben zu Ihrer Person",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir konnten sie leider nicht eindeutig Ihrer Person"
            " zuordnen und dürfen Ihnen deshalb noch keine Auskunft geben. Bitte senden Sie uns Ihre"
            " Kundennummer (zum Beispiel aus Ihrer Einladung), Ihren vollständigen Namen und Ihr"
            " Geburtsdatum." + _GRUSS, kundendaten=False),
    Vorlage("kundennummer_fehlt", "Bitte um die Kundennummer", "Ihre Nachricht – bitte Kundennummer angeben",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Damit wir Ihr Anliegen Ihrem Konto zuordnen können,"
            " senden Sie uns bitte Ihre Kundennummer (zum Beispiel aus Ihrer Einladung), Ihren vollständigen"
            " Namen und Ihr Geburtsdatum." + _GRUSS, kundendaten=False),
    # Für „Sonstiges“ (im Korpus 110 von 320 Mails; ohne Arbeitshilfe, also nie mit bestätigter Identität): Antworten
    # ohne Kundendaten, die nur sagen, was die Beschäftigten tun oder was allgemein gilt (Stufe 1 der Auskunft,
    # domain.md 5.2). Eine Abwesenheitsnotiz bekommt keine Antwort (ABWESENHEITSNOTIZ_VERMERK).
    Vorlage("eingang_weitergegeben", "Eingang bestätigt, an die zuständige Stelle weitergegeben",
            "Ihre Nachricht ist bei uns eingegangen",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir haben sie erhalten und an die zuständige Stelle Ihrer"
            " Agentur für Arbeit weitergegeben. Ist noch etwas zu klären, meldet sie sich bei Ihnen." + _GRUSS,
            kundendaten=False, weitergabe=()),
    Vorlage("gesundmeldung_erhalten", "Gesundmeldung erhalten", "Ihre Gesundmeldung",
            "{anrede},\n\nvielen Dank für Ihre Nachricht, dass Sie wieder arbeitsfähig sind. Wir haben Ihre"
            " Gesundmeldung erhalten und an Ihre Agentur für Arbeit weitergegeben. Ist noch etwas zu klären,"
            " melden wir uns bei Ihnen." + _GRUSS, kundendaten=False, weitergabe=()),
    Vorlage("zahlung_telefonisch", "Frage zur Zahlung: allgemeine Auskunft, Einzelheiten am Telefon",
            "Ihre Frage zur Zahlung",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Arbeitslosengeld wird monatlich nachträglich gezahlt,"
            " also jeweils für den vergangenen Monat. Auskunft zu Ihren eigenen Zahlungen dürfen wir per E-Mail nur"
            " geben, wenn wir sicher sind, dass die Nachricht von Ihnen stammt. Bitte rufen Sie uns dafür unter der"
            " kostenfreien Servicenummer 0800 4 5555 00 an." + _GRUSS, kundendaten=False),
    Vorlage("familienkasse_zustaendig", "Kindergeld: zuständig ist die Familienkasse", "Ihre Frage zum Kindergeld",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Für Kindergeld und Kinderzuschlag ist die Familienkasse"
            " zuständig, nicht die Agentur für Arbeit. Bitte wenden Sie sich an Ihre Familienkasse, zum Beispiel"
            " unter der kostenfreien Rufnummer 0800 4 5555 30." + _GRUSS, kundendaten=False),
    Vorlage("eservice_hotline", "Anmeldung im eService: technische Hotline", "Ihre Frage zur Anmeldung im eService",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Bei Fragen zur Anmeldung, zum Passwort oder zur PIN für"
            " die eServices hilft Ihnen die technische Hotline unter der kostenfreien Rufnummer 0800 4 5555 01."
            + _GRUSS, kundendaten=False),
)}

# Die Vorlagen ohne Kundendaten, die die Mailseite für Mails ohne Arbeitshilfe („Sonstiges“) zur Wahl stellt
OHNE_KUNDENDATEN: tuple[str, ...] = tuple(v.name for v in VORLAGEN.values() if not v.kundendaten)

# Eine automatische Antwort (Abwesenheitsnotiz, `Auto-Submitted`) bekommt keine Antwort — sonst antworten zwei
# Automaten einander (RFC 3834, 2) —, die Mail wird mit diesem Vermerk erledigt.
ABWESENHEITSNOTIZ_VERMERK = "Abwesenheitsnotiz (automatische Antwort): keine Antwort nötig, ohne Antwort erledigt."

# (Arbeitshilfe, Ergebnis) → Vorlage; "*" gilt für jede Arbeitshilfe. Jedes Ergebnis der Arbeitshilfen hat
# hier seinen Eintrag (tests/email/test_vorlagen.py prüft das gegen den Katalog): ein Ergebnis ohne Eintrag
# bekäme die allgemeine Antwort, und die passt zu keinem Ergebnis einer Arbeitshilfe.
NACH_ERGEBNIS: dict[tuple[str, str], str] = {
    ("*", "abbruch_identitaet"): "identitaet_unklar",
    ("EMB Terminabsage", "termin_abgesagt"): "termin_abgesagt",      # mit neuem Termin: …_neuer_termin
    ("EMB Terminabsage", "termin_verschoben"): "termin_verschoben",
    ("EMB Terminabsage", "termin_bleibt"): "termin_bleibt",
    ("EMB Terminabsage", "auskunft_erteilt"): "termin_vereinbaren",
    ("EMB AU-Meldung", "au_erfasst"): "au_erfasst",
    ("EMB AU-Meldung", "an_os_algplus_abgegeben"): "au_weitergegeben",
    ("EMB AU-Meldung", "auskunft_erteilt"): "au_ohne_alg",
}


ADRESSE_NICHT_HINTERLEGT = ("Die Absenderadresse ist in VerBIS nicht beim zugeordneten Kunden hinterlegt: An sie gehen "
                            "keine Kundendaten, auch nicht nach bestätigter Identität. Die Antwort enthält keine "
                            "Angaben zum Kunden oder zum Fall, sie bittet um Kundennummer, Name und Geburtsdatum "
                            "(Vorlage „{titel}“); oder verweisen Sie den Kunden auf das Postfach im eService.")


def kundendaten_sperre(fall: Falldaten, kundennummer: str, *, arbeitshilfe: bool, zugeordnet: bool = True,
                       adresse_hinterlegt: bool = True) -> str:
    """Warum eine Antwort (noch) keine Kundendaten enthalten darf, und was zu tun ist — "" wenn sie es darf.
    Kundendaten (Name aus VerBIS, Kundennummer, Termin) nur nach „ja“ auf die Identitätsfrage der Arbeitshilfe
    und nur an die Adresse, die VerBIS beim Kunden hinterlegt hat (`adresse_hinterlegt`); `arbeitshilfe`: ob es
    zum Anliegen der Mail eine Arbeitshilfe gibt (sonst lässt sich die Identität hier nicht bestätigen);
    `zugeordnet`: ob die Zuordnung bestätigt ist (erst dann lässt sich die Arbeitshilfe starten). Die Seite zeigt
    den Satz am Entwurfsknopf, `antwort_entwerfen` lehnt damit ab."""
    if fall.identitaet_verneint:
        return ("Die Identität ist in der Arbeitshilfe verneint: Die Antwort enthält keine Angaben zum Kunden oder "
                "zum Fall, sie bittet um Kundennummer, Name und Geburtsdatum.")
    if not kundennummer:
        return ("Der Mail ist keine Kundennummer zugeordnet: Die Antwort enthält keine Kundendaten, sie bittet um "
                "Kundennummer, Name und Geburtsdatum. Nennt die Mail die Kundennummer, tragen Sie sie bei der "
                "Zuordnung ein.")
    if not adresse_hinterlegt:
        return ADRESSE_NICHT_HINTERLEGT.format(titel=VORLAGEN["identitaet_unklar"].titel)
    if fall.identitaet_bestaetigt:
        return ""
    if not arbeitshilfe:
        return ("Ohne Arbeitshilfe (allgemeine Warteschlange) wird die Identität nicht bestätigt: Die Antwort "
                "enthält keine Kundendaten, sie bittet um Kundennummer, Name und Geburtsdatum. Braucht die Antwort "
                "Kundendaten, ordnen Sie die Mail einem Anliegen mit Arbeitshilfe zu.")
    if fall.leitfaden:
        tun = "Beantworten Sie in der Arbeitshilfe die Frage zur Identität mit „Ja“"
    elif zugeordnet:
        tun = "Starten Sie die Arbeitshilfe und beantworten Sie die Frage zur Identität mit „Ja“"
    else:
        tun = ("Bestätigen Sie oben die Zuordnung, starten Sie dann die Arbeitshilfe und beantworten Sie die Frage "
               "zur Identität mit „Ja“")
    return (f"Erst die Identität bestätigen: {tun}; dann entsteht die Antwort mit den Daten des Falls. Bis dahin "
            "enthält die Antwort keine Kundendaten, sie bittet um Kundennummer, Name und Geburtsdatum.")


def weitergabe_sperre(vorlage: Vorlage, weitergegeben_an: Collection[str], stellen: Mapping[str, str]) -> str:
    """Warum die Vorlage jetzt nicht geht, weil sie dem Kunden eine Weitergabe verspricht, die nicht geschah — ""
    wenn sie geht. `weitergegeben_an`: die Postkörbe, an die die Mail ging (weitergeleitet oder von der Arbeitshilfe
    abgegeben, weiterleitung.weitergegeben_an); `stellen`: ihre Namen für die Meldung. `antwort_entwerfen` lehnt
    damit ab, die Prüfung vor dem Senden (`queries.antwort_fehler`) ebenso."""
    if vorlage.weitergabe is None:
        return ""
    passend = set(weitergegeben_an) & set(vorlage.weitergabe) if vorlage.weitergabe else set(weitergegeben_an)
    if passend:
        return ""
    if not weitergegeben_an:
        return (f"Die Vorlage „{vorlage.titel}“ sagt dem Kunden, seine Mail sei weitergegeben — sie ist aber noch nicht "
                "weitergeleitet. Leiten Sie die Mail zuerst an die zuständige Stelle weiter („Weiterleiten“ auf der "
                "Mailseite), dann entwerfen Sie diese Antwort.")
    namen = " oder ".join(stellen.get(s, s) for s in vorlage.weitergabe)
    bisher = ", ".join(stellen.get(s, s) for s in sorted(weitergegeben_an))
    return (f"Die Vorlage „{vorlage.titel}“ sagt dem Kunden, seine Mail sei an {namen} weitergegeben; sie ging aber an "
            f"{bisher}. Wählen Sie eine Vorlage, die dazu passt (etwa „{VORLAGEN['eingang_weitergegeben'].titel}“).")


def vorlage_waehlen(fall: Falldaten, kundennummer: str, *, adresse_hinterlegt: bool = True) -> Vorlage:
    """Die Vorlage zum Ergebnis der Arbeitshilfe; ohne bestätigte Identität (verneint, noch nicht gefragt
    oder ohne Arbeitshilfe), ohne Kundennummer oder an eine Adresse, die VerBIS nicht beim Kunden hinterlegt hat,
    die Bitte um Kundennummer, Name und Geburtsdatum (ohne Kundendaten)."""
    if fall.identitaet_verneint:
        return VORLAGEN["identitaet_unklar"]
    if not kundennummer:
        return VORLAGEN["kundennummer_fehlt"]
    if not fall.identitaet_bestaetigt or not adresse_hinterlegt:
        return VORLAGEN["identitaet_unklar"]
    name = NACH_ERGEBNIS.get((fall.leitfaden, fall.ergebnis)) or NACH_ERGEBNIS.get(("*", fall.ergebnis), "allgemein")
    if name == "termin_abgesagt" and fall.neuer_termin is not None:
        name = "termin_abgesagt_neuer_termin"
    return VORLAGEN[name]


def platzhalter(vorlage: Vorlage) -> set[str]:
    """Die Namen der Platzhalter in Betreff und Text."""
    return {name for teil in (vorlage.betreff, vorlage.text)
            for _, name, _, _ in string.Formatter().parse(teil) if name}


def fuellen(vorlage: Vorlage, *, vorname: str, nachname: str, kundennummer: str,
            fall: Falldaten | None = None) -> tuple[str, str]:
    """(Betreff, Text) mit Anrede, Kundennummer und Termin — bei `kundendaten=False` ohne jede Angabe zum
    Kunden. Fehlt ein Termin, den die Vorlage nennt, steht dort eine Lücke zum Ausfüllen, die die Prüfung
    vor dem Senden meldet (LUECKE)."""
    fall = fall or Falldaten()
    mit_daten = vorlage.kundendaten
    anrede = _anrede(vorname, nachname) if mit_daten else "Guten Tag"
    werte = {"anrede": anrede,
             "kundennummer_betreff": f" (Kundennummer {kundennummer})" if kundennummer and mit_daten else "",
             "ihre_kundennummer": f"\n\nIhre Kundennummer: {kundennummer}" if kundennummer and mit_daten else "",
             "termin_am": f" {fall.termin.satz}" if fall.termin is not None and mit_daten else "",
             "abgesagte_termine": _abgesagt(fall.abgesagt_au) if mit_daten else "",
             "au_zeitraum": fall.au_zeitraum if mit_daten else ""}
    for vorsilbe, termin in (("", fall.termin), ("neu_", fall.neuer_termin)):
        for teil in ("tag", "uhrzeit", "ort"):
            werte[vorsilbe + teil] = getattr(termin, teil) if termin is not None and mit_daten else LUECKE
    return vorlage.betreff.format(**werte), vorlage.text.format(**werte)


LUECKE = "[bitte ergänzen]"


def _anrede(vorname: str, nachname: str) -> str:
    """„Guten Tag Vorname Nachname“ — ohne Angabe zum Geschlecht (VerBIS liefert keine Anrede) der ganze Name, wie in
    Schreiben der BA üblich; ohne Nachnamen nur „Guten Tag“ (die Vorlage setzt das Komma: „Guten Tag,“, nie „Guten
    Tag ,“). Leerraum in den Namen (auch doppelter) fällt weg."""
    nachname = " ".join(nachname.split())
    if not nachname:
        return "Guten Tag"
    return " ".join(["Guten Tag", *vorname.split(), nachname])


def _abgesagt(termine: tuple[TerminAngabe, ...]) -> str:
    """Die im AU-Zeitraum abgesagten Termine für die Antwort ("" ohne)."""
    if not termine:
        return ""
    zeilen = "\n".join(f"  - {t.tag}, {t.uhrzeit}, {t.ort}" for t in termine)
    was = "Ihren Termin" if len(termine) == 1 else "Diese Termine"
    return (f"\n\n{was} im Zeitraum Ihrer Arbeitsunfähigkeit haben wir abgesagt:\n{zeilen}\nEinen neuen Termin "
            "vereinbaren wir, wenn Sie wieder arbeitsfähig sind.")
