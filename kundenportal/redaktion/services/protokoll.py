"""Der Protokolleintrag jedes schreibenden Dienstes der Redaktion (wer, wann, was) — und seine Einzelheiten in
Sätzen für die Seite: keine Schlüssel, keine Python-Werte („ok: False“), Fassungen mit Leitfaden und Stand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kundenportal import zeit

from ..models import Protokolleintrag

# Die Angaben eines Pakets, wie das Formular sie beschriftet (Protokoll „Angaben des Pakets geändert“).
PAKETFELDER = {"weisung": "Weisung", "titel": "Titel", "datum": "Datum der Weisung", "stand": "Stand",
               "gueltig_ab": "Gültig ab", "gueltig_bis": "Gültig bis", "geltungsbereich": "Geltungsbereich"}


def eintragen(user: Any, aktion: str, objekt: str, **details: Any) -> Protokolleintrag:
    return Protokolleintrag.objects.create(zeit=zeit.jetzt(), user=user if getattr(user, "pk", None) else None,
                                           aktion=aktion, objekt=objekt, details=details)


def _datum(wert: Any) -> str:
    try:
        return f"{dt.date.fromisoformat(str(wert)):%d.%m.%Y}"
    except ValueError:
        return str(wert)


def fassung_text(schluessel: str) -> str:
    """„Fassung SC 3.307, Stand 06.12.2026“ statt „SC 3.307@2026-12-06“."""
    return f"Fassung {fassung_kurz(schluessel)}" if "@" in str(schluessel) else f"Datei {schluessel}"


def fassung_kurz(schluessel: str) -> str:
    """„SC 3.307, Stand 06.12.2026“ statt „SC 3.307@2026-12-06“ (anderes unverändert)."""
    leitfaden_id, at, stand = str(schluessel).rpartition("@")
    return f"{leitfaden_id}, Stand {_datum(stand)}" if at else str(schluessel)


def _wert(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, list | tuple):
        return ", ".join(_wert(w) for w in wert) or "keine"
    if isinstance(wert, dict):
        return "; ".join(f"{k}: {_wert(v)}" for k, v in wert.items())
    return str(wert)


def _anzahl(n: Any, eins: str, mehr: str) -> str:
    return f"{n} {eins if n == 1 else mehr}"


def _teil(schluessel: str, wert: Any) -> str:
    """Eine Einzelheit als Satzteil ("" = nicht erwähnenswert)."""
    match schluessel:
        case "ok":
            return f"Szenario-Tor: {'bestanden' if wert else 'nicht bestanden'}"
        case "szenarien":
            return _anzahl(wert, "Szenario", "Szenarien")
        case "ungedeckt":
            return _anzahl(wert, "geänderter Schritt", "geänderte Schritte") + " ohne Szenario" if wert else ""
        case "felder":
            return "geändert: " + (", ".join(PAKETFELDER.get(f, f) for f in wert) if wert else "nichts")
        case "fassungen":
            return "; ".join(fassung_text(f) for f in wert) if wert else "keine Fassung"
        case "weisung":
            return f"Weisung {wert}"
        case "gueltig_ab":
            return f"gültig ab {_datum(wert)}"
        case "kommentar":
            return f"Kommentar: „{wert}“" if wert else ""
        case "entwurf":
            return f"Entwurf {wert}"
        case "leitfaden":
            return f"Leitfaden {wert}"
        case "version":
            return f"Version {wert}"
        case "basis":
            return f"aus {fassung_text(wert)}" if wert else "neuer Leitfaden"
        case "bearbeiter":
            return f"bearbeitet von {_wert(wert)}" if wert else ""
        case "optionen":
            return f"neue Antwortoptionen: {_wert(wert)}" if wert else ""
        case "entfernt":
            return f"herausgenommen: {_wert(wert)}" if wert else ""
        case "titel":
            return f"„{wert}“" if wert else ""
        case "regeln":
            return f"Regelpunkte {_wert(wert)}" if wert else ""
        case "offene_punkte":           # beim Einreichen: was wissentlich ohne Schritt eingereicht wurde
            return f"Offene Punkte: {_wert(wert)}" if wert else "keine offenen Punkte"
        case "ohne_schritt":
            return f"laut Weisung kein Schritt nötig: {_wert(wert)}" if wert else ""
    return f"{schluessel.replace('_', ' ').capitalize()}: {_wert(wert)}"


def einzelheiten(details: dict[str, Any] | None) -> str:
    """Die Einzelheiten eines Eintrags als ein Satz, z. B. „Szenario-Tor: nicht bestanden; 3 Szenarien;
    2 geänderte Schritte ohne Szenario“ oder „Weisung 202003006; gültig ab 15.04.2020; Fassung SC 3.307,
    Stand 01.04.2020“."""
    return "; ".join(t for k, v in sorted((details or {}).items(), key=_reihenfolge) if (t := _teil(str(k), v)))


# Die Reihenfolge der Satzteile — fest, denn PostgreSQL (jsonb) liefert die Schlüssel anders geordnet zurück,
# als sie geschrieben wurden; Unbekanntes danach, alphabetisch.
REIHENFOLGE = ("ok", "szenarien", "ungedeckt", "weisung", "titel", "regeln", "offene_punkte", "ohne_schritt", "optionen",
               "entfernt", "gueltig_ab", "fassungen", "felder", "entwurf",
               "leitfaden", "version", "basis", "bearbeiter", "kommentar")


def _reihenfolge(eintrag: tuple[Any, Any]) -> tuple[int, str]:
    schluessel = str(eintrag[0])
    return (REIHENFOLGE.index(schluessel) if schluessel in REIHENFOLGE else len(REIHENFOLGE), schluessel)
