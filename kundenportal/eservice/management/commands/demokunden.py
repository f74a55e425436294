"""`manage.py demokunden`: Demokunden mit Kundenkonto und Terminen anlegen (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kundenportal import zeit
from kundenportal.eservice.demo import DEMO_PASSWORT, demokunden_anlegen


class Command(BaseCommand):
    help = "Legt Demokunden für die Kundenseite (/kunde/) an"

    def handle(self, *args: Any, **optionen: Any) -> None:
        for d in demokunden_anlegen(zeit.heute()):
            self.stdout.write(f"{d.kundennummer} ({d.vorname} {d.nachname}, {d.wohnort_agentur}, Online-ASU "
                              f"{d.online_asu}) – Passwort {DEMO_PASSWORT}")
