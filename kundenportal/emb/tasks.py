"""Celery-Tasks der E-Mail-Bearbeitung: Einlesen und Senden laufen im Worker, nie in der Web-Anfrage — außer
ohne Broker und Worker (`make run`, Tests): dann senden sie im Prozess nach dem Commit (ausgang.versand_anstossen).

Die Tasks sind dünn: sie rufen die Dienste und planen bei Sendefehlern den nächsten Versuch mit
wachsendem Abstand. Die Dienste stoßen Tasks nur über deren Namen an (`ausgang.versand_anstossen`).
Tests rufen sie direkt auf; ein Test startet einen echten Worker."""

from __future__ import annotations

import logging
import smtplib
from pathlib import Path
from typing import Any

from kundenportal.celery import app

from . import imap
from .ausgang import TASK_FEGEN, TASK_SENDEN
from .models import Antwort
from .services import antwort_zustellen, ausgang_fegen, backoff, dateien_einlesen

logger = logging.getLogger(__name__)
MAX_VERSUCHE = 50    # danach bleibt die Antwort sichtbar `fehlgeschlagen`, erneut freigebbar


def _jetzt() -> Any:
    from kundenportal.zeit import jetzt

    return jetzt()


@app.task(name="emb.eml_einlesen")
def eml_einlesen(pfad: str) -> int:
    return dateien_einlesen([Path(pfad)]).neu


@app.task(name="emb.maildir_einlesen")
def maildir_einlesen(pfad: str) -> int:
    return dateien_einlesen([Path(pfad)]).neu


_OHNE_POSTFACH_GEMELDET = False


@app.task(name="emb.imap_abholen")
def imap_abholen() -> int:
    """Holt ungelesene Mails aus dem Postfach in settings.EMB_IMAP (im Takt von celery beat, siehe
    kundenportal/celery.py). Ohne konfiguriertes Postfach: nichts zu tun."""
    global _OHNE_POSTFACH_GEMELDET
    zugang = imap.zugang_aus_einstellungen()
    if zugang is None:
        # Einmal je Worker-Prozess als Warnung, danach leise (Rundgang Betrieb: beat ruft minütlich, ~1.440
        # gleiche Warnungen am Tag verdeckten die übrigen).
        melden = logger.debug if _OHNE_POSTFACH_GEMELDET else logger.warning
        melden("EMB_IMAP ist nicht gesetzt (EMB_IMAP_HOST …): kein Postfach zum Abholen.")
        _OHNE_POSTFACH_GEMELDET = True
        return 0
    return imap.einmal_abholen(zugang)


@app.task(name=TASK_SENDEN, bind=True, max_retries=MAX_VERSUCHE)
def antwort_senden(self: Any, antwort_id: int) -> str:
    try:
        return antwort_zustellen(antwort_id, _jetzt()).status
    except (OSError, smtplib.SMTPException) as fehler:
        if self.request.is_eager:
            # Im Prozess, ohne Worker (ausgang.versand_anstossen): Celery wiederholte sofort und in derselben
            # Anfrage, bis zu MAX_VERSUCHE Mal. Der Fehlschlag steht mit dem nächsten Versuch in der Datenbank;
            # den sendet der Feger.
            logger.warning("Antwort %s nicht gesendet (%s); der Feger versucht es erneut.", antwort_id,
                           type(fehler).__name__)
            return str(Antwort.Status.FEHLGESCHLAGEN)
        raise self.retry(exc=fehler, countdown=backoff(self.request.retries + 1)) from fehler


@app.task(name=TASK_FEGEN)
def ausgang_fegen_task() -> int:
    """Im Takt von celery beat: sendet, was `wartend` liegen blieb (Broker weg, Worker getötet)."""
    return len(ausgang_fegen(_jetzt()))
