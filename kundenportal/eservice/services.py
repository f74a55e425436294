"""Die Kundenseite ändert nur hier: Kundenkonto anlegen und anmelden, den eService „Beratungsgespräch
vorbereiten“ übermitteln.

Der eService läuft über den Leitfaden "ES Beratungsgespraech" in derselben Engine wie die Leitfäden der
Beschäftigten (leitfaden.ausfuehrung): ob er angeboten wird (ab 02.03.2020, nur nach abgeschlossener
Online-ASU; domain.md A9), welche Angaben gültig sind und dass sie in VerBIS landen, entscheidet der
Leitfaden — diese Schale beantwortet nur seine Fragen mit den Angaben aus dem Formular."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from kundenportal import zeit
from kundenportal.fachverfahren.registry import systeme
from kundenportal.katalog.queries import katalog
from kundenportal.leitfaden import ausfuehrung
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import AntwortAbgelehnt
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.lauf import Lauf

from .models import KundenKonto

LEITFADEN = "ES Beratungsgespraech"
KANAL = "eservice"
FORMULAR_FAKTEN = ("fuehrerscheine", "fahrzeuge", "sprachkenntnisse", "freie_angaben", "stellengesuch")


# --- Kundenkonto ----------------------------------------------------------------------------------

@transaction.atomic
def kundenkonto_anlegen(kundennummer: str, passwort: str) -> KundenKonto:
    """Legt das Konto an oder setzt sein Passwort neu (argon2)."""
    konto, _ = KundenKonto.objects.update_or_create(kundennummer=kundennummer,
                                                    defaults={"passwort": make_password(passwort)})
    return konto


@transaction.atomic
def kunde_anmelden(kundennummer: str, passwort: str) -> str | None:
    """Die Kundennummer bei richtigem Passwort, sonst None (ohne zu verraten, was falsch war)."""
    konto = KundenKonto.objects.select_for_update().filter(kundennummer=kundennummer.strip().upper()).first()
    if konto is None:
        make_password(passwort)   # gleiche Laufzeit wie bei einem vorhandenen Konto
        return None
    if not check_password(passwort, konto.passwort):
        return None
    konto.letzte_anmeldung = dt.datetime.now(dt.UTC)
    konto.save(update_fields=["letzte_anmeldung"])
    return konto.kundennummer


# --- eService "Beratungsgespräch vorbereiten" -----------------------------------------------------

@dataclass(frozen=True)
class Angebot:
    verfuegbar: bool
    grund: str = ""


class EingabeAbgelehnt(ValueError):
    """Der Leitfaden lehnt eine Angabe ab; `fakt` sagt, welche (für die Meldung am Feld)."""

    def __init__(self, fakt: str, grund: str) -> None:
        self.fakt, self.grund = fakt, grund
        super().__init__(f"{fakt}: {grund}")


def _starten(kundennummer: str) -> tuple[Lauf, Kontext]:
    k = katalog()
    heute, jetzt = zeit.heute(), zeit.jetzt()
    kunde = systeme().verbis.kunde(kundennummer)
    standort = kunde.wohnort_agentur if kunde else None
    lauf = ausfuehrung.starten(k, LEITFADEN, datum=heute, jetzt=jetzt, kanal=KANAL, standort=standort,
                               kundennummer=kundennummer)
    kontext = Kontext(datum=heute, jetzt=jetzt, kanal=KANAL, standort=standort, kundennummer=kundennummer,
                      benutzer=f"kunde:{kundennummer}", kontakt=f"eservice:{uuid.uuid4().hex[:12]}",
                      standorte=k.standorte)
    return lauf, kontext


def _ab_wann() -> str:
    fassungen = katalog().leitfaeden[LEITFADEN].fassungen if LEITFADEN in katalog().leitfaeden else []
    if not fassungen:
        return "Dieser Service steht derzeit nicht zur Verfügung."
    return f"Dieser Service steht ab dem {min(f.gueltig_ab for f in fassungen):%d.%m.%Y} zur Verfügung."


def _ende_text(zug: Zug) -> str:
    return str(getattr(zug.schritt, "text", "") or "").strip()


def beratungsgespraech_angebot(kundennummer: str) -> Angebot:
    """Wird der eService diesem Kunden heute angeboten? Der Leitfaden entscheidet: läuft er vor der
    ersten Frage zu Ende, ist der eService nicht verfügbar (sein Text sagt, warum)."""
    try:
        lauf, kontext = _starten(kundennummer)
    except ausfuehrung.NichtGueltig:
        return Angebot(False, _ab_wann())
    zug = ausfuehrung.vorwaerts(katalog(), lauf, systeme(), kontext)
    if zug.art == "ende":
        return Angebot(False, _ende_text(zug) or "Dieser Service steht Ihnen derzeit nicht zur Verfügung.")
    return Angebot(True)


@transaction.atomic
def beratungsgespraech_uebermitteln(kundennummer: str, angaben: dict[str, Any]) -> str:
    """Beantwortet die Fragen des Leitfadens mit `angaben` (Fakt → Wert) und gibt das Ergebnis zurück
    (`profil_uebernommen` | `eservice_nicht_verfuegbar`). Lehnt der Leitfaden eine Angabe ab, wird
    nichts gespeichert: EingabeAbgelehnt(fakt, grund)."""
    k, s = katalog(), systeme()
    lauf, kontext = _starten(kundennummer)
    zug = ausfuehrung.vorwaerts(k, lauf, s, kontext)
    while zug.art == "frage":
        fakt = k.vokabular.fakten[zug.fakt]
        if zug.fakt in angaben:
            wert = angaben[zug.fakt]
        elif fakt.hat_standard:
            wert = fakt.standard
        else:
            raise EingabeAbgelehnt(zug.fakt, f"Der eService fragt „{fakt.label}“, das Formular kennt das nicht")
        try:
            zug = ausfuehrung.beantworten(k, lauf, s, kontext, zug.fakt, wert)
        except AntwortAbgelehnt as abgelehnt:
            raise EingabeAbgelehnt(abgelehnt.fakt, abgelehnt.grund) from None
    return lauf.ergebnis or ""
