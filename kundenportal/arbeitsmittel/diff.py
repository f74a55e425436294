"""Was sich zwischen zwei Fassungen eines Arbeitsmittels geändert hat: Kopf- und Inhaltsfelder,
Kriterien (neu, geändert, entfallen) — für die Katalogseite „Vergleich mit der Vorgängerin“."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .modell import Arbeitsmittel


@dataclass(frozen=True)
class Aenderung:
    art: str          # neu | geaendert | entfallen
    feld: str
    alt: str
    neu: str


def _text(wert: Any) -> str:
    if isinstance(wert, list | tuple):
        return "; ".join(_text(w) for w in wert)
    if isinstance(wert, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in wert.items())
    return "" if wert is None else str(wert)


def _felder(a: Arbeitsmittel) -> dict[str, str]:
    felder = {"Titel": a.titel, "Gültig ab": f"{a.gueltig_ab:%d.%m.%Y}", "Weisung": a.weisung,
              "Regeln": _text(a.regeln), "Leitfäden": _text(a.leitfaeden)}
    felder |= {k: _text(v) for k, v in a.inhalt.items()}
    felder |= {f"Kriterium {k.id}": f"{k.text} (Regel {k.regel})" for k in a.kriterien}
    return felder


def vergleichen(alt: Arbeitsmittel, neu: Arbeitsmittel) -> list[Aenderung]:
    a, n = _felder(alt), _felder(neu)
    ergebnis = []
    for feld in [*a, *(f for f in n if f not in a)]:
        if feld not in n:
            ergebnis.append(Aenderung("entfallen", feld, a[feld], ""))
        elif feld not in a:
            ergebnis.append(Aenderung("neu", feld, "", n[feld]))
        elif a[feld] != n[feld]:
            ergebnis.append(Aenderung("geaendert", feld, a[feld], n[feld]))
    return ergebnis
