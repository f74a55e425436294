"""Kalender des Referenz-ATV: BBiE öffnet mit bbie_ab, die Pilot-Weiterbildungsberatung schließt am
Vortag (Weisung 202003006, 2.1)."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from kundenportal.fachverfahren.ports.standorte import Agentur, Standorte
from kundenportal.fachverfahren.referenz.kalender import kalender_lesen
from kundenportal.leitfaden.vokabular import BERLIN


def _um(tag: str, zeit: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{tag}T{zeit}").replace(tzinfo=BERLIN)


def test_weiterbildungsberatung_nur_am_pilotstandort_bis_zum_vortag_des_bbie_starts() -> None:
    pilot = kalender_lesen("Fürth/weiterbildungsberatung")
    assert pilot is not None and pilot.bis == dt.date(2020, 3, 31)
    assert pilot.offen(_um("2020-03-31"))
    assert not pilot.offen(_um("2020-04-01"))
    assert kalender_lesen("Nürnberg/weiterbildungsberatung") is None


def test_bbie_kalender_oeffnet_mit_bbie_ab() -> None:
    bbie = kalender_lesen("Fürth/bb_im_erwerbsleben")
    assert bbie is not None
    assert not bbie.offen(_um("2020-03-31"))
    assert bbie.offen(_um("2020-04-01"))
    assert kalender_lesen("Ansbach-Weißenburg/bb_im_erwerbsleben") is None


def _nur_fuerth() -> Standorte:
    return Standorte(agenturen={"Fürth": Agentur(name="Fürth", verbund="V1", bbie_ab=dt.date(2021, 1, 1))},
                     verbuende={"V1": "Verbund 1"})


def test_die_standorte_gibt_die_verdrahtung_ueber_settings_atv_standorte() -> None:
    """Das Referenz-ATV liest kein Inhaltsformat: die Funktion aus settings.ATV_STANDORTE liefert die Standorte."""
    with override_settings(ATV_STANDORTE=f"{__name__}._nur_fuerth"):
        bbie = kalender_lesen("Fürth/bb_im_erwerbsleben")
        assert bbie is not None
        assert not bbie.offen(_um("2020-04-01"))
        assert bbie.offen(_um("2021-01-04"))
        assert kalender_lesen("Fürth/weiterbildungsberatung") is None
    assert kalender_lesen("Fürth/weiterbildungsberatung") is not None
