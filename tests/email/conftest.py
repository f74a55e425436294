"""Echte Server für die E-Mail-Tests: Dovecot (IMAP) als Unterprozess, aiosmtpd (SMTP) im Test."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CONTENT

KORPUS = CONTENT / "email-korpus"


def korpus_mail(nummer: str) -> bytes:
    return (KORPUS / "mails" / f"{nummer}.eml").read_bytes()


def arbeitshilfe_durchlaufen(user: Any, mail_id: int, jetzt: Any, antworten: dict[str, Any]) -> Any:
    """Startet die Arbeitshilfe der (beanspruchten, zugeordneten) Mail und führt sie mit `antworten` bis zum Ende;
    jede Aktion wird bestätigt, wie die Beschäftigten es tun. Gibt die letzte Ansicht zurück."""
    from kundenportal.emb.services import (
        bearbeitung_beantworten,
        bearbeitung_bestaetigen,
        bearbeitung_starten,
    )

    ansicht = bearbeitung_starten(user, mail_id, jetzt)
    while ansicht.art in ("frage", "bestaetigung"):
        if ansicht.art == "bestaetigung":
            assert ansicht.vorhaben is not None
            ansicht = bearbeitung_bestaetigen(user, mail_id, ansicht.vorhaben.zeichen)
        else:
            ansicht = bearbeitung_beantworten(user, mail_id, ansicht.fakt, antworten[ansicht.fakt])
    return ansicht


def identitaet_bestaetigen(user: Any, mail_id: int, jetzt: Any) -> None:
    """Startet die Arbeitshilfe der (beanspruchten) Mail und beantwortet die Identitätsfrage mit „ja“: erst
    dann entsteht ein Antwortentwurf mit Kundendaten (domain.md A3)."""
    from kundenportal.emb.services import bearbeitung_beantworten, bearbeitung_starten

    assert bearbeitung_starten(user, mail_id, jetzt).fakt == "identitaet_geprueft"
    bearbeitung_beantworten(user, mail_id, "identitaet_geprueft", "ja")


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def warten_auf_port(port: int, prozess: subprocess.Popen[Any] | None = None, sekunden: float = 15) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if prozess is not None and prozess.poll() is not None:
            raise RuntimeError(f"Server beendet mit {prozess.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"Port {port} nicht offen nach {sekunden}s")


@dataclass
class Imap:
    port: int
    benutzer: str = "kundenpostfach"
    passwort: str = "geheim-nur-test"
    log: Path = field(default_factory=Path)


DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
info_log_path = {tmp}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {nutzer}
default_login_user = {nutzer}
first_valid_uid = {uid}
mail_location = maildir:{tmp}/home/%u/Maildir
# IDLE merkt neue Mail über inotify; entgeht ihm das, prüft Dovecot im IDLE sonst erst nach 30 s — im Test
# jede Sekunde (einmal im vollen Lauf eines frischen Klons wartete test_imap_idle_weckt_bei_neuer_mail 10 s umsonst).
mailbox_idle_check_interval = 1 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@pytest.fixture
def dovecot() -> Iterator[Imap]:
    # Eigenes Verzeichnis unter /tmp: Dovecots Dienste laufen als dovenull und brauchen +x auf dem Pfad
    # (pytests tmp_path liegt unter einem 0700-Verzeichnis von root).
    with tempfile.TemporaryDirectory(prefix="emb-dovecot-") as tmp:
        Path(tmp).chmod(0o755)
        yield from _dovecot(Path(tmp))


def _dovecot(tmp_path: Path) -> Iterator[Imap]:
    """Ein frischer Dovecot je Test: eigener Port, Klartext-Login, passwd-file-Benutzer, Maildir im tmp."""
    binaer = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binaer is None:
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot fehlt auf CI: .ci/run installiert dovecot-imapd")
        pytest.skip("dovecot nicht installiert (apt-get install -y dovecot-imapd)")
    nutzer = "dovenull" if _gibt_nutzer("dovenull") else "nobody"
    eintrag = pwd.getpwnam(nutzer)
    imap = Imap(port=freier_port(), log=tmp_path / "dovecot.log")
    for d in ("run", "state", "home"):
        (tmp_path / d).mkdir()
    (tmp_path / "passwd").write_text(f"{imap.benutzer}:{{PLAIN}}{imap.passwort}\n", encoding="utf-8")
    shutil.chown(tmp_path / "home", eintrag.pw_uid, eintrag.pw_gid)
    tmp_path.chmod(0o755)
    conf = tmp_path / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(tmp=tmp_path, port=imap.port, nutzer=nutzer, uid=eintrag.pw_uid,
                                        gid=eintrag.pw_gid), encoding="utf-8")
    prozess = subprocess.Popen([binaer, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        warten_auf_port(imap.port, prozess)
        yield imap
    finally:
        if os.environ.get("EMB_DOVECOT_LOG"):
            print(imap.log.read_text(errors="replace"))
        prozess.terminate()
        try:
            prozess.wait(timeout=10)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.wait()


def _gibt_nutzer(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@dataclass
class Smtp:
    port: int
    empfangen: list[Any]


class _Sammler:
    def __init__(self, liste: list[Any]) -> None:
        self.liste = liste

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.liste.append(envelope)
        return "250 OK"


@pytest.fixture(autouse=True)
def smtp_backend(settings: Any) -> None:
    """pytest-django stellt auf das Speicher-Backend um; die E-Mail-Tests senden an echte SMTP-Server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_port() -> int:
    return freier_port()


@pytest.fixture
def smtp_server(smtp_port: int) -> Iterator[Smtp]:
    from aiosmtpd.controller import Controller

    empfangen: list[Any] = []
    controller = Controller(_Sammler(empfangen), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        yield Smtp(port=smtp_port, empfangen=empfangen)
    finally:
        controller.stop()


@pytest.fixture
def eager() -> Iterator[None]:
    """Celery-Tasks im Testprozess statt über Redis: derselbe Task-Code, ohne Broker."""
    from kundenportal.celery import app

    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


@pytest.fixture
def anna(benutzer: Any) -> Any:
    """Eine Beschäftigte der E-Mail-Bearbeitung (Rolle agent_emb)."""
    return benutzer("agent_emb", "anna")


@pytest.fixture
def bernd(benutzer: Any) -> Any:
    return benutzer("agent_emb", "bernd")
