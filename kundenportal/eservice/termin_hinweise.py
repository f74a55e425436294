"""Was ein Kunde vor einem Termin wissen muss: wo er stattfindet und was er mitbringt — als Daten an dieser
einen Stelle, je Art des Termins (`Termin.bereich`: das Team, in dessen Kalender er liegt). Die Vorlagen
zeigen nur, was hier steht (eservice/_termin_hinweise.html).

Wo: Termine vor Ort nennen die Agentur des Termins (`Termin.agentur`, bei der BBiE auch eine andere Agentur
des Verbundes als die Wohnortagentur). Eine Anschrift führen die Standortdaten (content/standorte.yaml,
content/agenturen.yaml) nicht, das ATV keinen Raum: Anschrift und Raum stehen in der Einladung, und die
Seite sagt das, statt eine Anschrift zu erfinden. Video- und Telefontermine sagen, dass der Kunde nirgendwo
hingehen muss und wie der Termin zustande kommt.

Was mitbringen: annahme (nicht aus der Weisung 202003006, mit der Fachseite abzustimmen) — die Unterlagen,
nach denen die Teams in ihren Einladungen üblicherweise fragen."""

from __future__ import annotations

from dataclasses import dataclass

from kundenportal.fachverfahren.ports.atv import Termin

VOR_ORT, VIDEO, TELEFON = "vor_ort", "video", "telefon"


@dataclass(frozen=True)
class Terminart:
    kanal: str                      # VOR_ORT | VIDEO | TELEFON
    mitbringen: tuple[str, ...]     # zusätzlich zu VOR_ORT_IMMER bei Terminen vor Ort


@dataclass(frozen=True)
class Ort:
    kanal: str
    wo: str                         # kurz, für eine Zeile: „Agentur für Arbeit Köln“, „per Video“
    hinweis: str                    # was der Kunde dazu wissen muss
    frage: str                      # Überschrift der Unterlagen: „Was bringe ich mit?“ (vor Ort)


# Zu jedem Termin vor Ort, gleich welches Team.
VOR_ORT_IMMER = (
    "Ihre Einladung (Brief oder E-Mail der Agentur für Arbeit)",
    "Ihren Personalausweis oder Reisepass; mit ausländischer Staatsangehörigkeit auch Ihren Aufenthaltstitel",
)
_LEBENSLAUF = "Ihren aktuellen Lebenslauf"
_ZEUGNISSE = "Zeugnisse und Nachweise über Schule, Ausbildung, Studium und bisherige Arbeit"
_WEITERBILDUNG = (_LEBENSLAUF, _ZEUGNISSE, "Nachweise über Weiterbildungen und Kurse, die Sie schon gemacht haben")

TERMINARTEN: dict[str, Terminart] = {
    "av": Terminart(VOR_ORT, (
        _LEBENSLAUF, _ZEUGNISSE,
        "Wenn Ihre Arbeit endet: die Kündigung, den Aufhebungsvertrag oder Ihren befristeten Arbeitsvertrag")),
    "reha_beratung": Terminart(VOR_ORT, (
        "Ärztliche Unterlagen zu Ihrer gesundheitlichen Einschränkung, zum Beispiel Befunde oder Entlassungsberichte",
        "Bescheide anderer Stellen, zum Beispiel der Rentenversicherung, und Ihren Schwerbehindertenausweis, "
        "wenn Sie einen haben",
        _LEBENSLAUF)),
    "reha_vermittlung": Terminart(VOR_ORT, (
        _LEBENSLAUF, _ZEUGNISSE, "Nachweise über Ihre Rehabilitation, Umschulung oder Qualifizierung",
        "Ihren Schwerbehindertenausweis oder Gleichstellungsbescheid, wenn Sie einen haben")),
    "bb_vor_erwerbsleben": Terminart(VOR_ORT, (
        "Ihr letztes Schulzeugnis", "Ihren Lebenslauf, wenn Sie schon einen haben",
        "Ihre Fragen und Ideen zur Berufswahl. Gern können Sie eine Person Ihres Vertrauens mitbringen, "
        "zum Beispiel Ihre Eltern")),
    "bb_im_erwerbsleben": Terminart(VOR_ORT, _WEITERBILDUNG),
    "weiterbildungsberatung": Terminart(VOR_ORT, _WEITERBILDUNG),
    "kiz_video": Terminart(VIDEO, (
        "Ein Smartphone, ein Tablet oder einen Computer mit Kamera, Mikrofon und Internet",
        "Den Link zur Videoberatung aus Ihrer Bestätigungs-E-Mail",
        "Ihren Personalausweis oder Reisepass",
        "Nachweise über das Einkommen Ihrer Familie, zum Beispiel Lohn- oder Gehaltsabrechnungen")),
}
# Ein Team, das hier (noch) fehlt: ein Termin vor Ort mit den Unterlagen, die jeder Termin braucht.
UNBEKANNT = Terminart(VOR_ORT, ())

HINWEIS = {
    VOR_ORT: "Die Anschrift und den Raum finden Sie in Ihrer Einladung. Wenn Sie den Raum nicht finden, "
             "fragen Sie bitte am Empfang der Agentur.",
    VIDEO: "Sie müssen nirgendwo hingehen. Den Link zur Videoberatung haben Sie mit der Terminbestätigung "
           "per E-Mail bekommen; öffnen Sie ihn ein paar Minuten vor Beginn.",
    TELEFON: "Sie müssen nirgendwo hingehen. Wir rufen Sie zur vereinbarten Zeit an; bitte halten Sie Ihr "
             "Telefon bereit.",
}


FRAGE = {VOR_ORT: "Was bringe ich mit?", VIDEO: "Was lege ich bereit?", TELEFON: "Was lege ich bereit?"}


def terminart(termin: Termin) -> Terminart:
    return TERMINARTEN.get(termin.bereich, UNBEKANNT)


def ort(termin: Termin) -> Ort:
    kanal = terminart(termin).kanal
    if kanal == VIDEO:
        wo = "per Video" + (f", Familienkasse {termin.agentur}" if termin.agentur else "")
    elif kanal == TELEFON:
        wo = "per Telefon"
    else:
        wo = f"Agentur für Arbeit {termin.agentur}" if termin.agentur else "Agentur für Arbeit"
    return Ort(kanal, wo, HINWEIS[kanal], FRAGE[kanal])


def mitbringen(termin: Termin) -> tuple[str, ...]:
    art = terminart(termin)
    return (VOR_ORT_IMMER if art.kanal == VOR_ORT else ()) + art.mitbringen
