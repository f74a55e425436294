"""Postkörbe (OS AlgPlus, Familienkasse Direktion): von Leitfäden erstellte Aufgaben lesen, nehmen,
schließen — über den Aufgaben-Port, mit Zugriffsprüfung und Zugriffsprotokoll."""

from __future__ import annotations

from typing import Any

from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE, Aufgabe
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten import zugriff
from kundenportal.konten.services import zugriff_protokollieren, zugriffe_protokollieren

from .fehler import GespraechFehler, KeinZugriff


def postkorb_name(postkorb: str) -> str:
    return POSTKOERBE.get(postkorb, postkorb)


def aufgaben_lesen(user: Any, postkorb: str, status: str | None = None) -> list[Aufgabe]:
    if not zugriff.darf_postkorb_sehen(user, postkorb):
        raise KeinZugriff(f"Den Postkorb {postkorb_name(postkorb)} dürfen Sie nicht sehen.")
    aufgaben = systeme().aufgaben.liste(postkorb, status)
    zugriffe_protokollieren(user, "postkorb_lesen", [(a.kundennummer, a.kontakt or None) for a in aufgaben])
    return aufgaben


def _aufgabe(user: Any, postkorb: str, aufgabe_id: int) -> Aufgabe:
    treffer = [a for a in aufgaben_lesen(user, postkorb) if a.id == aufgabe_id]
    if not treffer:
        raise GespraechFehler("aufgabe_unbekannt", f"Aufgabe {aufgabe_id} liegt nicht im Postkorb {postkorb_name(postkorb)}.")
    return treffer[0]


def aufgabe_nehmen(user: Any, postkorb: str, aufgabe_id: int) -> Aufgabe:
    aufgabe = _aufgabe(user, postkorb, aufgabe_id)
    if aufgabe.status != "offen":
        raise GespraechFehler("aufgabe_nicht_offen", f"Aufgabe {aufgabe_id} ist nicht mehr offen.")
    ergebnis = systeme().aufgaben.nehmen(aufgabe_id, durch=user.get_username())
    zugriff_protokollieren(user, "aufgabe_nehmen", kundennummer=aufgabe.kundennummer)
    return ergebnis


def aufgabe_schliessen(user: Any, postkorb: str, aufgabe_id: int) -> Aufgabe:
    aufgabe = _aufgabe(user, postkorb, aufgabe_id)
    if aufgabe.status == "erledigt":
        raise GespraechFehler("aufgabe_erledigt", f"Aufgabe {aufgabe_id} ist bereits erledigt.")
    ergebnis = systeme().aufgaben.schliessen(aufgabe_id, durch=user.get_username())
    zugriff_protokollieren(user, "aufgabe_schliessen", kundennummer=aufgabe.kundennummer)
    return ergebnis

