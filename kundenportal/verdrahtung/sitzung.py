"""Eine Sitzung mit dem, was der Prozess hat: geltender Katalog, konfigurierte Fachverfahren, die eine Uhr.

Die Schalen (gespraech, eservice, emb über gespraech) holen sich hier ihre `Sitzung`; Tests und der
Szenario-Runner bauen sie mit eigenen Systemen direkt (`leitfaden.sitzung.Sitzung`)."""

from __future__ import annotations

import datetime as dt

from kundenportal import zeit
from kundenportal.fachverfahren.registry import systeme
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.sitzung import Sitzung

from .katalog import katalog


def sitzung_starten(leitfaden_id: str, *, kanal: str, standort: str | None, kundennummer: str | None,
                    benutzer: str, kontakt: str, datum: dt.date | None = None) -> Sitzung:
    """Beginnt ein Gespräch auf der Fassung, die heute (oder am `datum`) am `standort` gilt.
    NichtGueltig, wenn keine gilt. Führt noch nichts aus (`sitzung.weiter()`)."""
    return Sitzung.starten(katalog(), systeme(), leitfaden_id, datum=datum or zeit.heute(), jetzt=zeit.jetzt(),
                           kanal=kanal, standort=standort, kundennummer=kundennummer, benutzer=benutzer,
                           kontakt=kontakt)


def sitzung_fortsetzen(lauf: Lauf, *, benutzer: str, kontakt: str) -> Sitzung:
    """Setzt einen gespeicherten Lauf fort; `jetzt` ist die Uhr dieses Schritts (Stichtag beachtet)."""
    return Sitzung.fortsetzen(katalog(), systeme(), lauf, jetzt=zeit.jetzt(), benutzer=benutzer, kontakt=kontakt)
