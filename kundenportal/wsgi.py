"""WSGI-Einstieg für gunicorn (`gunicorn kundenportal.wsgi`); was beim Start jedes Arbeiters geschieht
(Datenbank im Betrieb Pflicht, kurze Wartezeit auf den Pool, Vorwärmen), steht in
`kundenportal/verdrahtung/server.py` — für den ASGI-Einstieg dasselbe."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
application = get_wsgi_application()

from kundenportal.verdrahtung.server import server_prozess_einrichten  # noqa: E402

server_prozess_einrichten()
