"""Einrichten ist ein einmaliger Schritt, kein Dauerprozess (Procfile), und läuft im Verbund nie zweimal
zugleich: `einrichten` hält die Sperre `einrichten` (PostgreSQL-Advisory-Lock, auf SQLite eine Dateisperre);
ein zweiter Knoten wartet und findet danach nichts zu tun. Ist die Datenbank nicht erreichbar, endet der Befehl
sofort mit der Ursache als letzter Zeile."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kundenportal.betrieb.einzellauf import DateiSperre, PostgresSperre
from kundenportal.conf.umgebung import datenbank
from tests.betrieb.hilfen import (
    PYTHON,
    WURZEL,
    betrieb_umgebung,
    freier_port,
    manage,
    nur_mit_postgresql,
    pg_server,
    wegwerf_datenbank,
)

DATENBANKEN = ["sqlite", pytest.param("postgresql", marks=nur_mit_postgresql)]


@contextlib.contextmanager
def _umgebung(art: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    if art == "sqlite":
        yield betrieb_umgebung(tmp_path, PYTHONUNBUFFERED="1")
    else:
        with wegwerf_datenbank() as url:
            yield betrieb_umgebung(tmp_path, DATABASE_URL=url, PYTHONUNBUFFERED="1")


def test_procfile_startet_nur_dauerprozesse() -> None:
    zeilen = [z for z in (WURZEL / "deploy" / "Procfile").read_text().splitlines() if z and not z.startswith("#")]
    assert {z.split(":", 1)[0] for z in zeilen} == {"web", "worker", "beat", "imap"}
    assert not any("einrichten" in z or "collectstatic" in z for z in zeilen)
    schritt = "python manage.py einrichten && python manage.py collectstatic --noinput && honcho -f deploy/Procfile start"
    assert schritt in (WURZEL / "docs" / "betrieb.md").read_text()


@pytest.mark.parametrize("art", DATENBANKEN)
def test_einrichten_wartet_auf_die_sperre_eines_anderen_knotens(art: str, tmp_path: Path) -> None:
    with _umgebung(art, tmp_path) as umgebung:
        fremd: PostgresSperre | DateiSperre = (
            PostgresSperre("einrichten", datenbank(umgebung["DATABASE_URL"], tmp_path)) if art == "postgresql"
            else DateiSperre("einrichten", Path(umgebung["KUNDENPORTAL_VAR"]), umgebung["KUNDENPORTAL_SQLITE"]))
        assert fremd.versuchen()                       # ein anderer Knoten richtet gerade ein
        prozess = subprocess.Popen([PYTHON, "manage.py", "einrichten"], cwd=WURZEL, env=umgebung, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert prozess.stdout is not None
            zeile = prozess.stdout.readline()
            assert "Sperre einrichten hält ein anderer" in zeile and "warte" in zeile, zeile
            time.sleep(1)
            assert prozess.poll() is None                  # wartet, statt gleichzeitig zu migrieren
        finally:
            fremd.freigeben()
        ausgabe, fehler = prozess.communicate(timeout=300)
        assert prozess.returncode == 0, fehler[-3000:]
        assert "Katalog geladen" in ausgabe
        assert manage(umgebung, "migrate", "--check").returncode == 0


@pytest.mark.parametrize("art", DATENBANKEN)
def test_zwei_knoten_richten_zugleich_ein(art: str, tmp_path: Path) -> None:
    """Auf einer frischen Datenbank: ohne Sperre scheitert einer mit IntegrityError (pg_type)."""
    with _umgebung(art, tmp_path) as umgebung:
        prozesse = [subprocess.Popen([PYTHON, "manage.py", "einrichten"], cwd=WURZEL, env=umgebung, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        ergebnisse = [p.communicate(timeout=300) for p in prozesse]
        for prozess, (ausgabe, fehler) in zip(prozesse, ergebnisse, strict=True):
            assert prozess.returncode == 0, fehler[-3000:]
            assert "Katalog geladen" in ausgabe and "IntegrityError" not in fehler
        assert manage(umgebung, "migrate", "--check").returncode == 0


def test_einrichten_ohne_erreichbare_datenbank_nennt_die_ursache(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, DATABASE_URL=f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kp")
    beginn = time.monotonic()
    r = manage(umgebung, "einrichten")
    assert r.returncode == 1 and time.monotonic() - beginn < 20
    zeilen = [z for z in r.stderr.splitlines() if z.strip()]
    assert len(zeilen) <= 3, r.stderr[-2000:]                     # keine hundert Warnungen des Pools davor
    assert "nicht erreichbar" in zeilen[0] and "refused" in r.stderr and "geheim123" not in r.stderr
    assert "Traceback" not in r.stderr


@nur_mit_postgresql
def test_einrichten_mit_falschem_datenbanknamen(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, DATABASE_URL=f"{pg_server()}/kp_ops_gibt_es_nicht")
    r = manage(umgebung, "einrichten")
    assert r.returncode == 1
    zeilen = [z for z in r.stderr.splitlines() if z.strip()]
    assert len(zeilen) <= 3 and "psycopg.pool" not in r.stderr, r.stderr[-2000:]
    assert 'database "kp_ops_gibt_es_nicht" does not exist' in zeilen[0]
