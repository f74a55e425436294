"""Kalender des Referenz-ATV: BBiE öffnet mit bbie_ab, die Pilot-Weiterbildungsberatung schließt am
Vortag (Weisung 202003006, 2.1)."""

from __future__ import annotations

import datetime as dt

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
