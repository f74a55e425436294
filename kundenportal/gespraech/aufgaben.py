"""Postkörbe (OS AlgPlus, Familienkasse Direktion): von Leitfäden erstellte Aufgaben lesen, nehmen,
zurückgeben, schließen — über den Aufgaben-Port, mit Zugriffsprüfung und Zugriffsprotokoll.

Der Weg einer Aufgabe: offen → in Bearbeitung (wer sie übernimmt, steht daran) → erledigt (mit Ergebnis und
Zeitpunkt); zurückgeben macht aus „in Bearbeitung“ wieder „offen“ (ohne Bearbeiter). Zurückgeben und schließen
darf nur, wer sie übernommen hat; schließen nur mit einem Ergebnis: was getan wurde, als Text."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE, Aufgabe
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten import zugriff
from kundenportal.konten.felder import hat_markup
from kundenportal.konten.services import (
    zugriff_protokollieren,
    zugriff_verweigert_protokollieren,
    zugriffe_protokollieren,
)
from kundenportal.lesbar import zahl as _zahl

from .fehler import Abgelehnt, GespraechFehler, KeinZugriff, Konflikt
from .models import Kontakt

OFFEN, IN_BEARBEITUNG, ERLEDIGT = "offen", "in_bearbeitung", "erledigt"
ERGEBNIS_MAX = 1000
ERGEBNIS_LEER = "Bitte tragen Sie ein, was Sie erledigt haben: das Ergebnis darf nicht leer sein."
ERGEBNIS_MARKUP = ("Das Ergebnis darf keine HTML-Auszeichnungen wie <b> enthalten; „<“ und „>“ allein (etwa "
                   "„Frist > 2 Wochen“) sind erlaubt.")


ERGEBNIS_HINWEIS = f"Was haben Sie getan? Nur Text, höchstens {_zahl(ERGEBNIS_MAX)} Zeichen."


@dataclass(frozen=True)
class Postkorbansicht:
    """Was die Seite eines Postkorbs zeigt: `ansicht` ist "" (offen und in Bearbeitung, älteste zuerst) oder
    "erledigt" (neueste zuerst). Die Zahlen zählen den ganzen Postkorb (ohne Kundendaten)."""

    postkorb: str
    name: str
    ansicht: str
    aufgaben: list[Aufgabe]
    offen: int
    in_bearbeitung: int
    meine: int
    erledigt: int
    # je gezeigter Aufgabe: wie viele andere offene Aufgaben dieser Postkorb zur selben Kundennummer hat
    weitere_offen: dict[int, int] = field(default_factory=dict)
    # die Kontakte der gezeigten Aufgaben, die die Person sehen darf (nur zu ihnen ein Verweis auf die Historie)
    kontakte_sichtbar: frozenset[str] = frozenset()

    @property
    def nicht_erledigt(self) -> int:
        return self.offen + self.in_bearbeitung


def _kontakte_sichtbar(user: Any, aufgaben: list[Aufgabe]) -> frozenset[str]:
    """Die Kontakte der Aufgaben, die `user` sehen darf (zugriff.darf_kontakt_sehen: Rolle und Rechtskreis) —
    eine Aufgabe kann aus einem Kontakt eines anderen Rechtskreises stammen; zu ihm gibt es keinen Verweis."""
    ids: set[uuid.UUID] = set()
    for a in aufgaben:
        try:
            ids.add(uuid.UUID(a.kontakt))
        except ValueError:
            continue
    if not ids:
        return frozenset()
    return frozenset(str(k.pk) for k in Kontakt.objects.filter(pk__in=ids) if zugriff.darf_kontakt_sehen(user, k))


def postkorb_name(postkorb: str) -> str:
    return POSTKOERBE.get(postkorb, postkorb)


def _pruefen(user: Any, postkorb: str) -> None:
    """KeinZugriff mit den eigenen Postkörben; einen unbekannten Namen aus der Adresse wiederholt die Meldung nicht."""
    if not zugriff.darf_postkorb_sehen(user, postkorb):
        eigene = ", ".join(postkorb_name(p) for p in zugriff.postkoerbe_fuer(user))
        dazu = f" Ihre Postkörbe: {eigene}." if eigene else " Ihre Rolle hat keinen Postkorb."
        if postkorb not in POSTKOERBE:
            raise KeinZugriff("Einen Postkorb mit diesem Namen gibt es nicht." + dazu)
        raise KeinZugriff(f"Den Postkorb {postkorb_name(postkorb)} dürfen Sie nicht sehen." + dazu)


def postkorb_lesen(user: Any, postkorb: str, ansicht: str = "") -> Postkorbansicht:
    """Die Aufgaben einer Ansicht; ins Zugriffsprotokoll kommen die gezeigten (je Kunde und Kontakt)."""
    _pruefen(user, postkorb)
    alle = systeme().aufgaben.liste(postkorb, None)
    if ansicht == ERLEDIGT:
        gezeigt = sorted((a for a in alle if a.status == ERLEDIGT),
                         key=lambda a: (a.erledigt or a.erstellt, a.id), reverse=True)
    else:
        ansicht, gezeigt = "", [a for a in alle if a.status != ERLEDIGT]
    zugriffe_protokollieren(user, "postkorb_lesen", [(a.kundennummer, a.kontakt or None) for a in gezeigt])
    ich = user.get_username()
    offen_je_kunde = Counter(a.kundennummer for a in alle if a.status == OFFEN and a.kundennummer)
    weitere = {a.id: offen_je_kunde[a.kundennummer] - (a.status == OFFEN) for a in gezeigt if a.kundennummer}
    return Postkorbansicht(
        postkorb=postkorb, name=postkorb_name(postkorb), ansicht=ansicht, aufgaben=gezeigt,
        offen=sum(a.status == OFFEN for a in alle), in_bearbeitung=sum(a.status == IN_BEARBEITUNG for a in alle),
        meine=sum(a.status == IN_BEARBEITUNG and a.bearbeiter == ich for a in alle),
        erledigt=sum(a.status == ERLEDIGT for a in alle),
        weitere_offen={i: n for i, n in weitere.items() if n > 0},
        kontakte_sichtbar=_kontakte_sichtbar(user, gezeigt))


def ergebnis_pruefen(ergebnis: str) -> str:
    """Das Ergebnis, wie es gespeichert wird: Zeilenumbrüche zählen als ein Zeichen wie in der Textarea des
    Browsers (konten.felder.MehrzeiligerText), Leerraum am Rand fällt weg. Leer, zu lang oder mit Markup:
    `Abgelehnt` mit einer Meldung für das Feld."""
    text = str(ergebnis or "").replace("\r\n", "\n").strip()
    if not text:
        raise Abgelehnt("ergebnis_leer", ERGEBNIS_LEER)
    if len(text) > ERGEBNIS_MAX:
        raise Abgelehnt("ergebnis_lang", f"Das Ergebnis ist {_zahl(len(text))} Zeichen lang; erlaubt sind "
                                         f"höchstens {_zahl(ERGEBNIS_MAX)}.")
    if hat_markup(text):
        raise Abgelehnt("ergebnis_markup", ERGEBNIS_MARKUP)
    return text


def _aufgabe(user: Any, postkorb: str, aufgabe_id: int, aktion: str) -> Aufgabe:
    """Die Aufgabe aus dem Postkorb, den die Person bearbeiten darf (Postkorb und Rechtskreis). Gelesen wird
    hier nur für die Prüfung; ins Protokoll kommt die Änderung (`aktion`) — oder ihr abgewiesener Versuch."""
    _pruefen(user, postkorb)
    treffer = [a for a in systeme().aufgaben.liste(postkorb, None) if a.id == aufgabe_id]
    if not treffer:
        raise GespraechFehler("aufgabe_unbekannt",
                              f"Aufgabe {aufgabe_id} liegt nicht im Postkorb {postkorb_name(postkorb)}.")
    aufgabe = treffer[0]
    if not zugriff.darf_aufgabe_bearbeiten(user, aufgabe):
        zugriff_verweigert_protokollieren(user, aktion, kundennummer=aufgabe.kundennummer,
                                          kontakt=aufgabe.kontakt or None)
        raise KeinZugriff(f"Aufgaben im Postkorb {postkorb_name(postkorb)} dürfen Sie nicht bearbeiten.")
    return aufgabe


def aufgabe_nehmen(user: Any, postkorb: str, aufgabe_id: int) -> Aufgabe:
    aufgabe = _aufgabe(user, postkorb, aufgabe_id, "aufgabe_nehmen")
    if aufgabe.status != OFFEN:
        raise Konflikt("aufgabe_nicht_offen", f"Aufgabe {aufgabe_id} ist nicht mehr offen"
                       + (f": sie bearbeitet {aufgabe.bearbeiter}." if aufgabe.bearbeiter else "."))
    try:
        ergebnis = systeme().aufgaben.nehmen(aufgabe_id, durch=user.get_username())
    except ValueError:           # inzwischen von jemand anderem übernommen
        raise Konflikt("aufgabe_nicht_offen", f"Aufgabe {aufgabe_id} hat inzwischen jemand anderes "
                       "übernommen.") from None
    zugriff_protokollieren(user, "aufgabe_nehmen", kundennummer=aufgabe.kundennummer,
                           kontakt=aufgabe.kontakt or None)
    return ergebnis


def _eigene(user: Any, postkorb: str, aufgabe_id: int, aktion: str, niemand: str, tun: str) -> tuple[Aufgabe, str]:
    """Die Aufgabe, wenn diese Person sie übernommen hat und sie nicht erledigt ist (Zurückgeben, Erledigt), mit dem
    Benutzernamen; sonst Konflikt mit dem Grund (`niemand`: was fehlt, `tun`: was nur die Bearbeiterin darf)."""
    aufgabe = _aufgabe(user, postkorb, aufgabe_id, aktion)
    ich = user.get_username()
    if aufgabe.status == ERLEDIGT:
        raise Konflikt("aufgabe_erledigt", f"Aufgabe {aufgabe_id} ist bereits erledigt.")
    if aufgabe.status != IN_BEARBEITUNG or not aufgabe.bearbeiter:
        raise Konflikt("aufgabe_nicht_uebernommen", f"Aufgabe {aufgabe_id} hat {niemand}")
    if aufgabe.bearbeiter != ich:
        raise Konflikt("aufgabe_fremd", f"Aufgabe {aufgabe_id} bearbeitet {aufgabe.bearbeiter}; {tun} kann sie nur, "
                       "wer sie übernommen hat.")
    return aufgabe, ich


def aufgabe_zurueckgeben(user: Any, postkorb: str, aufgabe_id: int) -> Aufgabe:
    """Zurück in den Postkorb (wieder offen, ohne Bearbeiter): nur eine Aufgabe, die diese Person übernommen hat
    und die noch nicht erledigt ist. Andere können sie danach übernehmen."""
    aufgabe, ich = _eigene(user, postkorb, aufgabe_id, "aufgabe_zurueckgeben", "niemand übernommen; sie ist schon "
                           "offen.", "zurückgeben")
    try:
        zurueck = systeme().aufgaben.zurueckgeben(aufgabe_id, durch=ich)
    except ValueError:           # inzwischen geändert (etwa in einem zweiten Fenster erledigt)
        raise Konflikt("aufgabe_geaendert", f"Aufgabe {aufgabe_id} wurde inzwischen geändert. "
                       "Bitte laden Sie den Postkorb neu.") from None
    zugriff_protokollieren(user, "aufgabe_zurueckgeben", kundennummer=aufgabe.kundennummer,
                           kontakt=aufgabe.kontakt or None)
    return zurueck


def aufgabe_schliessen(user: Any, postkorb: str, aufgabe_id: int, ergebnis: str) -> Aufgabe:
    """Erledigt: nur eine Aufgabe, die diese Person übernommen hat, und nur mit Ergebnis (`ergebnis_pruefen`).
    Der Stand wird vor dem Ergebnis geprüft: wer die Aufgabe nicht hat, erfährt das, nicht etwas über den Text."""
    aufgabe, ich = _eigene(user, postkorb, aufgabe_id, "aufgabe_schliessen", "noch niemand übernommen. Übernehmen "
                           "Sie sie zuerst; erledigt wird sie mit einem Ergebnis.", "als erledigt kennzeichnen")
    text = ergebnis_pruefen(ergebnis)
    try:
        erledigt = systeme().aufgaben.schliessen(aufgabe_id, durch=ich, ergebnis=text)
    except ValueError:           # inzwischen geändert (etwa in einem zweiten Fenster erledigt)
        raise Konflikt("aufgabe_geaendert", f"Aufgabe {aufgabe_id} wurde inzwischen geändert. "
                       "Bitte laden Sie den Postkorb neu.") from None
    zugriff_protokollieren(user, "aufgabe_schliessen", kundennummer=aufgabe.kundennummer,
                           kontakt=aufgabe.kontakt or None)
    return erledigt
