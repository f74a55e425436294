"""`manage.py benutzer anlegen|sperren|liste`: Beschäftigte mit Rollen anlegen und deaktivieren, für
Betrieb und Skripte (die Administration kann dasselbe unter /verwaltung/).

    manage.py benutzer anlegen mmuster --rolle agent_sc3 --standort Nürnberg --vorname Max --nachname Muster
    manage.py benutzer sperren mmuster
    manage.py benutzer liste

Das Passwort kommt von der Standardeingabe (`--passwort-stdin`) oder wird erzeugt und einmal ausgegeben;
es muss den Passwortregeln genügen (AUTH_PASSWORD_VALIDATORS). Mit OpenID Connect ist kein Passwort nötig
(`--ohne-passwort`)."""

from __future__ import annotations

import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.konten import zugriff
from kundenportal.konten.rollen import ROLLEN
from kundenportal.konten.services import benutzer_anlegen, benutzer_sperren


class Command(BaseCommand):
    help = "Beschäftigte anlegen (mit Rollen), sperren, auflisten"

    def add_arguments(self, parser: CommandParser) -> None:
        unter = parser.add_subparsers(dest="aktion", required=True)
        anlegen = unter.add_parser("anlegen", help="anlegen oder Rollen/Standort angleichen")
        anlegen.add_argument("benutzername")
        anlegen.add_argument("--rolle", action="append", required=True, choices=sorted(ROLLEN),
                             help="Rolle (mehrfach möglich)")
        anlegen.add_argument("--standort", default="")
        anlegen.add_argument("--vorname", default="")
        anlegen.add_argument("--nachname", default="")
        anlegen.add_argument("--passwort-stdin", action="store_true", help="Passwort aus der ersten Zeile der Eingabe")
        anlegen.add_argument("--ohne-passwort", action="store_true", help="kein Passwort (Anmeldung nur über OIDC)")
        sperren = unter.add_parser("sperren", help="deaktivieren und Sitzungen beenden")
        sperren.add_argument("benutzername")
        unter.add_parser("liste", help="alle Benutzer mit Rollen")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["aktion"] == "anlegen":
            self._anlegen(o)
        elif o["aktion"] == "sperren":
            try:
                benutzer_sperren(o["benutzername"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"Benutzer {o['benutzername']} gibt es nicht.") from None
            self.stdout.write(f"Benutzer {o['benutzername']} gesperrt (deaktiviert, Sitzungen beendet).")
        else:
            for user in get_user_model().objects.order_by("username"):
                status = "aktiv" if user.is_active else "gesperrt"
                self.stdout.write(f"{user.username}\t{status}\t{zugriff.rolle_anzeige(user)}\t"
                                  f"{zugriff.standort_fuer(user) or '-'}")

    def _anlegen(self, o: dict[str, Any]) -> None:
        name = o["benutzername"]
        erzeugt = False
        if o["ohne_passwort"]:
            passwort = ""
        elif o["passwort_stdin"]:
            passwort = sys.stdin.readline().rstrip("\n")
        else:
            passwort, erzeugt = secrets.token_urlsafe(15), True
        vorhanden = get_user_model().objects.filter(username=name).exists()
        if passwort:
            try:
                validate_password(passwort, get_user_model()(username=name, first_name=o["vorname"],
                                                             last_name=o["nachname"]))
            except ValidationError as fehler:
                raise CommandError("Passwort abgelehnt: " + " ".join(fehler.messages)) from None
        user = benutzer_anlegen(name, passwort, o["rolle"], standort=o["standort"], vorname=o["vorname"],
                                nachname=o["nachname"], passwort_setzen=bool(passwort) or not vorhanden)
        if not passwort:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        self.stdout.write(f"Benutzer {name} {'angeglichen' if vorhanden else 'angelegt'}: "
                          f"{zugriff.rolle_anzeige(user)}, Standort {o['standort'] or '-'}.")
        if erzeugt:
            self.stdout.write(f"Erstpasswort (einmalig angezeigt): {passwort}")
