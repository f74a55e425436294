"""`manage.py standorte_pruefen PFAD`: eine Liste der Verbundstandorte prüfen (Datei:Zeile), Exit 1 bei Fehlern."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.leitfaden.standorte import standorte_laden
from kundenportal.termine.standortliste import standortliste_pruefen


class Command(BaseCommand):
    help = "Prüft eine Standortliste (Verbünde der BBiE, KiZ-Cluster) im Format von content/standorte.yaml"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pfad", type=Path)

    def handle(self, *args: Any, **optionen: Any) -> None:
        pfad: Path = optionen["pfad"]
        befunde = standortliste_pruefen(pfad)
        if befunde:
            raise CommandError(f"{len(befunde)} Fehler:\n" + "\n".join(str(b) for b in befunde))
        st = standorte_laden(pfad)
        bbie = sum(1 for a in st.agenturen.values() if a.bbie_ab is not None)
        self.stdout.write(f"{pfad}: {len(st.verbuende)} Verbünde, {len(st.agenturen)} Agenturen "
                          f"({bbie} mit BBiE), {len(st.cluster)} KiZ-Cluster — in Ordnung.")
