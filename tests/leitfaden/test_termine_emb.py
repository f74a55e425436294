"""Freie Termine in der E-Mail-Bearbeitung (Rundgang E-Mail, Dezember 2026): um 11:31 bot die Arbeitshilfe
„07.12.2026 12:00 Uhr“ an, und die Antwort bestätigte dem Kunden einen Termin in einer halben Stunde. Per E-Mail
gibt es Termine ab dem nächsten Werktag; am Telefon bleibt der nächste freie Termin der erste."""

from __future__ import annotations

import datetime as dt

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.auftraege.optionen import QUELLEN, naechster_werktag
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.standorte import standorte_laden
from kundenportal.zeit import BERLIN
from tests.conftest import CONTENT

STANDORTE = standorte_laden(CONTENT / "standorte.yaml")


@pytest.mark.parametrize(("jetzt", "werktag"), [
    (dt.datetime(2026, 12, 7, 11, 31, tzinfo=BERLIN), dt.date(2026, 12, 8)),      # Montag → Dienstag
    (dt.datetime(2026, 12, 11, 16, 0, tzinfo=BERLIN), dt.date(2026, 12, 14)),     # Freitag → Montag
    (dt.datetime(2026, 12, 12, 9, 0, tzinfo=BERLIN), dt.date(2026, 12, 14)),      # Samstag → Montag
    (dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC), dt.date(2026, 12, 9)),      # in Berlin schon Dienstag
])
def test_naechster_werktag(jetzt: dt.datetime, werktag: dt.date) -> None:
    ab = naechster_werktag(jetzt)
    assert ab == dt.datetime.combine(werktag, dt.time(0), BERLIN)


@pytest.mark.parametrize("kanal", ["emb", "sc3"])
def test_email_bietet_termine_erst_ab_dem_naechsten_werktag(kanal: str) -> None:
    systeme = SpeicherSysteme(STANDORTE).systeme()
    jetzt = dt.datetime(2026, 12, 7, 11, 31, tzinfo=BERLIN)
    kontext = Kontext(datum=jetzt.date(), jetzt=jetzt, kanal=kanal, standort="Nürnberg", kundennummer="955T000001",
                      benutzer="t", kontakt="k", standorte=STANDORTE)
    optionen = QUELLEN["freie_termine"].optionen(systeme, kontext, {"agentur": "Nürnberg", "bereich": "av"})
    assert len(optionen) == 10
    erster = optionen[0].wert.astimezone(BERLIN)
    if kanal == "emb":
        assert erster.date() == dt.date(2026, 12, 8)
    else:
        assert erster.date() == dt.date(2026, 12, 7) and erster > jetzt
