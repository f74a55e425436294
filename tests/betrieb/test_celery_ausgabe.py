"""Celery-Worker und beat mit der Umgebung der Units (CELERY_QUIET=1 aus deploy/systemd): auf stdout und stderr nur
JSON-Zeilen — ohne die Begrüßung als Textblock (Rundgang Betrieb). Einzige Ausnahme, von Celery ohne Logger
geschrieben: `worker: Warm shutdown (MainProcess)` (mit einer Leerzeile davor) beim Beenden (docs/betrieb.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.betrieb.hilfen import WURZEL, betrieb_umgebung
from tests.betrieb.test_protokoll import redis_port  # noqa: F401  (Fixture)

CELERY = str(Path(sys.executable).with_name("celery"))
BEENDEN = "worker: Warm shutdown (MainProcess)"


def _unit_umgebung(name: str) -> dict[str, str]:
    zeilen = (WURZEL / "deploy" / "systemd" / name).read_text().splitlines()
    return dict(z.split("=", 2)[1:] for z in zeilen if z.startswith("Environment="))   # type: ignore[misc]


def _lauf(tmp: Path, port: int, unit: str, *args: str, bis: str) -> list[str]:
    umgebung = betrieb_umgebung(tmp, CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
                                PYTHONWARNINGS="ignore:You're running the worker with superuser privileges",
                                **_unit_umgebung(unit))
    protokoll = tmp / "celery.log"
    with protokoll.open("w") as datei:
        prozess = subprocess.Popen([CELERY, "-A", "kundenportal.celery", *args], cwd=WURZEL, env=umgebung,
                                   stdout=datei, stderr=subprocess.STDOUT)
        try:
            ende = time.monotonic() + 60
            while time.monotonic() < ende and bis not in protokoll.read_text():
                assert prozess.poll() is None, protokoll.read_text()[-3000:]
                time.sleep(0.2)
        finally:
            prozess.terminate()
            prozess.wait(30)
    return protokoll.read_text().splitlines()


def test_worker_nur_json(tmp_path: Path, redis_port: int) -> None:  # noqa: F811
    zeilen = _lauf(tmp_path, redis_port, "kundenportal-worker.service", "worker", "--concurrency", "1",
                   "-Q", "kp-ausgabe", bis="ready.")
    text = [z for z in zeilen if z.strip() and not z.startswith("{")]
    assert text in ([], [BEENDEN]), text
    assert any(json.loads(z)["meldung"].endswith("ready.") for z in zeilen if z.startswith("{"))


def test_beat_nur_json(tmp_path: Path, redis_port: int) -> None:  # noqa: F811
    zeilen = _lauf(tmp_path, redis_port, "kundenportal-beat.service", "beat", "--schedule", str(tmp_path / "beat"),
                   bis="beat: Starting")
    assert zeilen and all(json.loads(z) for z in zeilen), zeilen
