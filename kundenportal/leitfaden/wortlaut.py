"""Der Wortlaut einer Frage: die Überschrift, die die Beschäftigten im Gespräch sehen und die Weg, Vermerk, QS und
Redaktion nennen — an genau einer Stelle entschieden.

Eine Fassung kann ihn je Schritt setzen (`frage:` am Schritt, modell.Frage); sonst gilt die Beschriftung des Fakts
im Kanal (fakten.yaml `label_je_kanal`, sonst `label`). Der Wortlaut einer Fassung gilt in jedem Kanal: die
Beschriftungen des Vokabulars bleiben für alle anderen Leitfäden und Fassungen, wie sie sind (auch für versiegelte,
deren Vermerke weiter so lesen müssen wie damals)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .modell import Frage
from .vokabular import Vokabular


def frage_text(vokabular: Vokabular | None, schritt: Frage | Mapping[str, Any], kanal: str = "") -> str:
    """Die Frage des Schritts `schritt` im Kanal `kanal` ("" — ohne Kanal: die allgemeine Beschriftung `label`).
    `schritt`: der gelesene Schritt einer Fassung oder seine Felder, wie der strukturierte Editor sie liest.
    Ohne Wortlaut und ohne bekannten Fakt steht der Name des Fakts da (die Prüfung meldet ihn)."""
    if isinstance(schritt, Frage):
        wortlaut, fakt = schritt.frage, schritt.fakt
    else:
        wortlaut, fakt = schritt.get("frage"), str(schritt.get("fakt") or "")
    if isinstance(wortlaut, str) and wortlaut.strip():
        return wortlaut.strip()
    vokabel = vokabular.fakten.get(fakt) if vokabular is not None else None
    return vokabel.label_fuer(kanal) if vokabel is not None else fakt


def eigener_wortlaut(schritt: Any) -> str:
    """Der Wortlaut, den die Fassung selbst setzt ("" ohne: dann gilt die Beschriftung des Fakts)."""
    wortlaut = schritt.get("frage") if isinstance(schritt, Mapping) else getattr(schritt, "frage", None)
    return wortlaut.strip() if isinstance(wortlaut, str) else ""


def sagen_wort(kanal: str) -> str:
    """Wie ein Hinweis eingeleitet wird: „Im Gespräch“ am Telefon und am Empfang, „In der Antwort“ in der
    E-Mail-Bearbeitung (Kanal `emb`). Nicht „Sagen Sie“: die Hinweise der Leitfäden sind meist Anweisungen an die
    Beschäftigten („Bitten Sie den Kunden …“, „Erklären Sie …“), und das Format unterscheidet sie nicht
    von einem Satz zum Vorlesen. Das Gespräch (gespraech/ansicht.py) und der Rekorder der Redaktion sagen es gleich."""
    return "In der Antwort" if kanal == "emb" else "Im Gespräch"
