"""Termine, die in Kalendern richtig ankommen: eine UID über Verschiebungen, SEQUENCE, METHOD:CANCEL,
Feiertage des Landes auch für Agenturen außerhalb der Standortliste, 24./31. Dezember geschlossen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from kundenportal.fachverfahren.referenz.kalender import kalender_lesen, land_der_agentur
from kundenportal.fachverfahren.registry import systeme
from kundenportal.termine.ical import termin_als_ics
from kundenportal.termine.services import termin_absagen

BERLIN = ZoneInfo("Europe/Berlin")
JETZT = dt.datetime(2020, 4, 20, 8, tzinfo=dt.UTC)


def _ereignis(ics: bytes) -> tuple[str, dict[str, object]]:
    kal = Calendar.from_ical(ics)
    ereignis = next(c for c in kal.walk("VEVENT"))
    return str(kal["METHOD"]), {k: ereignis.get(k) for k in ("UID", "SEQUENCE", "STATUS", "DTSTART", "ORGANIZER")}


@pytest.mark.django_db
def test_verschobener_termin_behaelt_die_uid_und_zaehlt_sequence_hoch() -> None:
    atv = systeme().atv
    erst = atv.termin_buchen("955A000001", "av", "Köln", dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN), "Köln/av", "t")
    _, e0 = _ereignis(termin_als_ics(erst, erstellt=JETZT))
    zweit = atv.termin_verschieben(erst.id, dt.datetime(2020, 4, 23, 10, tzinfo=BERLIN), "t")
    dritt = atv.termin_verschieben(zweit.id, dt.datetime(2020, 4, 24, 11, tzinfo=BERLIN), "t")
    methode, e2 = _ereignis(termin_als_ics(dritt, erstellt=JETZT))
    assert methode == "PUBLISH" and e2["UID"] == e0["UID"] == f"{erst.id}@kundenportal.arbeitsagentur.de"
    assert (e0["SEQUENCE"], e2["SEQUENCE"]) == (0, 2) and e2["STATUS"] == "CONFIRMED"
    # der alte, verschobene Termin liefert den aktuellen Stand derselben Kette
    alt = atv.termin(erst.id)
    assert alt is not None and alt.status == "verschoben"
    _, e_alt = _ereignis(termin_als_ics(alt, erstellt=JETZT))
    assert e_alt["UID"] == e0["UID"] and e_alt["SEQUENCE"] == 2
    assert e_alt["DTSTART"].dt == dt.datetime(2020, 4, 24, 9, tzinfo=dt.UTC)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_absage_ist_method_cancel_mit_hoeherer_sequence() -> None:
    atv = systeme().atv
    t = atv.termin_buchen("955A000001", "av", "Köln", dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN), "Köln/av", "t")
    neu = atv.termin_verschieben(t.id, dt.datetime(2020, 4, 23, 9, tzinfo=BERLIN), "t")
    abgesagt = termin_absagen("955A000001", neu.id, "krank", durch="kunde:955A000001")
    methode, e = _ereignis(termin_als_ics(abgesagt, erstellt=JETZT))
    assert methode == "CANCEL" and e["STATUS"] == "CANCELLED" and e["SEQUENCE"] == 2
    assert e["UID"] == f"{t.id}@kundenportal.arbeitsagentur.de" and e["ORGANIZER"] is not None


@pytest.mark.django_db
def test_ort_im_kalender_videoberatung_ohne_agentur_als_ort() -> None:
    """Die KiZ-Videoberatung hat eine beratende Stelle, aber keinen Ort zum Hingehen; die Weiterbildungsberatung
    heißt im Kalender so und nicht nach ihrem Schlüssel."""
    atv = systeme().atv
    beginn = dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN)
    video = atv.termin_buchen("955A000001", "kiz_video", "Köln", beginn, "kiz-video-sued", "t")
    vor_ort = atv.termin_buchen("955A000001", "weiterbildungsberatung", "Köln", beginn, "Köln/av", "t")
    orte = [Calendar.from_ical(termin_als_ics(t, erstellt=JETZT)).walk("VEVENT")[0] for t in (video, vor_ort)]
    assert [str(e["LOCATION"]) for e in orte] == ["Videoberatung", "Agentur für Arbeit Köln"]
    assert str(orte[1]["SUMMARY"]) == "Termin Agentur für Arbeit: Weiterbildungsberatung"


@pytest.mark.parametrize(("kalender", "tag", "land"), [
    ("München/av", dt.date(2027, 1, 6), "BY"),           # Heilige Drei Könige, München nicht in standorte.yaml
    ("Stuttgart/av", dt.date(2027, 1, 6), "BW"),
    ("Dresden/av", dt.date(2026, 11, 18), "SN"),          # Buß- und Bettag
    ("Hamburg/av", dt.date(2026, 10, 31), "HH"),          # Reformationstag
    ("Köln/av", dt.date(2026, 6, 4), "NW"),               # Fronleichnam
])
def test_feiertage_des_landes_auch_ausserhalb_der_standortliste(kalender: str, tag: dt.date, land: str) -> None:
    k = kalender_lesen(kalender)
    assert k is not None and k.land == land == land_der_agentur(kalender.split("/")[0])
    assert k.zeitfenster(tag) == []
    assert k.zeitfenster(tag + dt.timedelta(days=7)) if (tag + dt.timedelta(days=7)).weekday() < 5 else True


@pytest.mark.parametrize("tag", [dt.date(2026, 12, 24), dt.date(2026, 12, 31), dt.date(2027, 12, 24),
                                 dt.date(2027, 12, 31)])
def test_heiligabend_und_silvester_geschlossen(tag: dt.date) -> None:
    k = kalender_lesen("Köln/av")
    assert k is not None and tag.weekday() < 5
    assert k.zeitfenster(tag) == []
    assert not k.offen(dt.datetime.combine(tag, dt.time(9), BERLIN))
    assert k.zeitfenster(tag - dt.timedelta(days=1))          # der Werktag davor ist offen


def test_kiz_cluster_schliesst_am_24_und_31_dezember() -> None:
    k = kalender_lesen("kiz-video-sued")
    assert k is not None and k.zeitfenster(dt.date(2026, 12, 31)) == []


def test_agenturliste_mit_falschem_land_nennt_datei_und_zeile(tmp_path: object) -> None:
    from pathlib import Path

    from kundenportal.fachverfahren.kalender import agentur_laender
    assert isinstance(tmp_path, Path)
    datei = tmp_path / "agenturen.yaml"
    datei.write_text("# Kommentar\nBY: [München]\nXY: [Irgendwo]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{datei}:3: 'XY' ist kein Bundesland-Kürzel"):
        agentur_laender(datei)
    gut = tmp_path / "gut.yaml"
    gut.write_text("BY: [München, Fürth]\nHH: [Hamburg]\n", encoding="utf-8")
    assert agentur_laender(gut) == {"München": "BY", "Fürth": "BY", "Hamburg": "HH"}


@pytest.mark.django_db
def test_kunde_bekommt_die_absage_als_ics_im_eservice(client: object, settings: object) -> None:
    from django.test import Client

    from kundenportal.eservice.zugang import SITZUNG_KUNDE
    from tests.eservice.conftest import kunde_anlegen, termin_buchen
    assert isinstance(client, Client)
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]
    kunde = kunde_anlegen()
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    sitzung = client.session
    sitzung[SITZUNG_KUNDE] = kunde
    sitzung.save()
    client.post(f"/kunde/termine/{termin_id}/absagen/", {"grund": "Ich habe eine Arbeit aufgenommen.", "bestaetigt": "1"})
    seite = client.get("/kunde/termine/").content.decode()
    assert f'href="/kunde/termine/{termin_id}/termin.ics"' in seite and "Absage vom 22.04.2020" in seite
    ics = client.get(f"/kunde/termine/{termin_id}/termin.ics").content
    methode, e = _ereignis(ics)
    assert methode == "CANCEL" and e["STATUS"] == "CANCELLED" and e["UID"] == f"{termin_id}@kundenportal.arbeitsagentur.de"
