"""WSGI-Einstieg für gunicorn (`gunicorn kundenportal.wsgi`). Beim Start jedes Arbeiters:

- im Betrieb ohne DATABASE_URL (und ohne ausdrückliches KUNDENPORTAL_SQLITE) ein Startfehler, der die Variable
  nennt (conf/umgebung.datenbank_fuer_dienst) — statt Seiten mit 500 "no such table";
- Anfragen warten höchstens DATABASE_POOL_TIMEOUT_ANFRAGE Sekunden auf eine Verbindung aus dem Pool (schnell
  scheitern, wenn die Datenbank weg ist; Befehle und Celery warten DATABASE_POOL_TIMEOUT);
- Katalog und Vorlagen vorwärmen (KUNDENPORTAL_VORWAERMEN), nicht in der ersten Anfrage."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from kundenportal.conf.umgebung import datenbank_fuer_dienst  # noqa: E402

datenbank_fuer_dienst(settings.ENTWICKLUNG, engine=settings.DATABASES["default"]["ENGINE"])
for _db in settings.DATABASES.values():     # vor der ersten Verbindung: der Pool entsteht mit diesem Wert
    if "pool" in _db.get("OPTIONS", {}):
        _db["OPTIONS"]["pool"]["timeout"] = settings.KUNDENPORTAL_DB_WARTEN_ANFRAGE

if settings.KUNDENPORTAL_VORWAERMEN:      # Katalog und Vorlagen beim Start, nicht in der ersten Anfrage
    from kundenportal.verdrahtung import startbestand_einfrieren, vorwaermen

    vorwaermen()
    startbestand_einfrieren()         # was jetzt lebt, lebt so lange wie der Prozess: aus der Müllsammlung
