"""Die Kommandozeile: Exit-Codes und einzeilige Fehler mit Datei:Zeile, nie ein Traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import WURZEL

CLI = [sys.executable, "-m", "kundenportal.cli"]


def _lauf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=WURZEL, timeout=120, check=False)


def test_kaputtes_szenario_gibt_exit_2_mit_datei_und_zeile(tmp_path: Path) -> None:
    datei = tmp_path / "kaputt.yaml"
    datei.write_text('id: x-1\nleitfaden: "SC 3.307"\nkanal: telefon\ndatum: 2020-04-01\n', encoding="utf-8")
    ergebnis = _lauf("szenario", "pruefen", str(datei))
    assert ergebnis.returncode == 2
    assert f"{datei}:3: kanal: 'telefon' ist keiner von ez, sc3, scfk, emb, eservice" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr


def test_fehlgeschlagenes_szenario_gibt_exit_1_und_json(tmp_path: Path) -> None:
    datei = tmp_path / "falsch.yaml"
    datei.write_text('id: falsch-1\nleitfaden: "SC 3.307"\nkanal: sc3\ndatum: 2020-04-06\n'
                     'antworten: {identitaet_geprueft: false}\nerwartet: {ergebnis: papierantrag_versandt}\n',
                     encoding="utf-8")
    ergebnis = _lauf("szenario", "pruefen", str(datei), "--json")
    assert ergebnis.returncode == 1
    zeile = json.loads(ergebnis.stdout.strip().splitlines()[-1])
    assert zeile["id"] == "falsch-1" and zeile["ok"] is False
    assert zeile["ergebnis"] == "abbruch_identitaet"
    assert zeile["fehler"] == ["ergebnis: erwartet papierantrag_versandt, war abbruch_identitaet"]


def test_oeffentliche_szenarien_fuer_sc_3307_bestehen() -> None:
    dateien = sorted((WURZEL / "content" / "szenarien" / "oeffentlich").glob("sc-3307-*.yaml"))
    assert dateien
    ergebnis = _lauf("szenario", "pruefen", *map(str, dateien))
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    assert f"{len(dateien)} passed, 0 failed" in ergebnis.stdout


def test_kaputter_leitfaden_gibt_exit_1(tmp_path: Path) -> None:
    import shutil

    kopie = tmp_path / "content"
    shutil.copytree(WURZEL / "content", kopie, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    ziel = kopie / "leitfaeden" / "sc" / "3.307" / "2020-03-20.yaml"
    ziel.write_text(ziel.read_text(encoding="utf-8").replace("fakt: erhoehung_sicherheitsstufe",
                                                              "fakt: erhoehung"), encoding="utf-8")
    ergebnis = _lauf("katalog", "pruefen", str(kopie))
    assert ergebnis.returncode == 1
    assert "2020-03-20.yaml:" in ergebnis.stderr and "unbekannter Fakt erhoehung" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr


def test_gueltig_nennt_pilotvariante() -> None:
    ergebnis = _lauf("katalog", "gueltig", "--leitfaden", "SC 3.003", "--datum", "2020-03-25", "--standort", "Fürth")
    assert ergebnis.returncode == 0
    assert "Variante:  SC 3.003-Pilot" in ergebnis.stdout and "Weisung:   202003006" in ergebnis.stdout
