"""Der Katalog in der Datenbank: Import (alles oder nichts), Export mit Rundreise, gleiche Siegel."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kundenportal.cli import main
from kundenportal.katalog.queries import katalog
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.redaktion.models import Aenderungshinweis, Katalogdatei
from kundenportal.redaktion.queries import generation, katalog_aus_datenbank, katalog_vergessen
from kundenportal.redaktion.services.katalog import katalog_exportieren, katalog_importieren
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db


def test_import_siegelt_mit_demselben_hash_wie_veroeffentlicht_yaml(db_katalog: None) -> None:
    aus_dateien = katalog_laden(CONTENT)
    aus_db = katalog_aus_datenbank()
    dateien = {f.schluessel: f.inhalt_hash for f in aus_dateien.fassungen()}
    assert {f.schluessel: f.inhalt_hash for f in aus_db.fassungen()} == dateien == aus_db.veroeffentlicht
    # Das Siegel der Dateien: derselbe Hash, außer eine Vorgängerin erhielt später `gueltig_bis`.
    gleich = [k for k, h in aus_dateien.veroeffentlicht.items() if dateien.get(k) == h]
    assert len(gleich) > len(dateien) / 2
    assert katalog() is aus_db                    # Quelle der Verdrahtung: DatenbankKatalog
    assert aus_db.fassung("SC 3.307@2020-03-20").zeile("start") == \
        aus_dateien.fassung("SC 3.307@2020-03-20").zeile("start")
    assert aus_db.fassung("SC 3.307@2020-03-20").datei == "content/leitfaeden/sc/3.307/2020-03-20.yaml"


def test_zweiter_import_ist_unveraendert_und_erhoeht_die_generation_nicht(db_katalog: None) -> None:
    vorher = generation()
    zaehler = katalog_importieren(CONTENT, veroeffentlicht=True)
    assert zaehler["neu"] == 0 and zaehler["unveraendert"] == Katalogdatei.objects.count()
    assert generation() == vorher


def test_export_und_reimport_ergeben_dieselben_hashes(db_katalog: None, tmp_path: Path) -> None:
    katalog_exportieren(tmp_path / "export")
    zurueck = katalog_laden(tmp_path / "export")
    assert katalog_pruefen(zurueck) == []
    assert {f.schluessel: f.inhalt_hash for f in zurueck.fassungen()} == \
        {f.schluessel: f.inhalt_hash for f in katalog_laden(CONTENT).fassungen()}
    Aenderungshinweis.objects.all().delete()          # hängen an ihren Fassungen (PROTECT)
    Katalogdatei.objects.all().delete()
    katalog_vergessen()
    katalog_importieren(tmp_path / "export", veroeffentlicht=True)
    assert {f.schluessel: f.inhalt_hash for f in katalog_aus_datenbank().fassungen()} == zurueck.veroeffentlicht


def _kopie(tmp_path: Path) -> Path:
    ziel = tmp_path / "content"
    shutil.copytree(CONTENT, ziel, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    return ziel


def test_kaputter_ordner_nennt_datei_und_zeile_und_importiert_nichts(db: Any, tmp_path: Path) -> None:
    ordner = _kopie(tmp_path)
    datei = ordner / "leitfaeden/sc/3.307/2020-03-20.yaml"
    datei.write_text(datei.read_text(encoding="utf-8").replace("start:", "start: [", 1), encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        katalog_importieren(ordner, veroeffentlicht=True)
    assert any(b.datei == "content/leitfaeden/sc/3.307/2020-03-20.yaml" and b.zeile > 0
               for b in fehler.value.befunde)
    assert Katalogdatei.objects.count() == 0


def test_geaenderte_veroeffentlichte_fassung_wird_abgelehnt(db_katalog: None, tmp_path: Path) -> None:
    ordner = _kopie(tmp_path)
    datei = ordner / "leitfaeden/sc/3.307/2020-03-20.yaml"
    datei.write_text(datei.read_text(encoding="utf-8") + "\n# Korrektur\n", encoding="utf-8")
    (ordner / "veroeffentlicht.yaml").unlink()
    anzahl = Katalogdatei.objects.count()
    with pytest.raises(KatalogFehler, match=r"SC 3\.307@2020-03-20 hat in der Datenbank einen anderen Inhalt"):
        katalog_importieren(ordner, veroeffentlicht=True)
    assert Katalogdatei.objects.count() == anzahl


def test_gesiegelte_fassung_laesst_sich_nicht_aendern(db_katalog: None) -> None:
    fassung = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.307/2020-03-20.yaml")
    fassung.text += "\n"
    with pytest.raises(ValueError, match="unveränderlich"):
        fassung.save()


def test_kommandozeile_import_meldet_fehler_mit_datei_zeile(db: Any, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    ordner = _kopie(tmp_path)
    datei = ordner / "leitfaeden/sc/3.307/2020-03-20.yaml"
    datei.write_text(datei.read_text(encoding="utf-8").replace("weisung: ", "weisung: 999", 1), encoding="utf-8")
    assert main(["katalog", "importieren", str(ordner), "--veroeffentlicht"]) == 1
    fehler = capsys.readouterr().err
    assert "content/leitfaeden/sc/3.307/2020-03-20.yaml:" in fehler and "Nichts importiert" in fehler
    assert main(["katalog", "importieren", str(tmp_path / "fehlt")]) == 1


def test_import_neuer_fassungen_legt_aenderungshinweise_an(db: Any, settings: Any,
                                                          benutzer: Callable[..., Any]) -> None:
    """Rundgang Redaktion/Familienkasse: die Korrekturen ab 08.12.2026 kamen als Dateien und blieben ohne „neu seit“
    auf dem Arbeitsplatz — Hinweise entstanden nur bei einer Freigabe im Browser. Jetzt bekommt jede importierte
    Fassung, die eine Vorgängerin ablöst und nicht länger als 30 Tage gilt, ihren Hinweis; Geschichte (2020) nicht."""
    from kundenportal.redaktion.hinweise import offene_hinweise

    settings.KUNDENPORTAL_STICHTAG = "2026-12-06"
    katalog_importieren(CONTENT, veroeffentlicht=True)
    hinweise = {(h.leitfaden_id, h.gilt_ab.isoformat()): h.text for h in Aenderungshinweis.objects.all()}
    assert ("FK 4.404", "2026-12-08") in hinweise and ("FK 4.406", "2026-12-08") in hinweise
    assert not any(ab.startswith("2020") or ab.startswith("2019") for _, ab in hinweise)
    assert "Im KIWI-Fall ist heute kein Kind 18 Jahre oder älter" in hinweise[("FK 4.404", "2026-12-08")]
    assert katalog_importieren(CONTENT, veroeffentlicht=True)["unveraendert"] == Katalogdatei.objects.count()
    assert Aenderungshinweis.objects.count() == len(hinweise)             # ein zweiter Import: keine doppelten
    agent = benutzer("agent_scfk", "fk-agent")
    assert [h.leitfaden_id for h in offene_hinweise(agent, dt.date(2026, 12, 7))] == ["FK 4.406"]
    assert {h.leitfaden_id for h in offene_hinweise(agent, dt.date(2026, 12, 8))} == {"FK 4.001", "FK 4.404", "FK 4.406"}
