"""WSGI-Einstieg für gunicorn im Messmodus (bench.settings)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.KUNDENPORTAL_VORWAERMEN:      # Katalog und Vorlagen beim Start, nicht in der ersten Anfrage
    from kundenportal.verdrahtung import startbestand_einfrieren, vorwaermen

    vorwaermen()
    startbestand_einfrieren()         # was jetzt lebt, lebt so lange wie der Prozess: aus der Müllsammlung
