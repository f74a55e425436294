"""Demokunden für `make run`: `einrichten` legt sie an und druckt ihre Anmeldungen; ihre Termine passen
zum Systemdatum, und ohne KUNDENPORTAL_STICHTAG können sie den eService heute nutzen."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from kundenportal import zeit
from kundenportal.eservice.demo import DEMO_PASSWORT, DEMOKUNDEN, demokunden_anlegen
from kundenportal.eservice.services import beratungsgespraech_angebot, kunde_anmelden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.zeit import BERLIN

pytestmark = pytest.mark.django_db


def _termine() -> dict[str, list[tuple[dt.datetime, str]]]:
    return {d.kundennummer: [(t.beginn, t.status) for t in systeme().atv.termine(d.kundennummer)]
            for d in DEMOKUNDEN}


def test_einrichten_legt_demokunden_an_und_druckt_ihre_anmeldung_zweimal_gleich(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    ausgaben = []
    for _ in range(2):
        ausgabe = StringIO()
        call_command("einrichten", "--demo", stdout=ausgabe)
        ausgaben.append(ausgabe.getvalue())
        if len(ausgaben) == 1:
            termine = _termine()
    assert termine == _termine()                                   # idempotent: keine weiteren Termine
    for text in ausgaben:
        assert "Demo-Anmeldungen (Benutzername / Passwort – Rolle):" in text
        assert "  demo-teamleitung-3 / demo-teamleitung-3 – weitere Teamleitung in Nürnberg: Kalibrierung" in text
        assert ("Demo-Kundenkonten für /kunde/ (Kundennummer / Passwort – Kunde):\n"
                "  955D100001 / Beratung2020! – Aylin Demir, Köln, Online-ASU abgeschlossen\n"
                "  955D100002 / Beratung2020! – Jonas Weber, Nürnberg, Online-ASU offen\n") in text
    assert "Demo-Kunden: 0 neu angelegt" in ausgaben[1]
    assert kunde_anmelden("955D100001", DEMO_PASSWORT) == "955D100001"
    assert [b.astimezone(BERLIN).date() for b, _ in termine["955D100001"]] == [dt.date(2020, 4, 8), dt.date(2020, 4, 14)]  # Karfreitag, Ostermontag (NW)


def test_ohne_stichtag_nutzen_demokunden_den_eservice_heute(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = ""
    demokunden_anlegen(zeit.heute())
    aylin, jonas = (d.kundennummer for d in DEMOKUNDEN)
    assert beratungsgespraech_angebot(aylin).verfuegbar
    assert not beratungsgespraech_angebot(jonas).verfuegbar            # Online-ASU noch offen: so gewollt
    assert all(b.astimezone(BERLIN).date() > zeit.heute() for b, _ in _termine()[aylin])


def test_termine_folgen_einem_spaeteren_systemdatum() -> None:
    demokunden_anlegen(dt.date(2020, 3, 16))
    demokunden_anlegen(dt.date(2026, 11, 24))
    beginne = [b.astimezone(BERLIN).date() for b, s in _termine()["955D100001"] if s == "geplant"]
    assert beginne == [dt.date(2020, 3, 23), dt.date(2020, 3, 25), dt.date(2026, 12, 1), dt.date(2026, 12, 3)]


def test_bbie_termin_entfaellt_solange_der_kalender_zu_ist() -> None:
    demokunden_anlegen(dt.date(2019, 6, 3))                           # Nürnberg: BBiE erst ab 01.01.2020
    assert _termine()["955D100002"] == []
    assert len(_termine()["955D100001"]) == 2
