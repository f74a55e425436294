"""Arbeitsmittel laden und prüfen (domain.md A12): unbekannte Leitfäden, Schritte, Kriterien, Regeln und
Kennzahlen werden beim Laden mit Datei:Zeile abgelehnt."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kundenportal.arbeitsmittel.laden import bestand_laden
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from tests.conftest import CONTENT


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    wurzel = tmp_path / "content"
    shutil.copytree(CONTENT, wurzel, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    return wurzel


def _ersetzen(wurzel: Path, datei: str, alt: str, neu: str) -> None:
    pfad = wurzel / "arbeitsmittel" / datei
    text = pfad.read_text(encoding="utf-8")
    assert alt in text
    pfad.write_text(text.replace(alt, neu, 1), encoding="utf-8")


def _befunde(wurzel: Path, katalog: Katalog) -> list[str]:
    with pytest.raises(KatalogFehler) as fehler:
        bestand_laden(wurzel, katalog)
    return [str(b) for b in fehler.value.befunde]


def test_der_bestand_des_projekts_ist_fehlerfrei(katalog: Katalog) -> None:
    bestand = bestand_laden(CONTENT, katalog)
    assert len(bestand.nummern("aufgabensteckbrief")) == 6
    assert bestand.nummern("qs_anlage") == ["2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5", "2.2.6"]
    assert bestand.nummern("fuehrungsprozess_anlage") == ["Anlage 5", "Anlage 7"]


def test_anlage_7_protokolliert_jede_regel_der_weisung(katalog: Katalog) -> None:
    """domain.md A12: Anlage 7 ist das Protokoll des Umsetzungsdialogs „je Regel der Weisung“ — auch 2.1 (BBiE,
    Pilotstandorte) und 2.2 a) 1 (eService nach Online-ASU); jede mit einer Messung aus Kontakten."""
    anlage = bestand_laden(CONTENT, katalog).gueltig("fuehrungsprozess_anlage", "Anlage 7", dt.date(2020, 3, 20))
    assert anlage is not None
    punkte = [r.punkt for r in katalog.weisungen["202003006"].regeln]
    assert list(anlage.regeln) == punkte
    assert [u["regel"] for u in anlage.inhalt["umsetzung"]] == punkte
    assert all(u["messung"] for u in anlage.inhalt["umsetzung"])


def test_formular_221_folgt_dem_datum_und_hat_eine_vorgaengerin(katalog: Katalog) -> None:
    bestand = bestand_laden(CONTENT, katalog)
    alt = bestand.gueltig("qs_anlage", "2.2.1", dt.date(2020, 3, 19))
    neu = bestand.gueltig("qs_anlage", "2.2.1", dt.date(2020, 3, 20))
    assert alt is not None and neu is not None
    assert (alt.stand, neu.stand) == (dt.date(2019, 12, 20), dt.date(2020, 3, 20))
    assert bestand.vorgaenger(neu) == alt
    assert alt.kriterium("a2_abgesagt") is None
    a2 = neu.kriterium("a2_abgesagt")
    assert a2 is not None and a2.regel == "2.2 a) 2"


def test_steckbrief_zur_terminabsage_nennt_den_leitfaden(katalog: Katalog) -> None:
    bestand = bestand_laden(CONTENT, katalog)
    treffer = bestand.zu_leitfaden("aufgabensteckbrief", "EZ 1.003", dt.date(2020, 4, 1))
    assert [a.titel for a in treffer] == ["Termin absagen, verschieben oder vereinbaren"]
    assert "abgesagt" in " ".join(treffer[0].inhalt["selbst"])


def test_unbekannter_leitfaden_im_steckbrief(kopie: Path, katalog: Katalog) -> None:
    _ersetzen(kopie, "aufgabensteckbrief/ez-06/2020-03-20.yaml", "- EZ 1.307", "- EZ 1.399")
    befunde = _befunde(kopie, katalog)
    assert len(befunde) == 1
    assert befunde[0].startswith("content/arbeitsmittel/aufgabensteckbrief/ez-06/2020-03-20.yaml:")
    assert befunde[0].endswith("leitfaeden: unbekannter Leitfaden EZ 1.399")


def test_unbekannter_schritt_im_kriterium_mit_zeile(kopie: Path, katalog: Katalog) -> None:
    _ersetzen(kopie, "qs-anlage/2.2.1/2020-03-20.yaml", "    - wartefeld", "    - warteschlange")
    befunde = _befunde(kopie, katalog)
    assert len(befunde) == 1
    datei = kopie / "arbeitsmittel/qs-anlage/2.2.1/2020-03-20.yaml"
    zeile = datei.read_text(encoding="utf-8").splitlines().index("    schritte:", 0) + 1
    assert "kriterien.a5_bns.bezug.schritte: SC 3.017 hat in keiner Fassung einen Schritt warteschlange" in befunde[0]
    assert befunde[0].split(":")[1].isdigit() and int(befunde[0].split(":")[1]) >= zeile


def test_unbekanntes_kriterium_in_anlage_7(kopie: Path, katalog: Katalog) -> None:
    _ersetzen(kopie, "fuehrungsprozess-anlage/anlage-7/2020-03-20.yaml", "2.2.1:a5_bns", "2.2.1:a5_bnx")
    befunde = _befunde(kopie, katalog)
    assert len(befunde) == 1
    assert "umsetzung[5].qs_kriterien: unbekanntes QS-Kriterium 2.2.1:a5_bnx" in befunde[0]


def test_unbekannte_vorbewertung_und_regel(kopie: Path, katalog: Katalog) -> None:
    _ersetzen(kopie, "qs-anlage/2.2.4/2020-03-20.yaml", "regel: 2.2 b) 4", "regel: 2.2 b) 9")
    _ersetzen(kopie, "qs-anlage/2.2.4/2020-03-20.yaml", "vorbewertung: vermerk", "vorbewertung: bauchgefuehl")
    befunde = " | ".join(_befunde(kopie, katalog))
    assert "kriterien.b4_haushalt.regel: Weisung 202003006 hat keine Regel 2.2 b) 9" in befunde
    assert "kriterien.vermerk.vorbewertung: unbekannte Vorbewertung 'bauchgefuehl'" in befunde


def test_unbekannte_kennzahl_und_formular_im_plan(kopie: Path, katalog: Katalog) -> None:
    _ersetzen(kopie, "fuehrungsprozess-anlage/anlage-5/2020-03-20.yaml", "id: insolvenzgeld_wege", "id: wetter")
    _ersetzen(kopie, "qs-anlage/2.2.6/2020-03-20.yaml", "emb: 2.2.3", "emb: 2.2.9")
    befunde = " | ".join(_befunde(kopie, katalog))
    assert "kennzahlen: unbekannte Kennzahl wetter" in befunde
    assert "stichprobenplan.formulare.emb: unbekannte QS-Anlage 2.2.9" in befunde


def test_dateiname_muss_zum_stand_passen(kopie: Path, katalog: Katalog) -> None:
    ordner = kopie / "arbeitsmittel/qs-anlage/2.2.5"
    (ordner / "2019-12-20.yaml").rename(ordner / "2019-12-21.yaml")
    befunde = _befunde(kopie, katalog)
    assert any("Dateiname 2019-12-21.yaml passt nicht zum Stand 2019-12-20" in b for b in befunde)
