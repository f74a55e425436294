"""ASGI-Einstieg (`uvicorn kundenportal.asgi:application` o. ä.). Der Betrieb läuft unter gunicorn mit Sync-Workern
(`kundenportal/wsgi.py`, docs/betrieb.md); wer trotzdem diesen Einstieg nimmt, bekommt denselben Start eines
Server-Prozesses (`kundenportal/verdrahtung/server.py`): Datenbank im Betrieb Pflicht, kurze Wartezeit auf den
Pool, Vorwärmen."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
application = get_asgi_application()

from kundenportal.verdrahtung.server import server_prozess_einrichten  # noqa: E402

server_prozess_einrichten()
