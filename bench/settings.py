"""Einstellungen nur für `make bench`: die des Kundenportals, dazu die nackte Vergleichssicht
(bench/urls.py). Im Betrieb nie geladen — die Vergleichssicht gibt es nur im Messmodus."""

from kundenportal.conf.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
