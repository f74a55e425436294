"""`manage.py loeschfristen [--dry-run]`: löscht, was seine Löschfrist überschritten hat
(betrieb.loeschfristen); mit `--dry-run` (oder `--probelauf`) nur die Liste, was ginge."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kundenportal import zeit
from kundenportal.betrieb import loeschfristen


class Command(BaseCommand):
    help = "Löscht Daten nach Ablauf ihrer Löschfrist (--dry-run: nur anzeigen)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", "--probelauf", dest="probelauf", action="store_true",
                            help="nichts löschen, nur zeigen, was gelöscht würde")

    def handle(self, *args: Any, **optionen: Any) -> None:
        jetzt = zeit.echt()
        if optionen["probelauf"]:
            self.stdout.write("Probelauf – gelöscht würden:")
            posten = loeschfristen.faellig(jetzt)
        else:
            self.stdout.write("Gelöscht:")
            posten = loeschfristen.loeschen(jetzt)
        for p in posten:
            self.stdout.write(f"  {p.anzahl:6d}  {p.beschreibung} ({p.art})")
