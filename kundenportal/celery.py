"""Der Celery-Worker (E-Mail abholen und senden, Issue 6): `celery -A kundenportal.celery worker`.

Broker ist Redis auf dem eigenen Rechner; CELERY_BROKER_URL setzt eine andere Adresse."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")

app = Celery("kundenportal")
app.conf.update(
    broker_url=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
    task_acks_late=True,                  # Absturz mitten im Task: die Nachricht wird erneut zugestellt
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    timezone="Europe/Berlin",
)
app.autodiscover_tasks(["kundenportal.emb"])
