"""Vertrag des ATV-Ports: was jeder ATV-Adapter verspricht — gegen die Referenz (Datenbank) und den
Zwilling im Speicher (ohne Datenbank)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kundenportal import zeit
from kundenportal.fachverfahren.ports.atv import Atv, TerminNichtFrei, TerminNichtGeplant
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from tests.conftest import CONTENT

BERLIN = ZoneInfo("Europe/Berlin")
ADAPTER = [pytest.param("referenz", marks=pytest.mark.django_db), "speicher"]


def um(tag: str, uhr: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{tag}T{uhr}").replace(tzinfo=BERLIN)


@pytest.fixture(params=ADAPTER)
def atv(request: pytest.FixtureRequest) -> Atv:
    if request.param == "referenz":
        from kundenportal.fachverfahren.referenz.adapter import AtvReferenz

        return AtvReferenz()
    from kundenportal.leitfaden.standorte import standorte_laden

    return SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml"), uhr=zeit.jetzt).systeme().atv


def buchen(atv: Atv, beginn: dt.datetime, kalender: str = "Köln/av", kunde: str = "955A000001") -> str:
    agentur = kalender.split("/")[0]
    return atv.termin_buchen(kunde, "av", agentur, beginn, kalender, "vertrag").id


def test_gebuchter_termin_ist_geplant_und_belegt_das_zeitfenster(atv: Atv) -> None:
    beginn = um("2020-04-22", "09:00")
    termin = atv.termin(buchen(atv, beginn))
    assert termin is not None
    assert (termin.status, termin.kalender, termin.beginn) == ("geplant", "Köln/av", beginn)
    assert not atv.ist_frei("Köln/av", beginn)
    assert beginn not in atv.freie_termine("Köln/av", um("2020-04-22", "08:00"), 10)


def test_ein_zeitfenster_ist_nicht_zweimal_buchbar(atv: Atv) -> None:
    beginn = um("2020-04-22", "09:00")
    buchen(atv, beginn)
    with pytest.raises(TerminNichtFrei, match=r"^Termin nicht mehr frei$"):
        buchen(atv, beginn, kunde="955A000002")


def test_abgesagter_termin_bleibt_erhalten_und_gibt_das_zeitfenster_frei(atv: Atv) -> None:
    beginn = um("2020-04-22", "09:00")
    termin_id = buchen(atv, beginn)
    abgesagt = atv.termin_absagen(termin_id, "Arbeit aufgenommen", "sachbearbeiter:1")
    assert (abgesagt.status, abgesagt.absagegrund, abgesagt.abgesagt_von) == (
        "abgesagt", "Arbeit aufgenommen", "sachbearbeiter:1")
    assert abgesagt.abgesagt_am is not None
    assert [t.status for t in atv.termine("955A000001")] == ["abgesagt"]
    assert atv.ist_frei("Köln/av", beginn)
    buchen(atv, beginn, kunde="955A000002")


def test_absage_braucht_einen_grund_und_einen_geplanten_termin(atv: Atv) -> None:
    termin_id = buchen(atv, um("2020-04-22", "09:00"))
    with pytest.raises(ValueError, match="Absagegrund ist Pflicht"):
        atv.termin_absagen(termin_id, "  ", "vertrag")
    atv.termin_absagen(termin_id, "krank", "vertrag")
    with pytest.raises(TerminNichtGeplant, match="nicht geplant \\(Status abgesagt\\)"):
        atv.termin_absagen(termin_id, "krank", "vertrag")


def test_verschobener_termin_ist_mit_dem_neuen_verknuepft(atv: Atv) -> None:
    alt_id = buchen(atv, um("2020-04-22", "09:00"))
    neu = atv.termin_verschieben(alt_id, um("2020-04-23", "10:30"), "vertrag")
    alt = atv.termin(alt_id)
    assert alt is not None
    assert (alt.status, alt.nachfolger) == ("verschoben", neu.id)
    assert (neu.status, neu.vorgaenger, neu.kalender) == ("geplant", alt_id, "Köln/av")
    assert atv.ist_frei("Köln/av", um("2020-04-22", "09:00"))


def test_verschieben_auf_ein_belegtes_zeitfenster_aendert_nichts(atv: Atv) -> None:
    alt_id = buchen(atv, um("2020-04-22", "09:00"))
    buchen(atv, um("2020-04-23", "10:30"), kunde="955A000002")
    with pytest.raises(TerminNichtFrei):
        atv.termin_verschieben(alt_id, um("2020-04-23", "10:30"), "vertrag")
    alt = atv.termin(alt_id)
    assert alt is not None and alt.status == "geplant" and alt.nachfolger == ""


@pytest.mark.parametrize("beginn", [
    um("2020-04-22", "07:30"), um("2020-04-22", "16:00"), um("2020-04-22", "09:15"),
    um("2020-04-25", "09:00"),  # Samstag
    um("2020-04-13", "09:00"),  # Ostermontag
])
def test_ausserhalb_der_oeffnungszeiten_ist_nichts_buchbar(atv: Atv, beginn: dt.datetime) -> None:
    assert not atv.ist_frei("Köln/av", beginn)
    with pytest.raises(TerminNichtFrei, match="außerhalb der Öffnungszeiten des Kalenders Köln/av"):
        buchen(atv, beginn)


def test_feiertage_gelten_je_bundesland(atv: Atv) -> None:
    heilige_drei_koenige = um("2020-01-06", "09:00")   # Feiertag in Bayern, nicht in NRW
    assert not atv.ist_frei("Nürnberg/av", heilige_drei_koenige)
    assert atv.ist_frei("Köln/av", heilige_drei_koenige)


def test_bbie_kalender_oeffnet_mit_dem_start_der_bbie_an_der_agentur(atv: Atv) -> None:
    assert not atv.ist_frei("Fürth/bb_im_erwerbsleben", um("2020-03-31", "09:00"))
    assert atv.ist_frei("Fürth/bb_im_erwerbsleben", um("2020-04-01", "09:00"))
    assert atv.freie_termine("Fürth/bb_im_erwerbsleben", um("2020-03-20", "00:00"), 1) == [
        um("2020-04-01", "08:00")]


def test_agentur_ohne_bbie_hat_keinen_bbie_kalender(atv: Atv) -> None:
    assert atv.freie_termine("Berlin Süd/bb_im_erwerbsleben", um("2020-06-01", "00:00")) == []
    with pytest.raises(LookupError, match="Kalender Berlin Süd/bb_im_erwerbsleben gibt es im ATV nicht"):
        buchen(atv, um("2020-06-02", "09:00"), kalender="Berlin Süd/bb_im_erwerbsleben")


def test_kiz_videoberatung_bucht_im_cluster_kalender(atv: Atv) -> None:
    termin = atv.termin_buchen("955A000001", "kiz_video", "", um("2020-04-02", "09:00"), "kiz-video-sued", "v")
    assert termin.kalender == "kiz-video-sued"
    assert not atv.ist_frei("kiz-video-sued", um("2020-04-02", "09:00"))
    assert atv.ist_frei("kiz-video-nord", um("2020-04-02", "09:00"))


def test_freie_termine_sind_die_naechsten_im_raster(atv: Atv) -> None:
    buchen(atv, um("2020-04-24", "15:00"))
    frei = atv.freie_termine("Köln/av", um("2020-04-24", "14:10"), 3)
    assert frei == [um("2020-04-24", "14:30"), um("2020-04-24", "15:30"), um("2020-04-27", "08:00")]


def test_nicht_erschienen_wird_festgehalten(atv: Atv, settings: object) -> None:
    termin_id = buchen(atv, um("2020-04-22", "09:00"))
    settings.KUNDENPORTAL_STICHTAG = "2020-04-21"  # type: ignore[attr-defined]
    with pytest.raises(TerminNichtGeplant, match="hat noch nicht begonnen"):
        atv.termin_nicht_erschienen(termin_id, "vertrag")
    settings.KUNDENPORTAL_STICHTAG = "2020-04-23"  # type: ignore[attr-defined]
    assert atv.termin_nicht_erschienen(termin_id, "vertrag").status == "nicht_erschienen"
