"""Kundensuche, die verzeiht: Kundennummer ohne Leerzeichen in Großbuchstaben ("900d 000001" →
"900D000001"), Nachname auch in Umschrift ("Schroeder" findet "Schröder", "Strasse" findet "Straße")."""

from __future__ import annotations

import itertools
import re

UMSCHRIFT = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))
HOECHSTENS = 16          # Varianten je Suche (2^4): längere Namen mit vielen Stellen bleiben begrenzt




def namensvarianten(name: str) -> list[str]:
    """Der Name, wie eingegeben, und seine Umschrift-Varianten (ae↔ä, oe↔ö, ue↔ü, ss↔ß), je auch mit
    großem Anfangsbuchstaben (SQLite vergleicht Umlaute sonst mit Groß-/Kleinschreibung)."""
    grund = " ".join((name or "").split())
    if not grund:
        return []
    teile = re.split(r"(ae|oe|ue|ss|ä|ö|ü|ß)", grund.lower())
    stellen = [i for i, t in enumerate(teile) if i % 2 == 1]
    varianten: list[str] = [grund]
    for wahl in itertools.islice(itertools.product((False, True), repeat=len(stellen)), HOECHSTENS):
        neu = list(teile)
        for i, tauschen in zip(stellen, wahl, strict=True):
            if tauschen:
                neu[i] = next((b for a, b in UMSCHRIFT if a == neu[i]), None) \
                    or next(a for a, b in UMSCHRIFT if b == neu[i])
        text = "".join(neu)
        for v in (text, text[:1].upper() + text[1:]):
            if v not in varianten:
                varianten.append(v)
    return varianten
