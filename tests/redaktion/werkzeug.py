"""Gemeinsame Schritte der Redaktionstests: Entwurf aus SC 3.307 mit geändertem Hinweistext und
geänderter Bedingung, Paket der Weisung 202003006."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kundenportal.redaktion import struktur
from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen
from kundenportal.redaktion.yamlfeld import feld_setzen

BASIS = "leitfaeden/sc/3.307/2020-03-20.yaml"
NEUER_TEXT = "Weisen Sie auf die Online-Ausweisfunktion oder eine persönliche Vorsprache hin. Wie geht es weiter?"
BEDINGUNG = "stufe_ausweissicht == true"


def entwurf_3307(redakteur: Any, *, bedingung: str = BEDINGUNG) -> Entwurf:
    basis = Katalogdatei.objects.get(pfad=BASIS)
    e = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=basis, stand=dt.date(2020, 4, 1))
    text = feld_setzen(e.text, "erhoehung", "text", NEUER_TEXT)
    text = feld_setzen(text, "stufe", "weiter.0.wenn", bedingung)
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    return e


def paket_mit(redakteur: Any, e: Entwurf) -> Freigabepaket:
    p = paket_anlegen(redakteur, weisung="202003006", titel="Insolvenzgeld: Hinweis präzisiert",
                      datum=dt.date(2020, 3, 30), stand="04/2020", gueltig_ab=dt.date(2020, 4, 15))
    entwurf_zuordnen(redakteur, p.pk, e.pk)
    return p


def schritt_ids(text: str) -> list[str]:
    """Die Kennungen der Schritte eines Entwurfs, in der Reihenfolge des Texts."""
    return [b.schritt_id for b in struktur.bloecke(text)[1]]


def mit_doppeltem_papier(text: str) -> str:
    """Ein zweiter Schritt `papier` (ein Hinweis) hinter `versandt`: der Befund, den die Redaktion gerade behebt."""
    return text.rstrip("\n") + '\n  - id: papier\n    art: hinweis\n    text: "Der zweite."\n    nach: versandt\n'


def entwurf_doppelt(redakteur: Any) -> Entwurf:
    """Ein Entwurf aus SC 3.307 mit zwei Schritten `papier` (mit_doppeltem_papier), gespeichert."""
    e = entwurf_3307(redakteur)
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=mit_doppeltem_papier(e.text),
                             version=e.version)
    return e
