"""Zuordnung einer Mail: Kundennummer finden und das Anliegen erkennen.

Die Erkennung ist ein durchschaubarer Regelsatz, kein gelerntes Modell: jede Regel ist ein Muster
auf dem normalisierten Text (kleingeschrieben, Umlaute als ae/oe/ue/ss; Wortanfänge statt Endungen,
damit Beugungen und häufige Tippfehler greifen) und nennt, wofür sie spricht. Der Vorschlag nennt die Regeln, die gegriffen
haben; die Beschäftigten bestätigen oder korrigieren ihn immer. Kein Django."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KLASSEN = ("terminabsage", "au_meldung", "sonstiges")
KLASSEN_TEXTE = {"terminabsage": "Terminabsage / Terminverschiebung", "au_meldung": "Meldung einer AU",
                 "sonstiges": "Sonstiges"}        # was die Seiten zeigen (die Codes bleiben Werte und Filter)
ARBEITSHILFEN = {"terminabsage": "EMB Terminabsage", "au_meldung": "EMB AU-Meldung"}
ABWESENHEITSNOTIZ = "Abwesenheitsnotiz (Auto-Submitted)"     # der Grund des Vorschlags für eine automatische Antwort

KUNDENNUMMER = re.compile(r"\b\d{3}[A-Z]\d{6}\b")
# Schreibweisen aus Mails: "955 A 123456", "955a123456", "955A123 456" (Korpus-README, Regel 6)
KUNDENNUMMER_LOSE = re.compile(r"(?<![\w.,/-])(\d{3}) ?([A-Za-z]) ?(\d{3}) ?(\d{3})(?![\w,/-]|\.\d)")

ZITAT_BEGINN = re.compile(r"^(-{3,} ?Urspr(ü|ue)ngliche Nachricht ?-{3,}|Am .{5,120} schrieb .{0,160}:)\s*$",
                          re.MULTILINE | re.IGNORECASE)


def kundennummer_finden(*texte: str) -> str | None:
    """Die erste Kundennummer in Betreff oder Text, in kanonischer Form `\\d{3}[A-Z]\\d{6}`."""
    for text in texte:
        treffer = KUNDENNUMMER.search(text)
        if treffer:
            return treffer.group(0)
    for text in texte:
        for lose in KUNDENNUMMER_LOSE.finditer(text):
            return f"{lose.group(1)}{lose.group(2).upper()}{lose.group(3)}{lose.group(4)}"
    return None


def normalisieren(text: str) -> str:
    text = text.lower()
    for alt, neu in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(alt, neu)
    return re.sub(r"\s+", " ", text)


def eigener_text(text: str) -> str:
    """Der Text ohne zitierte Antworten (`> …`, Outlook-Zitat, „Am … schrieb …:“) — dort steht die
    Einladung der Agentur, nicht das Anliegen. Weitergeleitete Nachrichten bleiben: sie sind es."""
    beginn = ZITAT_BEGINN.search(text)
    if beginn:
        text = text[: beginn.start()]
    return "\n".join(z for z in text.splitlines() if not z.lstrip().startswith(">"))


@dataclass(frozen=True)
class Regel:
    """Ein Muster (regulärer Ausdruck auf normalisiertem Text) und wofür es spricht."""

    name: str
    signal: str          # au_stark | au_schwach | termin | absage | gesund | sonstiges
    muster: str

    def trifft(self, text: str) -> bool:
        return re.search(self.muster, text) is not None


GESUNDMELDUNG = "Gesundmeldung"    # die Regel der Gesundmeldung, als Grund im Vorschlag (Anliegen „sonstiges“)
REGELN: tuple[Regel, ...] = (
    # Arbeitsunfähigkeit — eindeutige Wörter
    Regel("arbeitsunfähig", "au_stark", r"arbeitsunf\w*hig|arbeits unfaehig|arbeitsunfaehigkeit"),
    Regel("krankgeschrieben", "au_stark", r"krank ?geschr\w*|krankschreib\w*|krankmeld\w*|krank gemeldet"),
    Regel("AU-Bescheinigung", "au_stark",
          r"\bau\b|\bau-|\bau ?bescheinig\w*|folgebeschein\w*|erstbeschein\w*|gelbe[nr]? schein|krankenschein"),
    Regel("attest", "au_stark", r"\b(aerztliche[sn]?|arzt) ?(attest|bescheinigung)"),
    # Arbeitsunfähigkeit — schwächere Hinweise (eigene Erkrankung)
    Regel("erkrankt", "au_schwach", r"erkrankt|\bkrank\b|\bkranke?\b|grippe|fieber|corona ?positiv|im krankenhaus"),
    # Termin und Absage
    Regel("Termin", "termin", r"t(er|re)m[iu]n|einladung|gespraech|vorsprache|beratung|\bmeldung am|"
          r"vorbei ?kommen|\bkommen\b|kemma|erscheinen|\bam \d{1,2}\.|montag|dienstag|mittwoch|donnerstag|freitag"),
    Regel("absagen", "absage", r"absa?g\w*|abzusag\w*|\bsage\b.{0,40}\bab\b|abmelden f|storn\w*"),
    Regel("verschieben", "absage", r"verschieb\w*|verleg\w*|ersatztermin|anderen termin|neuen termin|"
          r"spaeteren termin|\bumleg\w*|besser passen|passt\b.{0,50}\bnicht|nicht passen|tauschen|anderen tag"),
    Regel("nicht wahrnehmen", "absage",
          r"\bn(i|ci)ch?t\b.{0,40}\b(wahr ?nehmen|wahrnemen|kommen|erscheinen|teilnehmen|da sein)|"
          r"\b(ned|nich|net|nit|nicht|nich) (kemma|kumma|komma|kommen|kimma)|verhindert|nicht moeglich|"
          r"tragen sie mich\b.{0,20}\baus|\baus ?tragen|kann ich nicht|schaffe (es|ich) nicht|klappt nicht"),
    # Gesundmeldung und andere Anliegen
    Regel(GESUNDMELDUNG, "gesund", r"gesund ?meld\w*|meld\w* (ich )?mich\W+(\w+\W+)?gesund|"
          r"(bin|ist|sind) (jetzt |seit \w+ )?wieder (gesund|arbeitsfaehig)|(krankschreibung|au) ist vorbei|"
          r"gesund geschrieben|nicht mehr krank|au (ist )?(beendet|vorbei)|wieder fit gemeldet"),
    Regel("Zahltermin", "sonstiges", r"zahltermin|zahlungstermin|auszahlung"),
)

# Anhänge ohne Text (Korpus-README, Regel 5): der Dateiname spricht für die AU.
AU_ANHANG = re.compile(r"\bau\b|au[-_]|arbeitsunf|krank|folgebesch|img[_-]|scan|foto|bescheinigung\.", re.I)
FREMD_KRANK = re.compile(r"(kind|tochter|sohn|mann|frau|partner\w*|mutter|vater|kleine[nr]?|kita|schule)"
                         r"\W+(\w+\W+){0,6}(ist|sind|war|wurde|liegt)?\W*(\w+\W+){0,2}(krank|erkrankt)")


@dataclass
class Vorschlag:
    klasse: str
    arbeitshilfe: str            # "" = allgemeine Warteschlange
    kundennummer: str | None
    gruende: list[str] = field(default_factory=list)


def klassifizieren(betreff: str, text: str, anhaenge: list[str] | tuple[str, ...] = (),
                   auto_antwort: bool = False) -> Vorschlag:
    """Das Hauptanliegen (Korpus-README, Kennzeichnungsregeln 1–5): AU vor Terminabsage, eine
    Absage wegen fremder Krankheit bleibt Terminabsage, eine Gesundmeldung ist sonstiges."""
    kundennummer = kundennummer_finden(betreff, text)
    klasse, gruende = _anliegen(betreff, text, list(anhaenge), auto_antwort)
    return Vorschlag(klasse=klasse, arbeitshilfe=ARBEITSHILFEN.get(klasse, ""), kundennummer=kundennummer,
                     gruende=gruende)


def _anliegen(betreff: str, text: str, anhaenge: list[str], auto_antwort: bool) -> tuple[str, list[str]]:
    if auto_antwort:
        return "sonstiges", [ABWESENHEITSNOTIZ]
    eigen = normalisieren(f"{betreff}\n{eigener_text(text)}")
    treffer = [r for r in REGELN if r.trifft(eigen)]
    signale = {r.signal for r in treffer}
    gruende = [r.name for r in treffer]
    fremd = FREMD_KRANK.search(eigen) is not None
    if "gesund" in signale and "au_stark" not in signale - {"gesund"}:
        return "sonstiges", gruende            # darunter GESUNDMELDUNG (der Name der Regel)
    if "gesund" in signale and not re.search(r"krank ?geschr|krankmeld|folgebeschein", eigen):
        return "sonstiges", gruende            # darunter GESUNDMELDUNG (der Name der Regel)
    if "sonstiges" in signale and "absage" not in signale and "au_stark" not in signale:
        return "sonstiges", gruende
    if "au_stark" in signale and not (fremd and "au_schwach" not in signale and "termin" in signale
                                      and "absage" in signale and not _au_woerter(eigen)):
        return "au_meldung", gruende
    if "termin" in signale and "absage" in signale:
        return "terminabsage", gruende
    if "au_schwach" in signale and not fremd:
        return "au_meldung", gruende
    if not eigener_text(text).strip() or len(eigener_text(text).strip()) < 40:
        namen = " ".join(anhaenge)
        if namen and AU_ANHANG.search(namen) and not re.search(r"lebenslauf|arbeitsbesch|vertrag", namen, re.I):
            return "au_meldung", [*gruende, f"Anhang {namen}"]
    return "sonstiges", gruende


def _au_woerter(text: str) -> bool:
    return re.search(r"arbeitsunf|krank ?geschr|krankschreib|krankmeld|\bau\b|bescheinig", text) is not None
