"""Neue Antwortoptionen am Freigabepaket erfassen und mit dem Paket veröffentlichen (redaktion/optionen.py).

Erfassen geht, solange das Paket bearbeitet wird (offen oder zurückgewiesen); geprüft wird gegen das Vokabular mit allen
schon veröffentlichten Ergänzungen (auch den erst künftig geltenden): Form des Werts, Beschriftung, keine Kollision,
keine Umbenennung. Eine Option, die noch nicht freigegeben ist, kann die Redaktion wieder herausnehmen; eine
veröffentlichte bleibt (das Vokabular wächst nur)."""

from __future__ import annotations

import datetime as dt
from hashlib import sha256
from typing import Any

from django.db import transaction

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.vokabular import Vokabular
from kundenportal.leitfaden.vokabular_zusatz import (
    NeueOption,
    mit_zusaetzen,
    optionen_pruefen,
    pfad,
    zusatz_yaml,
)

from ..katalogquelle import stammdaten, zusaetze
from ..mitarbeit import bearbeiter_des_pakets, vermerken
from ..models import Freigabepaket, Katalogdatei
from ..optionen import als_json, aus_paket
from ..paketkatalog import Paketstand
from ..queries import dateien_und_siegel, katalog_aus_datenbank
from .entwurf import befunde_auffrischen
from .protokoll import eintragen
from .weisung import FreigabeFehler


class OptionenFehler(FreigabeFehler):
    """Neue Antwortoptionen sind so nicht möglich; `zeile` (ab 0) und `feld` sagen, wo (sonst -1 und "")."""

    def __init__(self, code: str, meldung: str, fehler: list[tuple[int, str, str]] | None = None) -> None:
        super().__init__(code, meldung)
        self.fehler = fehler or []      # (Zeile ab 0, Feld, Meldung) je Fehler


def vokabular_mit_allen() -> Vokabular:
    """Das Vokabular mit jeder veröffentlichten Ergänzung, auch der erst künftig geltenden (gegen sie wird geprüft)."""
    dateien, _ = dateien_und_siegel()
    return mit_zusaetzen(stammdaten()[0], zusaetze(dateien, []))


def _ohne_leere(zeilen: list[NeueOption]) -> list[NeueOption]:
    return [o for o in zeilen if o.wert.strip() or o.label.strip()]


def pruefen(vok: Vokabular, zeilen: list[NeueOption]) -> None:
    if fehler := optionen_pruefen(vok, zeilen):
        zeile, _, meldung = fehler[0]
        raise OptionenFehler("optionen_ungueltig", f"Neue Antwortoption in Zeile {zeile + 1}: {meldung}", fehler)


@transaction.atomic
def optionen_erfassen(user: Any, paket_id: int, zeilen: list[NeueOption]) -> Freigabepaket:
    """Setzt die neuen Antwortoptionen des Pakets (leere Zeilen zählen nicht; eine weggelassene noch nicht freigegebene
    Option ist herausgenommen). Danach ist das Szenario-Tor neu zu prüfen, die Entwürfe des Pakets werden neu geprüft."""
    paket = Freigabepaket.objects.select_for_update().filter(pk=paket_id).first()
    if paket is None:
        raise OptionenFehler("paket_fehlt", f"Paket {paket_id} gibt es nicht.")
    if paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise OptionenFehler("paket_gesperrt", f"Das Paket ist {paket.get_status_display()}: keine Änderung möglich.")
    zeilen = [NeueOption(o.fakt, o.wert.strip(), o.label.strip()) for o in _ohne_leere(zeilen)]
    pruefen(vokabular_mit_allen(), zeilen)
    alt = {(o.fakt, o.wert): o for o in aus_paket(paket.neue_optionen)}
    neu = {(o.fakt, o.wert): o for o in zeilen}
    hinzu = [f"{o.wert} „{o.label}“ ({o.fakt})" for k, o in neu.items() if alt.get(k) != o]
    weg = [f"{o.wert} ({o.fakt})" for k, o in alt.items() if k not in neu]
    paket.neue_optionen, paket.tor = als_json(zeilen), {}
    if hinzu or weg:
        paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, "Antwortoptionen ergänzt" if not weg else
                                     "Antwortoptionen geändert")
    paket.save(update_fields=["neue_optionen", "tor", "bearbeiter"])
    eintragen(user, "optionen_erfasst", f"paket:{paket.pk}", optionen=hinzu, entfernt=weg)
    befunde_auffrischen(katalog_aus_datenbank(), set(paket.entwuerfe.values_list("leitfaden_id", flat=True)))
    return paket


def optionen_veroeffentlichen(paket: Freigabepaket, stand: Paketstand, gueltig_ab: dt.date, jetzt: dt.datetime) -> None:
    """Schreibt die neuen Antwortoptionen des Pakets als gesiegelte Katalogdatei (art vokabular), gültig ab dem Paket,
    für die Fassungen des Pakets. Kollidiert eine inzwischen veröffentlichte Ergänzung, wird nichts geschrieben."""
    optionen = aus_paket(paket.neue_optionen)
    if not optionen:
        return
    try:
        pruefen(vokabular_mit_allen(), optionen)
    except (OptionenFehler, KatalogFehler) as fehler:
        meldung = fehler.meldung if isinstance(fehler, OptionenFehler) else str(fehler)
        raise OptionenFehler("optionen_ungueltig", f"Nicht freigegeben: {meldung} Das Paket zurückweisen, damit die "
                                                   "Redaktion die Option anpasst.") from None
    text = zusatz_yaml(gilt_ab=gueltig_ab, weisung=paket.weisung,
                       fassungen=[neu.schluessel for _, neu, _, _ in stand.aenderungen], optionen=optionen,
                       kommentar=f"Freigabepaket {paket.pk} „{paket.titel}“ (Weisung {paket.weisung})")
    Katalogdatei.objects.create(art=Katalogdatei.VOKABULAR, pfad=pfad(gueltig_ab, paket.weisung, paket.pk), text=text,
                                inhalt_hash=sha256(text.encode()).hexdigest(), gueltig_ab=gueltig_ab, freigabe=paket,
                                angelegt=jetzt, bearbeiter=bearbeiter_des_pakets(paket))
