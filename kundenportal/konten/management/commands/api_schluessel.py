"""`manage.py api_schluessel anlegen BENUTZER --name NAME | widerrufen ID | liste`: API-Schlüssel für
Integratoren (Authorization: Bearer …). Der Schlüssel wird beim Anlegen einmal ausgegeben."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.konten import schluessel
from kundenportal.konten.models import ApiSchluessel


class Command(BaseCommand):
    help = "API-Schlüssel anlegen, widerrufen, auflisten"

    def add_arguments(self, parser: CommandParser) -> None:
        unter = parser.add_subparsers(dest="aktion", required=True)
        anlegen = unter.add_parser("anlegen")
        anlegen.add_argument("benutzername")
        anlegen.add_argument("--name", required=True, help="wofür, z. B. 'Terminsystem Köln'")
        widerrufen = unter.add_parser("widerrufen")
        widerrufen.add_argument("id", type=int)
        unter.add_parser("liste")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["aktion"] == "anlegen":
            try:
                user = get_user_model().objects.get(username=o["benutzername"], is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Kein aktiver Benutzer {o['benutzername']}.") from None
            eintrag, token = schluessel.anlegen(user, o["name"])
            self.stdout.write(f"API-Schlüssel {eintrag.pk} für {user.username} angelegt (einmalig angezeigt):")
            self.stdout.write(token)
        elif o["aktion"] == "widerrufen":
            try:
                eintrag = schluessel.widerrufen(o["id"])
            except ApiSchluessel.DoesNotExist:
                raise CommandError(f"API-Schlüssel {o['id']} gibt es nicht.") from None
            self.stdout.write(f"API-Schlüssel {eintrag.pk} ({eintrag.name}) widerrufen.")
        else:
            for e in ApiSchluessel.objects.select_related("user").order_by("pk"):
                self.stdout.write(f"{e.pk}\t{e.praefix}…\t{e.user.username}\t{e.name}\t"
                                  f"{'aktiv' if e.aktiv else 'widerrufen'}\t{e.zuletzt or '-'}")
