"""Den Versand einer freigegebenen Antwort anstoßen — über den Namen des Tasks, ohne `tasks` zu
importieren (die Dienste kennen den Worker nicht; kein Importkreis Dienste ↔ Tasks).

Ist der Broker nicht erreichbar, scheitert nur das Anstoßen: die Antwort steht committet auf
`wartend`, und der Feger (`services.ausgang_fegen`, im Takt von celery beat) sendet sie."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)
TASK_SENDEN = "emb.antwort_senden"


def versand_anstossen(antwort_id: int) -> bool:
    """True, wenn der Auftrag beim Broker liegt (oder, in Tests ohne Broker, ausgeführt ist)."""
    from kundenportal.celery import app

    try:
        if app.conf.task_always_eager:       # Tests ohne Broker: derselbe Task, im Prozess
            app.loader.import_default_modules()     # löst autodiscover_tasks aus (registriert nach Namen)
            app.tasks[TASK_SENDEN].apply(args=[antwort_id])
        else:
            app.send_task(TASK_SENDEN, args=[antwort_id], retry=False)
    except Exception as fehler:  # Broker weg: der Feger holt es nach
        logger.warning("Versand von Antwort %s nicht angestoßen (%s); der Feger sendet sie.", antwort_id,
                       type(fehler).__name__)
        return False
    return True
