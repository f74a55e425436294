"""Rechtskreise (domain.md 2.12): jeder Kontakt, jede Aufgabe, jede Mail und jeder Termin gehört zu
genau einem — SGB III (Sozialgeheimnis, § 35 SGB I) oder Familienkasse (Kindergeld: Steuergeheimnis,
§ 30 AO). Eine Rolle liest nur, was zu ihren Rechtskreisen gehört (`rollen.Rolle.rechtskreise`,
geprüft in `zugriff.py`).

Der Rechtskreis folgt aus dem, was das Objekt schon trägt — ohne eigene Spalte, damit keiner ihn
falsch setzen kann: der Kontakt aus seinem Kanal, die Aufgabe aus ihrem Postkorb, die Mail aus dem
Postfach der E-Mail-Bearbeitung (SGB III) oder ihrem Kontakt, der Termin aus seinem Bereich
(KiZ-Videoberatung: Familienkasse). Unbekanntes gehört zu keinem Rechtskreis — niemand sieht es."""

from __future__ import annotations

from typing import Any

SGB_III = "sgb3"
FAMILIENKASSE = "familienkasse"
NAMEN = {SGB_III: "SGB III", FAMILIENKASSE: "Familienkasse"}

KANAL = {"ez": SGB_III, "sc3": SGB_III, "emb": SGB_III, "eservice": SGB_III, "scfk": FAMILIENKASSE}
POSTKORB = {"os_algplus": SGB_III, "team_sc3": SGB_III, "team_ez": SGB_III, "fk_direktion_qs": FAMILIENKASSE}
TERMINBEREICH_FAMILIENKASSE = ("kiz",)


def kanaele(*rechtskreise: str) -> list[str]:
    """Die Kanäle, deren Kontakte zu einem der `rechtskreise` gehören (für Abfragen `kanal__in`)."""
    return sorted(k for k, r in KANAL.items() if r in rechtskreise)


def von_kontakt(kontakt: Any) -> str | None:
    return KANAL.get(str(getattr(kontakt, "kanal", "")))


def von_aufgabe(aufgabe: Any) -> str | None:
    return POSTKORB.get(str(getattr(aufgabe, "an", "")))


def von_mail(mail: Any) -> str | None:
    """Das Kundenpostfach der E-Mail-Bearbeitung ist SGB III; ist die Mail einem Kontakt zugeordnet,
    gilt dessen Rechtskreis."""
    kontakt = getattr(mail, "kontakt", None)
    return von_kontakt(kontakt) if kontakt is not None else SGB_III


def von_termin(termin: Any) -> str:
    bereich = str(getattr(termin, "bereich", "")).lower()
    return FAMILIENKASSE if bereich.startswith(TERMINBEREICH_FAMILIENKASSE) else SGB_III
