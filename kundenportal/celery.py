"""Der Celery-Worker (E-Mail abholen und senden, docs/betrieb.md): `celery -A kundenportal.celery worker`, dazu
`celery -A kundenportal.celery beat` für das Abholen im Takt.

Broker ist Redis auf dem eigenen Rechner; CELERY_BROKER_URL setzt eine andere Adresse. Den Takt des
IMAP-Abholens setzt EMB_IMAP_INTERVALL (Sekunden, Standard 60). Wer statt im Takt mit IMAP IDLE
abholt (`manage.py emb_imap_beobachten`), startet beat nicht."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from celery import Celery

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
app.conf.update(
    broker_url=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
    task_acks_late=True,                  # Absturz mitten im Task: die Nachricht wird erneut zugestellt
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    timezone="Europe/Berlin",
    beat_schedule={**zeitplan(os.environ),   # dazu täglich die Löschfristen (betrieb.loeschfristen)
                   "betrieb-loeschfristen": {"task": "betrieb.loeschen", "schedule": 24 * 3600.0,
                                             "options": {"expires": 3600.0}}},
)
app.autodiscover_tasks(["kundenportal.emb", "kundenportal.betrieb"])
