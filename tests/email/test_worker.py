"""Ein echter Celery-Worker (Redis-Broker) liest ein; SIGKILL mitten im Stapel verliert keine Mail und
speichert keine doppelt (der Worker wird mitten im Stapel beendet)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kundenportal.emb.identitaet import inhalt_hash
from kundenportal.emb.mime import zerlegen
from tests.conftest import WURZEL

from .conftest import KORPUS
from .kaputt import schreiben

BIN = Path(sys.executable).parent


def _redis_da() -> bool:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except redis.exceptions.ConnectionError:
        return False
    finally:
        client.close()


@pytest.fixture
def umgebung(tmp_path: Path) -> Iterator[dict[str, str]]:
    if not _redis_da():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis auf 127.0.0.1:6379 fehlt: .ci/run startet ihn")
        pytest.skip("Redis auf 127.0.0.1:6379 läuft nicht")
    env = dict(os.environ, KUNDENPORTAL_SQLITE=str(tmp_path / "worker.sqlite3"),
               DJANGO_SETTINGS_MODULE="kundenportal.conf.settings", PYTHONWARNINGS="ignore")
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=WURZEL, env=env, check=True)
    yield env


def _worker(env: dict[str, str], queue: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "celery"), "-A", "kundenportal.celery", "worker", "--pool=solo", "-Q", queue, "-l", "WARNING",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=WURZEL, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _senden(task: str, pfad: Path, queue: str) -> None:
    from kundenportal.celery import app

    with app.connection_for_write() as verbindung:
        app.send_task(task, args=[str(pfad)], queue=queue, connection=verbindung)


def _zaehlen(db: str, sql: str = "SELECT COUNT(*) FROM email_bearbeitung_mail") -> int:
    with contextlib.closing(sqlite3.connect(db, timeout=20)) as c:
        try:
            return int(c.execute(sql).fetchone()[0])
        except sqlite3.OperationalError:
            return -1


def _warten(db: str, mindestens: int, sekunden: float = 60) -> int:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        n = _zaehlen(db)
        if n >= mindestens:
            return n
        time.sleep(0.02)
    raise TimeoutError(f"nach {sekunden}s erst {_zaehlen(db)} Mails, erwartet {mindestens}")


def _warten_bis(db: str, sql: str, wert: int, sekunden: float = 120) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if _zaehlen(db, sql) == wert:
            return
        time.sleep(0.05)
    raise TimeoutError(f"{sql}: nach {sekunden}s {_zaehlen(db, sql)}, erwartet {wert}")


def _beenden(prozess: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(prozess.pid, sig)
    try:
        prozess.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(prozess.pid, signal.SIGKILL)
        prozess.wait()


def _leeren(queue: str) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379)
    try:
        client.delete(queue)
    finally:
        client.close()


def test_worker_absturz_mitten_im_stapel_liest_jede_mail_genau_einmal(umgebung: dict[str, str],
                                                                      tmp_path: Path) -> None:
    db, queue = umgebung["KUNDENPORTAL_SQLITE"], f"emb-test-{uuid.uuid4().hex}"
    eml = tmp_path / "eml"
    shutil.copytree(KORPUS / "mails", eml)
    dateien = sorted(eml.glob("*.eml"))
    erwartete_ids = {zerlegen(d.read_bytes()).message_id for d in dateien}
    erwartete_anhaenge = sum(len(zerlegen(d.read_bytes()).anhaenge) for d in dateien)
    kaputt = schreiben(eml / "kaputt")    # dazu der kaputte Korpus: mime_tief und die drei Nicht-Mails in die Quarantäne
    alle = len({inhalt_hash(d.read_bytes()) for d in [*dateien, *kaputt]})

    erster = _worker(umgebung, queue)
    try:
        _senden("emb.eml_einlesen", eml, queue)
        vor_dem_absturz = _warten(db, 30)
    finally:
        _beenden(erster, signal.SIGKILL)          # mitten im Stapel, ohne Aufräumen
    assert erster.returncode == -signal.SIGKILL
    assert 30 <= vor_dem_absturz < len(dateien), "der Stapel muss mitten im Lauf abgebrochen sein"

    zweiter = _worker(umgebung, queue)
    try:
        _senden("emb.eml_einlesen", eml, queue)   # neuer Lauf (wie der nächste Abruf)
        _warten(db, alle, sekunden=120)
        _warten_bis(db, "SELECT COUNT(*) FROM email_bearbeitung_mail WHERE status = 'eingang'", 0)
    finally:
        _beenden(zweiter)
        _leeren(queue)
    assert _zaehlen(db) == alle == 320 + len(kaputt)
    korpus = "SELECT {} FROM email_bearbeitung_mail WHERE quelle NOT IN ({})"
    namen = ", ".join(f"'eml:{k.name}'" for k in kaputt)
    assert _zaehlen(db, korpus.format("COUNT(DISTINCT message_id)", namen)) == 320
    assert _zaehlen(db, "SELECT COUNT(*) FROM email_bearbeitung_mail WHERE status = 'eingang'") == 0
    assert _zaehlen(db, "SELECT COUNT(*) FROM email_bearbeitung_mail WHERE status = 'quarantaene'") == 4
    assert _zaehlen(db, "SELECT COUNT(*) FROM email_bearbeitung_anhang a JOIN email_bearbeitung_mail m "
                        f"ON a.mail_id = m.id WHERE m.quelle NOT IN ({namen})") == erwartete_anhaenge
    with contextlib.closing(sqlite3.connect(db)) as c:
        gespeichert = {r[0] for r in c.execute(korpus.format("message_id", namen))}
    assert gespeichert == erwartete_ids
