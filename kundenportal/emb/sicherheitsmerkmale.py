"""Was die Beschäftigten zur Identitätsfrage einer Mail vergleichen („Identität des Absenders anhand der
Sicherheitsmerkmale geprüft?“): die Absenderadresse mit der Adresse, die VerBIS zur Kundennummer hinterlegt hat,
und den Namen aus der Mail (Absenderzeile, Signatur) mit dem Namen in VerBIS; nennt die Mail ein Geburtsdatum, ob
es zu VerBIS passt.

Gezeigt wird nur, was die Identität prüft — nichts über den Fall (A3: keine Termine, keine Leistungen, kein Status,
nicht einmal die hinterlegte Adresse oder das Geburtsdatum aus VerBIS, nur ob sie passen). Den Namen aus VerBIS
braucht der Vergleich selbst: Ob „Müller“ und „Mueller“ dieselbe Person sind, entscheidet ein Mensch. Die Adresse
wird wie bei der Prüfung der Antwort verglichen (`antwortdaten.absender_hinterlegt`: nur eindeutig hinterlegt zählt);
eine Adresse, die VerBIS einem anderen Kunden zuordnet, verrät hier nicht, welchem.

`name_in_signatur`, `geburtsdatum_in_mail` und `name_passt` lesen nur den Text (keine Datenbank); `merkmale` liest
VerBIS — die Seite protokolliert den Zugriff."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kundenportal import zeit
from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.registry import systeme

from .zuordnung import eigener_text

# Grußformeln, nach denen in Mails der Name steht („Viele Grüße“, „MfG“, „LG“, „Gruß“, „Mit freundlichen Grüßen“)
_GRUSS = re.compile(r"^\s*(mit\s+)?(freundlich\w*|viele|beste|liebe|herzliche|schöne|schoene|sonnige)?\s*"
                    r"(gr(ü|ue|u)(ß|ss|s)(e|en)?|mfg|lg|vg|bg|gruss|servus|tschüss|danke|hochachtungsvoll)\b[\s,.!]*$", re.IGNORECASE)
# Ein Name: zwei bis vier Wörter aus Buchstaben (auch mit Bindestrich, Apostroph; „Ziegler, Ahmet“)
_WORT = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*[.,]?"
_NAME = re.compile(rf"^{_WORT}(?:\s+{_WORT}){{1,3}}$")
_GEBURTSDATUM = re.compile(r"(?:geb(?:oren)?\.?(?:\s*am)?|geburtsdatum|geb\.-datum|geb\.\s*datum)\s*[:.]?\s*"
                           r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Merkmale:
    """Der Vergleich für die Identitätsfrage. `adresse`: „hinterlegt“, „nicht_hinterlegt“ oder „unbekannt“ (VerBIS
    nicht erreichbar); `kunde_gefunden` None heißt: VerBIS nicht erreichbar. `…_passt`: None ohne Vergleich."""

    absender: str
    kundennummer: str
    adresse: str
    kunde_gefunden: bool | None
    name_verbis: str = ""
    name_absender: str = ""
    name_signatur: str = ""
    geburtsdatum_mail: dt.date | None = None
    name_absender_passt: bool | None = None
    name_signatur_passt: bool | None = None
    geburtsdatum_passt: bool | None = None


def name_in_signatur(text: str) -> str:
    """Der Name nach der letzten Grußformel im eigenen Text der Mail (ohne Zitat) — "" wenn dort keiner steht."""
    zeilen = [z.strip() for z in eigener_text(text).splitlines()]
    for i in range(len(zeilen) - 1, -1, -1):
        if _GRUSS.match(zeilen[i]):
            for kandidat in zeilen[i + 1:i + 3]:
                if kandidat and len(kandidat) <= 60 and _NAME.match(kandidat):
                    return kandidat
            return ""
    return ""


def geburtsdatum_in_mail(text: str) -> dt.date | None:
    """Ein Geburtsdatum, das die Mail ausdrücklich nennt („geb. 24.06.1972“, „Geburtsdatum: 24.06.72“)."""
    treffer = _GEBURTSDATUM.search(eigener_text(text))
    if treffer is None:
        return None
    tag, monat, jahr = (int(t) for t in treffer.groups())
    if jahr < 100:
        jahr += 1900 if jahr > zeit.heute().year % 100 else 2000
    try:
        return dt.date(jahr, monat, tag)
    except ValueError:
        return None


def _woerter(name: str) -> list[str]:
    """Ein Name zum Vergleichen: klein, Umlaute als ae/oe/ue, ß als ss, ohne Akzente und Satzzeichen, Wörter sortiert."""
    text = name.casefold()
    for alt, neu in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(alt, neu)
    text = "".join(z for z in unicodedata.normalize("NFKD", text) if not unicodedata.combining(z))
    return sorted(w for w in re.split(r"[^a-z]+", text) if w)


def name_passt(mail_name: str, vorname: str, nachname: str) -> bool | None:
    """Stimmt der Name aus der Mail mit Vor- und Nachnamen aus VerBIS überein (Reihenfolge, Schreibweise der Umlaute
    und Groß-/Kleinschreibung egal)? None ohne Namen in der Mail."""
    if not mail_name.strip():
        return None
    return _woerter(mail_name) == _woerter(f"{vorname} {nachname}")


def merkmale(absender: str, absender_name: str, text: str, kundennummer: str) -> Merkmale:
    """Liest VerBIS (Kunde zur Kundennummer, Kunde zur Absenderadresse) und vergleicht. Nur aufrufen, wenn der
    Zugriff protokolliert wird."""
    absender = absender.strip()
    signatur = name_in_signatur(text)
    geburtsdatum = geburtsdatum_in_mail(text)
    absender_name = " ".join(absender_name.split())
    verbis = systeme().verbis
    try:
        kunde = verbis.kunde(kundennummer) if kundennummer else None
        per_adresse = verbis.kunde_per_email(absender) if absender and kunde is not None else None
    except SystemNichtErreichbar:
        return Merkmale(absender=absender, kundennummer=kundennummer, adresse="unbekannt", kunde_gefunden=None,
                        name_absender=absender_name, name_signatur=signatur, geburtsdatum_mail=geburtsdatum)
    if kunde is None:
        return Merkmale(absender=absender, kundennummer=kundennummer, adresse="nicht_hinterlegt", kunde_gefunden=False,
                        name_absender=absender_name, name_signatur=signatur, geburtsdatum_mail=geburtsdatum)
    hinterlegt = per_adresse is not None and per_adresse.kundennummer == kunde.kundennummer
    return Merkmale(
        absender=absender, kundennummer=kundennummer, adresse="hinterlegt" if hinterlegt else "nicht_hinterlegt",
        kunde_gefunden=True, name_verbis=" ".join(f"{kunde.vorname} {kunde.nachname}".split()),
        name_absender=absender_name, name_signatur=signatur, geburtsdatum_mail=geburtsdatum,
        name_absender_passt=name_passt(absender_name, kunde.vorname, kunde.nachname),
        name_signatur_passt=name_passt(signatur, kunde.vorname, kunde.nachname),
        geburtsdatum_passt=None if geburtsdatum is None or kunde.geburtsdatum is None
        else geburtsdatum == kunde.geburtsdatum)
