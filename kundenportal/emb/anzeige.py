"""Text aus fremden Mails sicher zeigen: Steuer- und Formatzeichen (etwa die Bidi-Steuerung U+202E, die
„rechnung<U+202E>fdp.html“ als „rechnunglmth.pdf“ erscheinen lässt) fallen für die Anzeige und den Namen
einer heruntergeladenen Datei weg; die Seiten isolieren den Rest zusätzlich mit <bdi>. Gespeichert bleibt
alles, wie es kam. Kein Django."""

from __future__ import annotations

import unicodedata

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


def betreff_kurz(betreff: str, laengstens: int = BETREFF_KURZ) -> str:
    """Ein Betreff für die Warteschlange, eine Meldung oder die Beschriftung eines Knopfs: ohne Steuerzeichen,
    höchstens `laengstens` Zeichen (sonst gekürzt mit „…“; der volle Betreff steht auf der Mailseite); leer
    OHNE_BETREFF."""
    sauber = ohne_steuerzeichen(betreff).strip()
    if not sauber:
        return OHNE_BETREFF
    return sauber if len(sauber) <= laengstens else f"{sauber[:laengstens - 1].rstrip()}…"


def absender_kurz(name: str, adresse: str) -> str:
    """Wer eine Mail schrieb, für eine Zeile der Warteschlange: der Name, sonst die Adresse, ohne beide
    OHNE_ABSENDERADRESSE."""
    return ohne_steuerzeichen(name).strip() or ohne_steuerzeichen(adresse).strip() or OHNE_ABSENDERADRESSE
