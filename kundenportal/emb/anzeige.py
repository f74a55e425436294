"""Text aus fremden Mails sicher zeigen: Steuer- und Formatzeichen (etwa die Bidi-Steuerung U+202E, die
„rechnung<U+202E>fdp.html“ als „rechnunglmth.pdf“ erscheinen lässt) fallen für die Anzeige und den Namen
einer heruntergeladenen Datei weg; die Seiten isolieren den Rest zusätzlich mit <bdi>. Gespeichert bleibt
alles, wie es kam. Kein Django."""

from __future__ import annotations

import re
import unicodedata

from .quelle import STELLEN

# Unicode-Kategorien Cc (Steuerzeichen: NUL, ESC, …) und Cf (Formatzeichen: Bidi-Steuerung U+202A–U+202E,
# U+2066–U+2069, Markierungen U+200E/U+200F, unsichtbare Zeichen). Zeilenumbruch und Tab sind Cc, aber in
# einem Namen so fehl am Platz wie die anderen.
UNSICHTBAR = frozenset({"Cc", "Cf"})


def ohne_steuerzeichen(text: str) -> str:
    return "".join(z for z in text if unicodedata.category(z) not in UNSICHTBAR)


def hat_steuerzeichen(text: str) -> bool:
    return any(unicodedata.category(z) in UNSICHTBAR for z in text)


NICHT_LESBAR = "(nicht lesbar)"
# Dazu Cs: einzelne Ersatzzeichen für Bytes, die keine Kodierung deutete (surrogateescape), ließen sich nicht als
# UTF-8 senden — die Seite bräche ab.
NICHT_ZEIGBAR = UNSICHTBAR | {"Cs"}


def lesbar(text: str, laengstens: int = 300) -> str:
    """Ein Kopf aus einer Mail der Quarantäne (Absender, Betreff; mime.kopf_lesen) für die Seite: einzeilig, ohne
    Steuer-, Format- und Ersatzzeichen, höchstens `laengstens` Zeichen (sonst mit „…“). Bleibt nichts Lesbares —
    leer, nur das Ersatzzeichen U+FFFD —, sagt sie NICHT_LESBAR."""
    sauber = " ".join("".join(z for z in text if unicodedata.category(z) not in NICHT_ZEIGBAR
                              or z in "\t\n\r").split())
    if not sauber.replace("\ufffd", "").strip():
        return NICHT_LESBAR
    return sauber if len(sauber) <= laengstens else f"{sauber[:laengstens]}…"


OHNE_BETREFF = "(ohne Betreff)"
OHNE_ABSENDERADRESSE = "(ohne Absenderadresse)"
BETREFF_KURZ = 120          # so viele Zeichen eines Betreffs zeigen Liste, Meldungen und Knöpfe (sonst mit „…“)


BETREFF_NICHT_LESBAR = "(Betreff nicht lesbar)"
# Ein Encoded-Word (RFC 2047), das nach dem Einlesen noch im Betreff steht: mime._dekodieren ließ es roh, weil es sich
# nicht dekodieren ließ (etwa „=?utf-8?B?kaputt!!?=“; die Mail trägt dazu die Warnung „Kopfzeile Subject: Zeichen
# nicht dekodierbar“). Ein dekodierter Betreff enthält keins mehr.
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def betreff_unlesbar(betreff: str) -> bool:
    """Ob der gespeicherte Betreff ein nicht dekodierbares Encoded-Word enthält (dann zeigen die Seiten
    BETREFF_NICHT_LESBAR, die Mailseite den Betreff wie empfangen dazu; gespeichert bleibt er, wie er kam)."""
    return bool(_ENCODED_WORD.search(betreff))


def betreff_lesbar(betreff: str) -> str:
    """Der ganze Betreff für eine Seite: ohne Steuerzeichen; leer OHNE_BETREFF, nicht dekodierbar
    BETREFF_NICHT_LESBAR."""
    if betreff_unlesbar(betreff):
        return BETREFF_NICHT_LESBAR
    return ohne_steuerzeichen(betreff).strip() or OHNE_BETREFF


def betreff_kurz(betreff: str, laengstens: int = BETREFF_KURZ) -> str:
    """Ein Betreff für die Warteschlange, eine Meldung oder die Beschriftung eines Knopfs: ohne Steuerzeichen,
    höchstens `laengstens` Zeichen (sonst gekürzt mit „…“; der volle Betreff steht auf der Mailseite); leer
    OHNE_BETREFF, nicht dekodierbar BETREFF_NICHT_LESBAR."""
    lesbar = betreff_lesbar(betreff)
    if lesbar in (OHNE_BETREFF, BETREFF_NICHT_LESBAR) or len(lesbar) <= laengstens:
        return lesbar
    return f"{lesbar[:laengstens - 1].rstrip()}…"


def absender_kurz(name: str, adresse: str) -> str:
    """Wer eine Mail schrieb, für eine Zeile der Warteschlange: der Name, sonst die Adresse, ohne beide
    OHNE_ABSENDERADRESSE."""
    return ohne_steuerzeichen(name).strip() or ohne_steuerzeichen(adresse).strip() or OHNE_ABSENDERADRESSE


# Woher eine Mail kam (Mail.quelle, services/dateien.py und imap.py): gespeichert mit einem Präfix, gezeigt in Worten
_QUELLEN = {"eml": "Datei", "mbox": "mbox-Datei", "maildir": "Maildir-Verzeichnis"}
_QUELLEN_OHNE_NAMEN = {"eml": "Datei", "demo": "Demodaten", "bench": "Lastmessung", "bench-einzeln": "Lastmessung"}


def quelle_in_worten(quelle: str) -> str:
    """`eml:d-binaer.eml` → „Datei d-binaer.eml“, `mbox:eingang.mbox#nachricht=3` → „mbox-Datei eingang.mbox,
    Nachricht 3“, `maildir:Maildir#datei=new/1` → „Maildir-Verzeichnis Maildir, Datei new/1“,
    `imap:emb@mail.example/INBOX#uid=7` → „IMAP-Postfach INBOX (emb@mail.example), UID 7“, `demo` → „Demodaten“.
    Ohne Stelle (vor Session 31 gespeichert) nur die Quelle. Was sie nicht kennt, bleibt, wie es ist (ohne
    Steuerzeichen)."""
    sauber = ohne_steuerzeichen(quelle).strip()
    for marke, wort in STELLEN.items():
        vorne, trenner, stelle = sauber.rpartition(marke)
        if trenner and stelle and vorne:
            return f"{quelle_in_worten(vorne)}, {wort} {stelle}"
    art, trenner, rest = sauber.partition(":")
    if not trenner or not rest:
        return _QUELLEN_OHNE_NAMEN.get(sauber, sauber) or "unbekannt"
    if art in _QUELLEN:
        return f"{_QUELLEN[art]} {rest}"
    if art == "imap":
        zugang, _, postfach = rest.rpartition("/")
        return f"IMAP-Postfach {postfach} ({zugang})" if zugang else f"IMAP-Postfach {postfach}"
    return sauber
