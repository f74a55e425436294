"""Der Standort eines Arbeitsplatzes: eine Agentur aus dem Katalog (`content/standorte.yaml`), kein Freitext.

Ein Tippfehler („Nürnbergg“) ließe einen Benutzer an einem Standort arbeiten, den es nicht gibt: keine
Standortvariante gälte, seine Kontakte stünden unter diesem Ort, die QS fände ihn nicht. Darum wählen Verwaltung
und `manage.py benutzer` nur bekannte Agenturen; ein schon gespeicherter unbekannter Wert wird sichtbar markiert
(`anzeige`), bis jemand ihn korrigiert. Leer bleibt erlaubt (Rollen ohne Standort: Redaktion, Administration)."""

from __future__ import annotations

from kundenportal.verdrahtung import katalog

UNBEKANNT = "unbekannt – bitte korrigieren"


def bekannte() -> dict[str, list[str]]:
    """Die Agenturen des Katalogs je Verbund (Name des Verbunds → Agenturen in Katalogreihenfolge)."""
    standorte = katalog().standorte
    verbuende: dict[str, list[str]] = {}
    for agentur in standorte.agenturen.values():
        verbuende.setdefault(standorte.verbuende.get(agentur.verbund, agentur.verbund), []).append(agentur.name)
    return verbuende


def ist_bekannt(standort: str) -> bool:
    return standort in katalog().standorte.agenturen


def fehler(standort: str) -> str | None:
    """Warum `standort` nicht gespeichert werden darf, oder None (leer oder eine Agentur des Katalogs)."""
    if not standort or ist_bekannt(standort):
        return None
    namen = ", ".join(name for agenturen in bekannte().values() for name in agenturen)
    return (f"Standort: „{standort}“ ist keine Agentur aus content/standorte.yaml. "
            f"Bitte einen bekannten Standort wählen: {namen}.")


def anzeige(standort: str) -> str:
    """Der Standort für Listen: leer als „–“, ein unbekannter Wert mit Hinweis."""
    if not standort:
        return "–"
    return standort if ist_bekannt(standort) else f"{standort} ({UNBEKANNT})"
