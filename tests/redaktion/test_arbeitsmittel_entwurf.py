"""Neue Fassungen der anderen Arbeitsmittel im Browser-Ablauf der Redaktion, als Dienste: aus content/ in die
Datenbank gesiegelt, Entwurf mit Befunden (Datei:Zeile, Feld) und optimistischer Sperre, Unterschied zur Basis,
Paket der Weisung, Vier-Augen-Freigabe, Veröffentlichung ab dem Datum der Freigabe, Rückruf."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kundenportal.arbeitsmittel.laden import bestand_laden
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.redaktion.arbeitsmittel import aus_datenbank, entwurf_pruefen, unterschied
from kundenportal.redaktion.models import ArbeitsmittelEntwurf, Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services import arbeitsmittel as am
from kundenportal.redaktion.services.entwurf import EntwurfFehler, Konflikt
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    paket_zurueckrufen,
)
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
BASIS = "arbeitsmittel/aufgabensteckbrief/ez-01/2020-03-20.yaml"
NEU = "content/arbeitsmittel/aufgabensteckbrief/ez-01/2020-04-15.yaml"


@pytest.fixture(autouse=True)
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"


def _entwurf(user: Any) -> ArbeitsmittelEntwurf:
    return am.beginnen(user, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                       stand=dt.date(2020, 4, 15))


def _zeile(text: str, anfang: str) -> int:
    return next(i for i, z in enumerate(text.split("\n"), 1) if z.startswith(anfang))


def test_content_arbeitsmittel_sind_gesiegelt_in_der_datenbank(db_katalog: None) -> None:
    dateien = sorted(p.relative_to(CONTENT).as_posix() for p in (CONTENT / "arbeitsmittel").glob("*/*/*.yaml"))
    in_db = Katalogdatei.objects.filter(art=Katalogdatei.ARBEITSMITTEL).order_by("pfad")
    assert [d.pfad for d in in_db] == dateien
    d = in_db.get(pfad=BASIS)
    assert d.text == (CONTENT / BASIS).read_text(encoding="utf-8") and d.stand == dt.date(2020, 3, 20)
    # Die Wurzel lädt sie aus der Datenbank: dieselben Fassungen wie aus content/.
    aus_dateien = bestand_laden(CONTENT, katalog_aus_datenbank())
    assert sorted(a.schluessel for a in arbeitsmittel().fassungen) == sorted(a.schluessel for a in aus_dateien.fassungen)


def test_paare_geben_dieselben_dateinamen_in_befunden(db_katalog: None) -> None:
    text = (CONTENT / BASIS).read_text(encoding="utf-8").replace("EZ 1.003-Pilot", "EZ 9.999")
    paare = [(pfad, text if pfad == BASIS else t) for pfad, t in aus_datenbank() or []]
    with pytest.raises(KatalogFehler) as fehler:
        bestand_laden(CONTENT, katalog_aus_datenbank(), paare)
    [b] = fehler.value.befunde
    assert (b.datei, b.feld, b.zeile) == (f"content/{BASIS}", "leitfaeden", _zeile(text, "leitfaeden:"))
    assert b.meldung == "unbekannter Leitfaden EZ 9.999"


def test_entwurf_beginnt_aus_der_neuesten_fassung(db_katalog: None, benutzer: Benutzer) -> None:
    e = _entwurf(benutzer("redaktion"))
    assert "stand: 2020-04-15" in e.text and "gueltig_ab: 2020-04-15" in e.text and "vorgaenger: 2020-03-20" in e.text
    assert e.befunde == [] and e.version == 1 and e.ordner == "arbeitsmittel/aufgabensteckbrief/ez-01"
    with pytest.raises(EntwurfFehler, match=r"nach dem 20\.03\.2020"):
        am.beginnen(benutzer("redaktion", "b"), katalog_aus_datenbank(),
                    basis=Katalogdatei.objects.get(pfad=BASIS), stand=dt.date(2020, 3, 1))
    with pytest.raises(EntwurfFehler, match="nicht die neueste"):
        am.beginnen(benutzer("redaktion", "c"), katalog_aus_datenbank(), stand=dt.date(2020, 5, 1),
                    basis=Katalogdatei.objects.get(pfad="arbeitsmittel/aufgabensteckbrief/ez-01/2019-12-20.yaml"))


def test_befund_mit_zeile_und_feld_und_unterschied(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = _entwurf(a)
    text = e.text.replace("- EZ 1.003-Pilot", "- EZ 9.999").replace(
        "titel: Termin absagen, verschieben oder vereinbaren", "titel: Termine absagen oder vereinbaren")
    e = am.speichern(a, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    assert e.version == 2
    assert e.befunde == [{"datei": NEU, "zeile": _zeile(text, "leitfaeden:"), "feld": "leitfaeden",
                          "meldung": "unbekannter Leitfaden EZ 9.999"}]
    e = am.speichern(a, e.pk, katalog_aus_datenbank(), text=text.replace("- EZ 9.999", "- EZ 1.003-Pilot"),
                     version=e.version)
    assert e.befunde == []
    _, neu = entwurf_pruefen(katalog_aus_datenbank(), e.ordner, e.text, e.basis.stand)
    aenderungen = {x.feld: x for x in unterschied(katalog_aus_datenbank(), e.basis, neu)}
    assert aenderungen["Titel"].art == "geaendert"
    assert aenderungen["Titel"].neu == "Termine absagen oder vereinbaren"
    assert aenderungen["Gültig ab"].neu == "15.04.2020"


def test_kaputtes_yaml_wird_gespeichert_mit_zeile(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = _entwurf(a)
    kaputt = e.text.replace("titel: Termin", "titel: [Termin", 1)
    e = am.speichern(a, e.pk, katalog_aus_datenbank(), text=kaputt, version=e.version)
    assert ArbeitsmittelEntwurf.objects.get(pk=e.pk).text == kaputt       # nichts verloren
    assert len(e.befunde) == 1 and e.befunde[0]["zeile"] >= _zeile(kaputt, "titel:")
    assert "YAML" in e.befunde[0]["meldung"]


def test_optimistische_sperre(db_katalog: None, benutzer: Benutzer) -> None:
    a, b = benutzer("redaktion", "a"), benutzer("redaktion", "b")
    e = _entwurf(a)
    am.speichern(a, e.pk, katalog_aus_datenbank(), text=e.text + "\n# a\n", version=e.version)
    with pytest.raises(Konflikt, match="inzwischen gespeichert"):
        am.speichern(b, e.pk, katalog_aus_datenbank(), text=e.text + "\n# b\n", version=e.version)
    assert ArbeitsmittelEntwurf.objects.get(pk=e.pk).text.endswith("# a\n")


def _paket(user: Any) -> Any:
    return paket_anlegen(user, weisung="202003006", titel="Steckbrief EZ 01 präzisiert", datum=dt.date(2020, 3, 30),
                         gueltig_ab=dt.date(2020, 4, 15))


def test_paket_vier_augen_und_veroeffentlichung(db_katalog: None, benutzer: Benutzer) -> None:
    autorin = benutzer_anlegen("t-beides", "geheim-123", ["redaktion", "freigabe"], standort="Nürnberg")
    e = _entwurf(autorin)
    e = am.speichern(autorin, e.pk, katalog_aus_datenbank(), version=e.version,
                     text=e.text.replace("titel: Termin absagen,", "titel: Termin absagen (neu),"))
    p = _paket(autorin)
    am.zuordnen(autorin, p.pk, e.pk)
    paket_einreichen(autorin, p.pk)         # kein Leitfaden-Entwurf: das Szenario-Tor hält nicht auf
    with pytest.raises(FreigabeFehler, match="Vier-Augen") as fehler:
        paket_freigeben(autorin, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert "Entwurf aufgabensteckbrief/ez-01" in fehler.value.meldung
    paket_freigeben(benutzer("freigabe"), p.pk, gueltig_ab=dt.date(2020, 4, 15))
    d = Katalogdatei.objects.get(pfad=NEU.removeprefix("content/"))
    assert d.art == Katalogdatei.ARBEITSMITTEL and d.gueltig_ab == dt.date(2020, 4, 15) and d.freigabe_id == p.pk
    assert not ArbeitsmittelEntwurf.objects.filter(pk=e.pk).exists()
    bestand = arbeitsmittel()
    assert bestand.gueltig("aufgabensteckbrief", "EZ 01", dt.date(2020, 4, 14)).stand == dt.date(2020, 3, 20)
    neu = bestand.gueltig("aufgabensteckbrief", "EZ 01", dt.date(2020, 4, 15))
    assert neu.stand == dt.date(2020, 4, 15) and neu.titel.startswith("Termin absagen (neu)")
    # Rückruf vor dem Gültigkeitstag: die Fassung verlässt den Katalog, der Entwurf kommt zurück.
    paket_zurueckrufen(autorin, p.pk)
    assert arbeitsmittel().gueltig("aufgabensteckbrief", "EZ 01", dt.date(2020, 4, 15)).stand == dt.date(2020, 3, 20)
    zurueck = ArbeitsmittelEntwurf.objects.get(ordner="arbeitsmittel/aufgabensteckbrief/ez-01")
    assert "Termin absagen (neu)" in zurueck.text and zurueck.paket is None


def test_befunde_halten_einreichen_auf(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = _entwurf(a)
    e = am.speichern(a, e.pk, katalog_aus_datenbank(), text=e.text.replace("- agent_ez", "- agent_ez\nkriterien: 3"),
                     version=e.version)
    p = _paket(a)
    am.zuordnen(a, p.pk, e.pk)
    with pytest.raises(FreigabeFehler, match=r"ez-01/2020-04-15\.yaml:\d+"):
        paket_einreichen(a, p.pk)


def test_weisung_des_pakets_muss_passen(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = _entwurf(a)
    e = am.speichern(a, e.pk, katalog_aus_datenbank(), text=e.text.replace("weisung: '202003006'", "weisung: '1'"),
                     version=e.version)
    with pytest.raises(FreigabeFehler, match="nennt Weisung 1"):
        am.zuordnen(a, _paket(a).pk, e.pk)


def test_dateikatalog_bleibt_unveraendert(db: Any) -> None:
    assert Path(str(CONTENT)).is_dir()
    assert {a.datei.split("/")[0] for a in arbeitsmittel().fassungen} == {CONTENT.name}


def test_katalogseite_zeigt_die_neue_fassung_ab_ihrem_tag(db_katalog: None, benutzer: Benutzer, anmelden: Any,
                                                          settings: Any) -> None:
    autorin = benutzer("redaktion")
    e = _entwurf(autorin)
    am.speichern(autorin, e.pk, katalog_aus_datenbank(), version=e.version,
                 text=e.text.replace("titel: Termin absagen,", "titel: Termin absagen (neu),"))
    p = _paket(autorin)
    am.zuordnen(autorin, p.pk, e.pk)
    paket_einreichen(autorin, p.pk)
    paket_freigeben(benutzer("freigabe"), p.pk, gueltig_ab=dt.date(2020, 4, 15))
    client = anmelden("agent_ez")
    html = client.get("/arbeitsmittel/aufgabensteckbrief/ez-01/").content.decode()
    assert "Termin absagen, verschieben" in html and "Stand 15.04.2020</a>, gültig ab 15.04.2020 (geplant)" in html
    assert "20.03.2020 bis 14.04.2020" in html          # das Ende der Vorgängerin folgt aus der Nachfolgerin
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    html = client.get("/arbeitsmittel/aufgabensteckbrief/ez-01/").content.decode()
    assert "Termin absagen (neu)" in html and "(geplant)" not in html


def test_export_nach_freigabe_besteht_den_lader(db_katalog: None, benutzer: Benutzer, tmp_path: Path) -> None:
    from kundenportal.leitfaden.laden import katalog_laden
    from kundenportal.redaktion.services.katalog import katalog_exportieren

    autorin = benutzer("redaktion")
    e = _entwurf(autorin)
    p = _paket(autorin)
    am.zuordnen(autorin, p.pk, e.pk)
    paket_einreichen(autorin, p.pk)
    paket_freigeben(benutzer("freigabe"), p.pk, gueltig_ab=dt.date(2020, 4, 15))
    katalog_exportieren(tmp_path / "content")
    alt = (tmp_path / "content" / BASIS).read_text(encoding="utf-8")
    assert "gueltig_bis: 2020-04-14" in alt          # die Vorgängerin endet in der Datei, außerhalb des Siegels
    bestand = bestand_laden(tmp_path / "content", katalog_laden(tmp_path / "content"))
    assert bestand.gueltig("aufgabensteckbrief", "EZ 01", dt.date(2020, 4, 15)).stand == dt.date(2020, 4, 15)
