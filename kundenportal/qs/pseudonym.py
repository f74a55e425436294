"""Pseudonymisierung freier Texte für die Qualitätssicherung (domain.md 5.2; Art. 9 DSGVO): was auf eine
Person zeigt, wird durch einen Platzhalter ersetzt, bevor eine Teamleitung den Vermerk sieht.

Ersetzt werden bekannte Namen (Kunde, Kinder), Anreden mit Namen („Frau Weber“, „Sohn Max“),
Kunden- und Kindergeldnummern in jeder Schreibweise, Geburts- und andere Daten, Anschriften (Straße mit
Hausnummer, Postleitzahl mit Ort), IBANs, Telefonnummern, E-Mail-Adressen und Gesundheitsangaben (Diagnosen,
ICD-Schlüssel, Krankheitsbegriffe). Lieber zu viel als zu wenig: die QS braucht den Ablauf, nicht die Person.
Freitext-Antworten des Wegs (`freitexte`) zeigt die QS nirgends — im Vermerk stehen sie als „[Freitext]“.

Dieselben Muster sagen auch, welche Arten von Angaben zur Person ein freier Text der Teamleitung enthält
(`personenbezug`): Maßnahmen der Anlage 7 und Kommentare der QS-Bewertung werden damit abgelehnt, statt
Sozialdaten über den Rechtskreis hinaus (Maßnahmen) oder an die Beschäftigten (Kommentar) zu tragen. Ein Datum
allein ist dort keine Angabe zur Person („bis 30.04.2020 nachschulen“)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONATE = ("Januar|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
           "Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez")
_GESUNDHEIT = (
    r"Diagnose\w*|Befund\w*|Depression\w*|depressiv\w*|Burn-?out|Krebs\w*|Tumor\w*|Chemo\w*|Bandscheib\w*|"
    r"Herzinfarkt\w*|Schlaganfall\w*|Diabet\w*|Sucht\w*|Alkohol\w*|Drogen\w*|psychisch\w*|Psychiatr\w*|"
    r"Psychotherap\w*|Therapie\w*|Reha-Klinik|Klinik\w*|Operation\w*|OP|Schwangerschaft\w*|schwanger|"
    r"Grippe|Corona|Covid-?19|Migräne|Rücken\w*|Knie\w*|Fraktur\w*|Bruch|gebrochen\w*|HIV|Angststörung\w*|"
    r"Panikattacke\w*|Epilepsie|Asthma|Demenz|Behinderung\w*|Schwerbehinderung|GdB\s*\d+")
_VERWANDTE = (r"(?:Frau|Herr|Herrn|Fr\.|Hr\.|Sohn|Tochter|Kind|Kindes|Sohnes|Ehemann|Ehefrau|Partner|Partnerin|Mutter|Vater|"
              r"Familie)")

# Reihenfolge zählt: erst lange, eindeutige Muster (IBAN, E-Mail), dann Nummern, Daten, Anschriften.
MUSTER: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.IGNORECASE), "[IBAN]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[E-Mail]"),
    (re.compile(r"\b\d{3}[ .\-/]?FK[ .\-/]?\d{3}[ .\-/]?\d{3}\b", re.IGNORECASE), "[Kindergeldnummer]"),
    (re.compile(r"\b\d{3}[ .\-/]?[A-Z][ .\-/]?\d{3}[ .\-/]?\d{3}\b", re.IGNORECASE), "[Kundennummer]"),
    (re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}\b"), "[Datum]"),
    (re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"), "[Datum]"),
    (re.compile(rf"\b\d{{1,2}}\.?\s(?:{_MONATE})\.?\s(?:19|20)\d{{2}}\b", re.IGNORECASE), "[Datum]"),
    (re.compile(r"(?:\+|\b00|\b0)\d[\d ()/\-]{5,}\d\b"), "[Telefon]"),
    (re.compile(r"\b[A-ZÄÖÜ][\wäöüß\-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|steig)"
                r"\s*\d+\s?[a-z]?\b", re.IGNORECASE), "[Anschrift]"),
    (re.compile(r"\b(?:Am|An der|Im|In der|Zum|Zur)\s[A-ZÄÖÜ][\wäöüß]+\s\d+\s?[a-z]?\b"), "[Anschrift]"),
    (re.compile(r"\b\d{5}\s[A-ZÄÖÜ][\wäöüß\-]+(?:\s(?:an der|am|im)\s[A-ZÄÖÜ][\wäöüß]+)?"), "[Ort]"),
    # Ein Kind aus KIWI, wie Optionen und Vermerk es nennen („K2 – Ida (13.03.2006)“): der Vorname nach der
    # Kennung, auch wenn die Namen aus KIWI fehlen (Kontakt ohne Kundennummer, KIWI gestört) — die Kennung bleibt.
    (re.compile(r"(?:(?<=\bK\d\s[–-]\s)|(?<=\bK\d\d\s[–-]\s))[A-ZÄÖÜ][\wäöüß\-]+"), "[Name]"),
    (re.compile(rf"\b{_VERWANDTE}\s(?:[A-ZÄÖÜ][\wäöüß\-]+)(?:\s[A-ZÄÖÜ][\wäöüß\-]+)?"), "[Person]"),
    (re.compile(r"\b[A-TV-Z]\d{2}(?:\.\d{1,2})?\b"), "[Gesundheitsangabe]"),        # ICD-10 (U = Sonderzwecke)
    (re.compile(rf"\b(?:{_GESUNDHEIT})\b", re.IGNORECASE), "[Gesundheitsangabe]"),
]


FREITEXT = "[Freitext]"

# Art der Angabe zur Person je Platzhalter der Muster, mit unbestimmtem Artikel für Meldungen. „[Datum]“ fehlt
# mit Absicht: Fristen und Stichtage gehören in Maßnahmen und Kommentare.
ARTEN: dict[str, tuple[str, str]] = {
    "[IBAN]": ("IBAN", "eine IBAN"),
    "[E-Mail]": ("E-Mail-Adresse", "eine E-Mail-Adresse"),
    "[Kundennummer]": ("Kundennummer", "eine Kundennummer"),
    "[Kindergeldnummer]": ("Kindergeldnummer", "eine Kindergeldnummer"),
    "[Telefon]": ("Telefonnummer", "eine Telefonnummer"),
    "[Anschrift]": ("Anschrift", "eine Anschrift"),
    "[Ort]": ("Anschrift", "eine Anschrift"),
    "[Person]": ("Name mit Anrede", "einen Namen mit Anrede"),
    "[Name]": ("Name", "einen Namen"),                  # bekannte `namen`, ein Kind nach seiner Kennung (K2 – …)
    "[Gesundheitsangabe]": ("Gesundheitsangabe", "eine Gesundheitsangabe"),
}
# Nur für `personenbezug`: „Kunde Max Schröder“ (Vor- und Nachname nach „Kunde“/„Kundin“). Im Vermerk ersetzt
# `pseudonymisieren` die Namen aus VerBIS und KIWI wörtlich; ein freier Text der Teamleitung hat keine solche Liste.
_KUNDE_MIT_NAME = re.compile(r"\b(?:Kunde|Kundin|Kunden)\s(?:\[Kundennummer\],?\s)?"
                             r"[A-ZÄÖÜ][\wäöüß\-]+\s[A-ZÄÖÜ][\wäöüß\-]+")


def _name_muster(name: str) -> str:
    """Ein bekannter Name als ganzes Wort, auch im Genitiv („Webers Termin“, „Weber’s“)."""
    return rf"(?<!\w){re.escape(name)}(?:s|['’]s)?(?!\w)"


def pseudonymisieren(text: str, namen: Iterable[str] = (), kundennummern: Iterable[str] = (),
                     freitexte: Iterable[str] = ()) -> str:
    """Der Text ohne Personenbezug. `freitexte` (Antworten auf Freitext-Fragen), `namen` (z. B. aus VerBIS
    und KIWI) und `kundennummern` werden zuerst wörtlich ersetzt (ohne Rücksicht auf Groß-/Kleinschreibung,
    längere zuerst), dann greifen die Muster."""
    bekannt = {f.strip(): FREITEXT for f in freitexte if f and len(f.strip()) > 1}
    bekannt |= {n.strip(): "[Name]" for n in namen if n and len(n.strip()) > 1}
    bekannt |= {k.strip(): "[Kundennummer]" for k in kundennummern if k and k.strip()}
    for wort in sorted(bekannt, key=len, reverse=True):
        wortmuster = _name_muster(wort) if bekannt[wort] == "[Name]" else rf"(?<!\w){re.escape(wort)}(?!\w)"
        text = re.sub(wortmuster, bekannt[wort], text, flags=re.IGNORECASE)
    for muster, ersatz in MUSTER:
        text = muster.sub(ersatz, text)
    return text


def personenbezug(text: str, namen: Iterable[str] = ()) -> list[str]:
    """Welche Arten von Angaben zur Person `text` enthält („Kundennummer“, „Name mit Anrede“,
    „Gesundheitsangabe“, …; Namen aus `ARTEN`), jede einmal, in der Reihenfolge der Muster; leer: keine.
    Die Muster greifen nacheinander wie in `pseudonymisieren` — was ein früheres Muster ersetzt hat (etwa ein
    Datum), hält kein späteres für eine Telefonnummer. Daten allein zählen nicht. `namen` (etwa Vor- und Nachname
    des bewerteten Kontakts aus VerBIS) zählen auch ohne Anrede („Weber war verärgert“) als „Name“."""
    arten: list[str] = []
    for name in sorted({n.strip() for n in namen if n and len(n.strip()) > 1}, key=len, reverse=True):
        text, anzahl = re.subn(_name_muster(name), "[Name]", text, flags=re.IGNORECASE)
        if anzahl and "Name" not in arten:
            arten.append("Name")
    for muster, ersatz in [*MUSTER, (_KUNDE_MIT_NAME, "[Person]")]:
        text, anzahl = muster.subn(ersatz, text)
        art = ARTEN.get(ersatz)
        if anzahl and art is not None and art[0] not in arten:
            arten.append(art[0])
    return arten


def arten_aufzaehlen(arten: Iterable[str]) -> str:
    """Die Arten aus `personenbezug` als Satzteil: „eine Kundennummer und eine Gesundheitsangabe“."""
    mit_artikel = {name: artikel for name, artikel in ARTEN.values()}
    teile = [mit_artikel.get(a, a) for a in arten]
    return " und ".join([", ".join(teile[:-1]), teile[-1]]) if len(teile) > 1 else "".join(teile)
