"""Den Versand einer freigegebenen Antwort anstoßen — über den Namen des Tasks, ohne `tasks` zu
importieren (die Dienste kennen den Worker nicht; kein Importkreis Dienste ↔ Tasks).

Ist der Broker nicht erreichbar, scheitert nur das Anstoßen: die Antwort steht committet auf
`wartend`, und der Feger (`services.ausgang_fegen`, im Takt von celery beat) sendet sie.

Ohne Broker und Worker (`make run`: CELERY_BROKER_URL=memory://, Celerys `task_always_eager`; ebenso Tests) läuft
derselbe Task im Prozess, nach dem Commit der Freigabe: die Antwort geht in der Anfrage hinaus. Weil dort auch
kein beat fegt, fegt jede Freigabe den Ausgang mit — was nach einem Fehlschlag fällig ist, geht dann nach.
Genau einmal bleibt es so wie mit Worker: `antwort_zustellen` sperrt die Antwort und sendet nur Freigegebenes."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)
TASK_SENDEN = "emb.antwort_senden"
TASK_FEGEN = "emb.ausgang_fegen"


def versand_anstossen(antwort_id: int) -> bool:
    """True, wenn der Auftrag beim Broker liegt (oder, ohne Worker, im Prozess ausgeführt ist)."""
    from kundenportal.celery import app

    try:
        if app.conf.task_always_eager:       # ohne Broker und Worker: derselbe Task, im Prozess
            app.loader.import_default_modules()     # löst autodiscover_tasks aus (registriert nach Namen)
            app.tasks[TASK_SENDEN].apply(args=[antwort_id])
            app.tasks[TASK_FEGEN].apply()
        else:
            app.send_task(TASK_SENDEN, args=[antwort_id], retry=False)
    except Exception as fehler:  # Broker weg: der Feger holt es nach
        logger.warning("Versand von Antwort %s nicht angestoßen (%s); der Feger sendet sie.", antwort_id,
                       type(fehler).__name__)
        return False
    return True
