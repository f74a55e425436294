"""Dauerhaftes Abholen: im Takt über celery beat oder mit IMAP IDLE über `manage.py emb_imap_beobachten`
(begrenzt mit `--sekunden`), gegen einen echten Dovecot."""

from __future__ import annotations

import imaplib
import io
import threading
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from kundenportal.celery import app, zeitplan
from kundenportal.emb import tasks
from kundenportal.emb.models import Mail

from .conftest import Imap, korpus_mail


def test_beat_holt_im_konfigurierten_takt_ab() -> None:
    assert zeitplan({"EMB_IMAP_INTERVALL": "30"})["emb-imap-abholen"] == {
        "task": "emb.imap_abholen", "schedule": 30.0, "options": {"expires": 30.0}}
    assert zeitplan({})["emb-ausgang-fegen"]["task"] == tasks.ausgang_fegen_task.name
    assert zeitplan({})["emb-imap-abholen"]["schedule"] == 60.0
    assert app.conf.beat_schedule["emb-imap-abholen"]["task"] == tasks.imap_abholen.name
    with pytest.raises(ValueError) as fehler:
        zeitplan({"EMB_IMAP_INTERVALL": "0"})
    assert str(fehler.value) == "EMB_IMAP_INTERVALL=0: erwartet Sekunden größer 0, etwa 60"


@override_settings(EMB_IMAP={})
def test_ohne_postfach_holt_der_takt_nichts_und_der_befehl_sagt_was_fehlt() -> None:
    assert tasks.imap_abholen() == 0
    with pytest.raises(CommandError) as fehler:
        call_command("emb_imap_beobachten", sekunden=1)
    assert str(fehler.value) == ("EMB_IMAP ist nicht gesetzt: EMB_IMAP_HOST (und _PORT, _BENUTZER, _PASSWORT) "
                                 "angeben.")


def _ablegen(zugang: Imap, roh: bytes) -> None:
    c = imaplib.IMAP4("127.0.0.1", zugang.port, timeout=10)
    try:
        c.login(zugang.benutzer, zugang.passwort)
        c.append("INBOX", "", imaplib.Time2Internaldate(time.time()), roh)
    finally:
        c.logout()


@pytest.mark.django_db
def test_imap_abholen_im_takt_liest_das_postfach_aus_den_einstellungen(dovecot: Imap) -> None:
    _ablegen(dovecot, korpus_mail("0013"))
    with override_settings(EMB_IMAP={"host": "127.0.0.1", "port": dovecot.port, "benutzer": dovecot.benutzer,
                                     "passwort": dovecot.passwort, "ssl": False}):
        assert tasks.imap_abholen() == 1
        assert tasks.imap_abholen() == 0


@pytest.mark.django_db
def test_beobachten_mit_idle_liest_neue_mail_sofort_und_endet_nach_der_frist(dovecot: Imap) -> None:
    _ablegen(dovecot, korpus_mail("0001"))                       # lag schon da
    zustellung = threading.Timer(1.0, _ablegen, args=(dovecot, korpus_mail("0002")))   # kommt während IDLE
    ausgabe = io.StringIO()
    with override_settings(EMB_IMAP={"host": "127.0.0.1", "port": dovecot.port, "benutzer": dovecot.benutzer,
                                     "passwort": dovecot.passwort, "postfach": "INBOX", "ssl": False}):
        beginn = time.monotonic()
        zustellung.start()
        call_command("emb_imap_beobachten", sekunden=4, idle=30, stdout=ausgabe)
        dauer = time.monotonic() - beginn
    zustellung.join()
    assert 3.5 <= dauer < 8, dauer
    assert ausgabe.getvalue() == "2 neue Mails eingelesen.\n"
    quellen = sorted(Mail.objects.filter(quelle__startswith=f"imap:{dovecot.benutzer}@127.0.0.1/INBOX#uid=")
                     .values_list("quelle", flat=True))
    assert len(quellen) == 2 and len(set(quellen)) == 2, quellen       # jede mit ihrer UID im Postfach
    assert all(q.rpartition("#uid=")[2].isdigit() for q in quellen), quellen


def test_ohne_postfach_warnt_der_worker_einmal(settings: Any, caplog: Any, monkeypatch: Any) -> None:
    """Rundgang Betrieb: ohne EMB_IMAP_HOST warnte jeder Lauf (minütlich) — jetzt einmal je Prozess, dann leise."""
    monkeypatch.setattr(tasks, "_OHNE_POSTFACH_GEMELDET", False)
    monkeypatch.setattr(tasks.imap, "zugang_aus_einstellungen", lambda: None)
    with caplog.at_level("DEBUG", logger=tasks.logger.name):
        assert [tasks.imap_abholen() for _ in range(3)] == [0, 0, 0]
    stufen = [r.levelname for r in caplog.records if "EMB_IMAP ist nicht gesetzt" in r.getMessage()]
    assert stufen == ["WARNING", "DEBUG", "DEBUG"]
