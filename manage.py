#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:        # Einstellungen zuerst: eine fehlende oder falsche Angabe (DJANGO_SECRET_KEY …) als Meldung, ohne Traceback
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as fehler:
        sys.exit(f"kundenportal: {fehler}")
    execute_from_command_line(sys.argv)
