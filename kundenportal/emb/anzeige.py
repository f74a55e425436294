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
