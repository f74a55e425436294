"""Der Celery-Worker (E-Mail abholen und senden, docs/betrieb.md): `celery -A kundenportal.celery worker`, dazu
`celery -A kundenportal.celery beat` für das Abholen im Takt.

Die Einstellungen kommen aus Djangos settings (Namensraum CELERY_): der Broker ist `CELERY_BROKER_URL` —
derselbe aufgelöste Wert, den auch /readyz prüft, also auch aus `CELERY_BROKER_URL_FILE`
(conf/umgebung.py). Den Takt des IMAP-Abholens setzt EMB_IMAP_INTERVALL (Sekunden, Standard 60). Wer statt im
Takt mit IMAP IDLE abholt (`manage.py emb_imap_beobachten`), startet beat nicht.

Protokoll: Worker und beat übernehmen Djangos LOGGING (conf/protokoll.py) statt Celerys eigenem Format —
eine JSON-Zeile je Eintrag, Kundennummern maskiert, wie in gunicorn (`worker_hijack_root_logger` aus, Signal
`setup_logging`). `--loglevel` wirkt darum nicht; die Stufe setzt KUNDENPORTAL_LOG_LEVEL."""

from __future__ import annotations

import logging.config
import os
from collections.abc import Mapping
from typing import Any

from celery import Celery
from celery.signals import beat_init, setup_logging, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")



def zeitplan(umgebung: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Der beat-Zeitplan; `umgebung` sind die Umgebungsvariablen (als Argument, damit testbar)."""
    intervall = float(umgebung.get("EMB_IMAP_INTERVALL", "60"))
    if intervall <= 0:
        raise ValueError(f"EMB_IMAP_INTERVALL={intervall:g}: erwartet Sekunden größer 0, etwa 60")
    return {"emb-imap-abholen": {"task": "emb.imap_abholen", "schedule": intervall,
                                 "options": {"expires": intervall}},   # kein Stau, wenn der Worker hängt
            # liegen gebliebene Antworten (Broker weg, Worker getötet) senden: emb.services.ausgang_fegen
            "emb-ausgang-fegen": {"task": "emb.ausgang_fegen", "schedule": 60.0, "options": {"expires": 60}}}


app = Celery("kundenportal")
# CELERY_BROKER_URL (auch aus CELERY_BROKER_URL_FILE) und jede weitere CELERY_*-Einstellung aus settings.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,                  # Absturz mitten im Task: die Nachricht wird erneut zugestellt
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,      # Protokoll aus Djangos LOGGING (setup_logging unten)
    timezone="Europe/Berlin",
    beat_schedule={**zeitplan(os.environ),   # dazu täglich die Löschfristen (betrieb.loeschfristen)
                   "betrieb-loeschfristen": {"task": "betrieb.loeschen", "schedule": 24 * 3600.0,
                                             "options": {"expires": 3600.0}}},
)
app.autodiscover_tasks(["kundenportal.emb", "kundenportal.betrieb"])


@setup_logging.connect
def protokoll_einrichten(**_: Any) -> None:
    """Worker und beat protokollieren wie die App: Djangos LOGGING (JSON, Kundennummern maskiert)."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    logging.captureWarnings(True)       # auch Warnungen (etwa Celerys SecurityWarning) als JSON-Zeile


@worker_init.connect
@beat_init.connect
def datenbank_pruefen(**_: Any) -> None:
    """Im Betrieb ohne DATABASE_URL startet der Worker nicht (statt still eine leere SQLite-Datei zu öffnen).
    Celery fängt Ausnahmen in Signal-Handlern ab und startet trotzdem — SystemExit aber beendet den Prozess."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from kundenportal.conf.umgebung import datenbank_fuer_dienst

    try:
        datenbank_fuer_dienst(settings.ENTWICKLUNG, engine=settings.DATABASES["default"]["ENGINE"])
    except ImproperlyConfigured as fehler:
        raise SystemExit(str(fehler)) from None
