"""Die Messmodule von `make bench` importieren und laufen im Kleinen (keine Zeitgrenzen: Zahlen
stehen nur in `make bench`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import engine, synthetisch, tabelle
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from tests.conftest import WURZEL


def test_sc3307_in_der_engine_endet_mit_papierantrag(katalog: Katalog) -> None:
    systeme = engine.speicher_systeme()
    lauf, schritte, groesse = engine.kontakt_engine(katalog, systeme, rund=True)
    assert lauf.ergebnis == "papierantrag_versandt"
    assert schritte == 3
    assert groesse > 100
    assert systeme.versand.auftraege == [(engine.KUNDE, "insolvenzgeld")]  # type: ignore[attr-defined]


def test_sc3307_als_bpmn_in_spiffworkflow_geht_denselben_weg() -> None:
    wf, groesse = engine.Spiff().kontakt(rund=True)
    assert wf.is_completed()
    assert wf.data["sicherheitsstufe"] == "basis"
    assert wf.data["versand"]["leistung"] == "insolvenzgeld"
    assert groesse > 1000


def test_synthetischer_katalog_laedt_ohne_befunde(tmp_path: Path) -> None:
    anzahl = synthetisch.katalog_erzeugen(tmp_path / "k", 40)
    katalog = katalog_laden(tmp_path / "k")
    assert anzahl == len(katalog.leitfaeden) == 40
    assert "SC 9.0003" in katalog.leitfaeden or any(i.endswith("9.0003") for i in katalog.leitfaeden)
    assert katalog_pruefen(katalog) == []


def test_kleinere_kataloge_sind_die_ersten_kopien_des_groessten(tmp_path: Path) -> None:
    ordner = synthetisch.kataloge_erzeugen(tmp_path / "alle", (30, 34))
    einzeln = tmp_path / "einzeln"
    synthetisch.katalog_erzeugen(einzeln, 30)

    def dateien(wurzel: Path) -> dict[str, str]:
        return {str(d.relative_to(wurzel)): d.read_text(encoding="utf-8") for d in wurzel.rglob("*.yaml")}

    assert dateien(ordner[30]) == dateien(einzeln)
    assert len(katalog_laden(ordner[34]).leitfaeden) == 34
    assert len(katalog_laden(ordner[30]).leitfaeden) == 30


def test_leitfaeden_ueber_die_weglaenge_laufen_bis_zum_ende(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = synthetisch.laengen_erzeugen(tmp_path / "l", [3, 6])
    katalog = katalog_laden(tmp_path / "l")
    assert katalog_pruefen(katalog) == []
    engine.weglaenge(katalog, ids, wiederholungen=1)
    ausgabe = capsys.readouterr().out
    assert "3 Fragen (SC 8.3)" in ausgabe and "6 Fragen (SC 8.6)" in ausgabe


def test_tabelle_und_ziele(capsys: pytest.CaptureFixture[str]) -> None:
    tabelle.ZIELE.clear()
    spalte = tabelle.ziel("Test", "x ≥ 1", "≥ 1", "2", True)
    tabelle.tabelle("Titel", ["A", "Ziel"], [["a", spalte]])
    tabelle.ziel("Test", "y ≤ 1", "≤ 1", "2", False)
    tabelle.uebersicht()
    ausgabe = capsys.readouterr().out
    assert "Ziel erfüllt" in ausgabe and "nicht erfüllt" in ausgabe
    assert "1 von 2 Zielen erfüllt." in ausgabe
    tabelle.ZIELE.clear()


def test_rauchlauf_druckt_tabellen_ziele_und_dauer_je_teil() -> None:
    """`BENCH_KURZ=1 python -m bench` (kleine Größen) läuft durch — hier die Teile ohne Datenbankserver: Engine,
    Katalog und Redaktion (eigener Prozess, der seine Ziele in die Übersicht meldet)."""
    lauf = subprocess.run([sys.executable, "-m", "bench", "--nur", "engine,katalog,redaktion"], cwd=WURZEL,
                          env={**os.environ, "BENCH_KURZ": "1", "PYTHONPATH": str(WURZEL)}, capture_output=True,
                          text=True, timeout=600, check=False)
    assert lauf.returncode == 0, lauf.stderr[-3000:]
    ausgabe = lauf.stdout
    for titel in ("Engine gegen SpiffWorkflow 3.2", "Kosten eines Schritts über die Weglänge",
                  "Engine mit Referenz-Fachverfahren", "Katalog über die Größe", "Katalog: Ziele bei 40 Leitfäden",
                  "Redaktion: Katalog in der Datenbank", "Ziele (Issue 15", "Dauer je Teil"):
        assert titel in ausgabe, titel
    assert re.search(r"^Redaktion +Katalog aus der Datenbank, kalt .*(✔ Ziel erfüllt|✘ nicht erfüllt)", ausgabe, re.M)
    assert re.search(r"^\d+ von \d+ Zielen erfüllt\.$", ausgabe, re.M)
    assert {z.split()[0] for z in ausgabe.split("Dauer je Teil")[1].splitlines()[3:6]} == {"engine", "katalog",
                                                                                            "redaktion"}
    assert re.search(r"^bench: alle Teile in \d+ s", ausgabe, re.M)


def test_http_misst_cpu_der_kindprozesse_und_leere_kerne() -> None:
    """Die Spalten Server-CPU und Kerne leer der HTTP-Tabelle: aus /proc, für Prozesse nach Elternprozess."""
    from bench import http

    leer, takte = http._kerne()
    assert 0 <= leer <= takte
    kind = subprocess.Popen([sys.executable, "-c", "import time\nende = time.process_time() + 0.3\n"
                             "while time.process_time() < ende: pass\nimport sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)
    try:
        for _ in range(100):                           # bis das Kind seine 0,3 s CPU verbraucht hat
            sekunden, datenbank, anzahl = http._prozess_cpu(os.getpid())
            if sekunden >= 0.25:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert sekunden >= 0.25 and datenbank >= 0.0 and anzahl >= 0
        assert http._prozess_cpu(os.getpid())[0] >= sekunden       # die Summe wächst nur
    finally:
        kind.communicate(b"")
    assert http._kerne()[1] > takte


def test_instruktionen_je_anfrage_unter_callgrind() -> None:
    """bench.instruktionen auf SQLite, klein: zwei callgrind-Läufe der angemeldeten Sicht ohne Datenbankarbeit
    (ohne und mit 3 Anfragen); die Tabelle zeigt die Instruktionen einer Anfrage."""
    lauf = subprocess.run([sys.executable, "-m", "bench.instruktionen", "--db", "sqlite", "--anfragen", "3",
                           "--arten", "leer"], cwd=WURZEL, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(WURZEL), "KUNDENPORTAL_ENTWICKLUNG": "1"})
    assert lauf.returncode == 0, lauf.stderr[-2000:]
    zeile = next(z for z in lauf.stdout.splitlines() if z.startswith("Vergleich: angemeldet"))
    millionen = float(zeile.split()[-2])
    assert 0.3 < millionen < 20, zeile       # eine Anfrage durch Middleware und Sitzung: etwa 2 Mio. Instruktionen


def test_schritt_ueber_die_weglaenge_teilantwort_gegen_ganzen_bereich() -> None:
    """bench.schrittlaenge mit einem Kontakt je Art: an jeder Stelle eine Teilantwort (der Lauf bricht sonst ab),
    die mit dem Weg kaum wächst, während der ganze Bereich jeden Punkt des Wegs wieder mitschickt."""
    lauf = subprocess.run([sys.executable, "-m", "bench.schrittlaenge", "--kontakte", "1"], cwd=WURZEL,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(WURZEL), "KUNDENPORTAL_ENTWICKLUNG": "1"})
    assert lauf.returncode == 0, lauf.stderr[-2000:]
    stellen = json.loads(lauf.stdout)["stellen"]
    assert list(stellen["teil"]) == ["5", "20", "40", "60"] == list(stellen["ganz"])
    teil, ganz = stellen["teil"], stellen["ganz"]
    assert teil["60"]["bytes"] - teil["5"]["bytes"] < 2_000 < ganz["60"]["bytes"] - ganz["5"]["bytes"]
    assert all(teil[n]["bytes"] < ganz[n]["bytes"] and teil[n]["ms"] > 0 for n in teil)
