"""Antwortvorlagen je Ergebnis: deutsch, mit den Daten des Kunden gefüllt; die
Beschäftigten prüfen und ändern den Text vor dem Senden. Neue Vorlage = neuer Eintrag hier."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vorlage:
    name: str
    betreff: str
    text: str


_GRUSS = "\n\nMit freundlichen Grüßen\nIhre Agentur für Arbeit – Service Center\n"

VORLAGEN: dict[str, Vorlage] = {v.name: v for v in (
    Vorlage("termin_abgesagt", "Ihr Termin ist abgesagt{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir haben Ihren Termin wie gewünscht abgesagt."
            " Sie erhalten bei Bedarf eine neue Einladung.{ihre_kundennummer}" + _GRUSS),
    Vorlage("termin_bleibt", "Ihr Termin bleibt bestehen{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Ihr Termin bleibt wie vereinbart bestehen;"
            " bitte nehmen Sie ihn wahr. Datum, Uhrzeit und Ort finden Sie in Ihrer Einladung."
            "{ihre_kundennummer}" + _GRUSS),
    Vorlage("au_erfasst", "Ihre Arbeitsunfähigkeitsbescheinigung{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Arbeitsunfähigkeitsbescheinigung. Wir haben Ihre"
            " Arbeitsunfähigkeit erfasst. Bitte senden Sie uns auch Folgebescheinigungen zu und melden Sie"
            " sich, sobald Sie wieder arbeitsfähig sind. Gute Besserung!{ihre_kundennummer}" + _GRUSS),
    Vorlage("allgemein", "Ihre Nachricht{kundennummer_betreff}",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Wir bearbeiten Ihr Anliegen und melden uns bei"
            " Ihnen.{ihre_kundennummer}" + _GRUSS),
    Vorlage("kundennummer_fehlt", "Ihre Nachricht – bitte Kundennummer angeben",
            "{anrede},\n\nvielen Dank für Ihre Nachricht. Damit wir Ihr Anliegen Ihrem Konto zuordnen können,"
            " senden Sie uns bitte Ihre Kundennummer (zum Beispiel aus Ihrer Einladung) und Ihr"
            " Geburtsdatum." + _GRUSS),
)}

NACH_ERGEBNIS = {"termin_abgesagt": "termin_abgesagt", "termin_verschoben": "termin_abgesagt",
                 "termin_bleibt": "termin_bleibt", "au_erfasst": "au_erfasst"}


def vorlage_waehlen(ergebnis: str, kundennummer: str) -> Vorlage:
    if not kundennummer:
        return VORLAGEN["kundennummer_fehlt"]
    return VORLAGEN[NACH_ERGEBNIS.get(ergebnis, "allgemein")]


def fuellen(vorlage: Vorlage, *, vorname: str, nachname: str, kundennummer: str) -> tuple[str, str]:
    """(Betreff, Text) mit Anrede und Kundennummer."""
    anrede = f"Guten Tag {vorname} {nachname}".strip() if nachname else "Guten Tag"
    werte = {"anrede": anrede,
             "kundennummer_betreff": f" (Kundennummer {kundennummer})" if kundennummer else "",
             "ihre_kundennummer": f"\n\nIhre Kundennummer: {kundennummer}" if kundennummer else ""}
    return vorlage.betreff.format(**werte), vorlage.text.format(**werte)
