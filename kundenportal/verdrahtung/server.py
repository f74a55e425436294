"""Der Start eines Server-Prozesses, gleich für beide Einstiege (`kundenportal/wsgi.py` für gunicorn,
`kundenportal/asgi.py` für einen ASGI-Server): wer das Portal anders als über gunicorn startet, bekommt
dieselben Zusagen aus docs/betrieb.md.

- Im Betrieb ohne DATABASE_URL (und ohne ausdrückliches KUNDENPORTAL_SQLITE) ein Startfehler, der die Variable
  nennt (conf/umgebung.datenbank_fuer_dienst) — statt Seiten mit 500 "no such table".
- Anfragen warten höchstens DATABASE_POOL_TIMEOUT_ANFRAGE Sekunden auf eine Verbindung aus dem Pool (schnell
  scheitern, wenn die Datenbank weg ist; Befehle und Celery warten DATABASE_POOL_TIMEOUT).
- Katalog und Vorlagen vorwärmen (KUNDENPORTAL_VORWAERMEN), nicht in der ersten Anfrage."""

from __future__ import annotations

from django.conf import settings

from kundenportal.conf.umgebung import datenbank_fuer_dienst

from .katalog import startbestand_einfrieren, vorwaermen


def server_prozess_einrichten() -> None:
    """Nach `get_wsgi_application()` bzw. `get_asgi_application()`, vor der ersten Anfrage aufrufen."""
    datenbank_fuer_dienst(settings.ENTWICKLUNG, engine=settings.DATABASES["default"]["ENGINE"])
    for db in settings.DATABASES.values():     # vor der ersten Verbindung: der Pool entsteht mit diesem Wert
        if "pool" in db.get("OPTIONS", {}):
            db["OPTIONS"]["pool"]["timeout"] = settings.KUNDENPORTAL_DB_WARTEN_ANFRAGE
    if settings.KUNDENPORTAL_VORWAERMEN:
        vorwaermen()
        startbestand_einfrieren()   # was jetzt lebt, lebt so lange wie der Prozess: aus der Müllsammlung
