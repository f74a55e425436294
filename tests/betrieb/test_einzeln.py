"""`einzeln` unterscheidet „ein anderer Knoten hält die Sperre“ (Bereitschaft) von „keine Verbindung zur
Datenbank“ (Ursache ohne Passwort, neue Versuche mit wachsendem Abstand); ein Befehl, der scheitert, startet
mit wachsendem Abstand neu; `--nur-wenn EMB_IMAP` startet ohne Postfach nichts und wartet still."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kundenportal.betrieb.datenbank import fehlertext
from kundenportal.betrieb.einzellauf import DatenbankNichtErreichbar, PostgresSperre
from kundenportal.conf.umgebung import datenbank
from tests.betrieb.hilfen import (
    PYTHON,
    WURZEL,
    betrieb_umgebung,
    freier_port,
    nur_mit_postgresql,
    wegwerf_datenbank,
)


def _einzeln(umgebung: dict[str, str], *args: str, marke: str, danach: float) -> tuple[int, str, str]:
    """`einzeln` starten, warten bis `marke` in der Ausgabe steht (Start unter Last dauert), dann noch `danach`
    Sekunden laufen lassen und mit SIGTERM beenden (wie systemd)."""
    ordner = Path(umgebung["KUNDENPORTAL_VAR"]).parent
    aus, fehl = ordner / "einzeln.out", ordner / "einzeln.err"
    with aus.open("w") as a, fehl.open("w") as f:
        prozess = subprocess.Popen([PYTHON, "manage.py", "einzeln", *args], cwd=WURZEL, env=umgebung, text=True,
                                   stdout=a, stderr=f)
        ende = time.monotonic() + 120
        while marke not in aus.read_text() + fehl.read_text() and time.monotonic() < ende:
            assert prozess.poll() is None, fehl.read_text()[-3000:]
            time.sleep(0.1)
        time.sleep(danach)
        prozess.send_signal(signal.SIGTERM)
        prozess.wait(timeout=30)
    return prozess.returncode, aus.read_text(), fehl.read_text()


def test_sperre_ohne_datenbank_meldet_die_ursache(tmp_path: Path) -> None:
    db = datenbank(f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kp", tmp_path)
    with pytest.raises(DatenbankNichtErreichbar, match="refused") as fehler:
        PostgresSperre("test", db).versuchen()
    assert "geheim123" not in str(fehler.value)


def test_fehlertext_ohne_passwort() -> None:
    text = fehlertext(RuntimeError("FATAL: password=geheim123 für\n\tkp abgelehnt (geheim123)"), {"PASSWORD": "geheim123"})
    assert "geheim123" not in text and "\n" not in text and "FATAL" in text


@nur_mit_postgresql
def test_sperre_eines_anderen_heisst_bereitschaft(tmp_path: Path) -> None:
    with wegwerf_datenbank() as url:
        db = datenbank(url, tmp_path)
        erste, zweite = PostgresSperre("test", db), PostgresSperre("test", db)
        try:
            assert erste.versuchen() is True
            assert zweite.versuchen() is False                    # kein Fehler: ein anderer arbeitet
        finally:
            erste.freigeben()
            zweite.freigeben()


def test_einzeln_ohne_datenbank_sagt_es_und_versucht_es_wachsend(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, DATABASE_URL=f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kp")
    rc, ausgabe, fehler = _einzeln(umgebung, "test", "--takt", "1", "--", sys.executable, "-c", "pass",
                                   marke="Datenbank nicht erreichbar", danach=3.5)
    assert rc == 0, fehler[-2000:]
    assert "Bereitschaft" not in ausgabe and "geheim123" not in fehler + ausgabe
    zeilen = [z for z in fehler.splitlines() if "Datenbank nicht erreichbar" in z]
    assert len(zeilen) >= 2 and "refused" in zeilen[0], fehler[-2000:]
    pausen = [int(re.search(r"neuer Versuch in (\d+) s", z)[1]) for z in zeilen]  # type: ignore[index]
    assert pausen[:3] == [1, 2, 4][:len(pausen[:3])]


def test_einzeln_startet_einen_scheiternden_befehl_mit_wachsendem_abstand(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1")
    marke = tmp_path / "starts"
    befehl = [sys.executable, "-c", f"open({str(marke)!r}, 'a').write('x'); raise SystemExit(3)"]
    rc, _, fehler = _einzeln(umgebung, "test", "--takt", "1", "--", *befehl, marke="Sperre erhalten", danach=4)
    assert rc == 0
    assert "Befehl endete mit 3 – neuer Start in 1 s" in fehler and "neuer Start in 2 s" in fehler, fehler
    assert 2 <= len(marke.read_text()) <= 3                       # nicht sechsmal im Takt


def test_einzeln_ohne_postfach_startet_nichts_und_wartet(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1")
    marke = tmp_path / "gestartet"
    rc, ausgabe, fehler = _einzeln(umgebung, "--nur-wenn", "EMB_IMAP", "imap-beobachter", "--", sys.executable,
                                   "-c", f"open({str(marke)!r}, 'w')", marke="nicht eingestellt", danach=2)
    assert rc == 0 and not marke.exists(), fehler
    assert "EMB_IMAP ist nicht eingestellt – nichts zu tun an diesem Standort" in ausgabe
    mit = {**umgebung, "EMB_IMAP_HOST": "imap.example"}
    rc, ausgabe, _ = _einzeln(mit, "--nur-wenn", "EMB_IMAP", "imap-beobachter", "--", sys.executable,
                              "-c", f"open({str(marke)!r}, 'w')", marke="Sperre erhalten", danach=2)
    assert marke.exists() and "Sperre erhalten" in ausgabe


def test_imap_unit_und_procfile_nur_mit_postfach() -> None:
    for datei in (WURZEL / "deploy" / "Procfile", WURZEL / "deploy" / "systemd" / "kundenportal-imap.service"):
        zeile = next(z for z in datei.read_text().splitlines() if "emb_imap_beobachten" in z and not z.startswith("#"))
        assert "einzeln --nur-wenn EMB_IMAP imap-beobachter --" in zeile, datei


def test_kill_9_von_einzeln_beendet_auch_den_befehl(tmp_path: Path) -> None:
    """Rundgang Betrieb: nach kill -9 von `einzeln` lief celery beat als Waise weiter, während der andere Knoten die
    Sperre übernahm — jede geplante Aufgabe lief doppelt. Jetzt bekommt der Befehl SIGTERM, wenn `einzeln` endet."""
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1")
    pidfile = tmp_path / "kind.pid"
    befehl = [sys.executable, "-c", f"import os, time; open({str(pidfile)!r}, 'w').write(str(os.getpid())); "
              "time.sleep(120)"]
    ordner = Path(umgebung["KUNDENPORTAL_VAR"]).parent
    with (ordner / "k.out").open("w") as a:
        prozess = subprocess.Popen([PYTHON, "manage.py", "einzeln", "waise", "--", *befehl], cwd=WURZEL, env=umgebung,
                                   stdout=a, stderr=subprocess.STDOUT)
        ende = time.monotonic() + 120
        while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < ende:
            assert prozess.poll() is None, (ordner / "k.out").read_text()[-3000:]
            time.sleep(0.1)
        kind = int(pidfile.read_text())
        prozess.kill()                                  # kill -9: einzeln räumt nichts mehr auf
        prozess.wait(timeout=30)
    ende = time.monotonic() + 20
    while time.monotonic() < ende:
        try:
            stat = Path(f"/proc/{kind}/stat").read_text()
        except FileNotFoundError:
            break                                       # beendet und abgeholt
        if stat.rsplit(")", 1)[1].split()[0] == "Z":    # beendet, wartet nur aufs Abholen
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"der Befehl (pid {kind}) läuft nach kill -9 von einzeln weiter")
