"""`manage.py benutzer anlegen|aendern|passwort|sperren|entsperren|liste`: Beschäftigte mit Rollen verwalten,
für Betrieb und Skripte (die Administration kann dasselbe unter /verwaltung/).

    manage.py benutzer anlegen mmuster --rolle agent_sc3 --standort Nürnberg --vorname Max --nachname Muster
    manage.py benutzer aendern mmuster --rolle agent_sc3 --rolle teamleitung --standort Nürnberg
    manage.py benutzer passwort mmuster          # neues Passwort, einmal ausgegeben; alte Sitzungen enden
    manage.py benutzer sperren mmuster           # deaktivieren, Sitzungen beenden
    manage.py benutzer entsperren mmuster        # wieder aktiv (Passwort bleibt), Anmeldesperre aufgehoben
    manage.py benutzer liste

`anlegen` legt nur neue Benutzer an: gibt es den Namen schon, ändert der Befehl nichts (kein neues Passwort,
keine anderen Rollen) und nennt den passenden Befehl. Das Passwort kommt von der Standardeingabe
(`--passwort-stdin`) oder wird erzeugt und einmal ausgegeben; es muss den Passwortregeln genügen
(AUTH_PASSWORD_VALIDATORS). Mit OpenID Connect ist kein Passwort nötig (`--ohne-passwort`)."""

from __future__ import annotations

import getpass
import logging
import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kundenportal.konten import standorte, zugriff
from kundenportal.konten.rollen import ROLLEN, rollen_unvereinbar, standort_fehlt
from kundenportal.konten.services import (
    LetzteAdministration,
    benutzer_anlegen,
    benutzer_sperren,
    rollen_setzen,
)

# Jede Änderung per Befehl steht im Protokoll des Betriebs (JSON-Zeile, wer am Rechner, welches Konto, welche Rollen):
# Rundgang Betrieb — „benutzer aendern … --rolle administration“ hinterließ keine Spur (die Verwaltung im Browser
# schreibt Djangos Admin-Protokoll).
logger = logging.getLogger("kundenportal.verwaltung")


def _passwort_argumente(parser: CommandParser) -> None:
    parser.add_argument("--passwort-stdin", action="store_true", help="Passwort aus der ersten Zeile der Eingabe")


class Command(BaseCommand):
    help = "Beschäftigte anlegen (mit Rollen), ändern, Passwort neu setzen, sperren, entsperren, auflisten"

    def add_arguments(self, parser: CommandParser) -> None:
        unter = parser.add_subparsers(dest="aktion", required=True)
        anlegen = unter.add_parser("anlegen", help="neuen Benutzer anlegen (einen vorhandenen nicht verändern)")
        anlegen.add_argument("benutzername")
        anlegen.add_argument("--rolle", action="append", required=True, choices=sorted(ROLLEN),
                             help="Rolle (mehrfach möglich)")
        anlegen.add_argument("--standort", default="")
        anlegen.add_argument("--vorname", default="")
        anlegen.add_argument("--nachname", default="")
        _passwort_argumente(anlegen)
        anlegen.add_argument("--ohne-passwort", action="store_true", help="kein Passwort (Anmeldung nur über OIDC)")
        aendern = unter.add_parser("aendern", help="Rollen und Standort (und Namen) eines Benutzers setzen")
        aendern.add_argument("benutzername")
        aendern.add_argument("--rolle", action="append", required=True, choices=sorted(ROLLEN),
                             help="Rolle (mehrfach möglich; ersetzt die bisherigen)")
        aendern.add_argument("--standort", default=None, help="ohne Angabe bleibt der Standort")
        aendern.add_argument("--vorname", default=None)
        aendern.add_argument("--nachname", default=None)
        passwort = unter.add_parser("passwort", help="neues Passwort setzen (erzeugt oder --passwort-stdin)")
        passwort.add_argument("benutzername")
        _passwort_argumente(passwort)
        sperren = unter.add_parser("sperren", help="deaktivieren und Sitzungen beenden")
        sperren.add_argument("benutzername")
        entsperren = unter.add_parser("entsperren", help="wieder aktivieren (Passwort bleibt), Anmeldesperre aufheben")
        entsperren.add_argument("benutzername")
        unter.add_parser("liste", help="alle Benutzer mit Rollen")

    def handle(self, *args: Any, **o: Any) -> None:
        self._handeln(**o)
        if o["aktion"] != "liste":
            self._protokollieren(o["aktion"], o["benutzername"])

    @staticmethod
    def _protokollieren(aktion: str, name: str) -> None:
        user = get_user_model().objects.filter(username=name).first()
        try:
            am_rechner = getpass.getuser()
        except (KeyError, OSError):
            am_rechner = "?"
        logger.info("Benutzerverwaltung per Befehl: %s benutzer=%s rollen=%s standort=%s aktiv=%s (am Rechner: %s)",
                    aktion, user.pk if user else "-", ",".join(sorted(user.groups.values_list("name", flat=True))) if user else "-",
                    (zugriff.standort_fuer(user) or "-") if user else "-", user.is_active if user else "-", am_rechner)

    def _handeln(self, **o: Any) -> None:
        aktion = o["aktion"]
        if aktion == "anlegen":
            self._anlegen(o)
        elif aktion == "aendern":
            self._aendern(o)
        elif aktion == "passwort":
            self._passwort(o)
        elif aktion == "sperren":
            try:
                benutzer_sperren(o["benutzername"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"Benutzer {o['benutzername']} gibt es nicht.") from None
            except LetzteAdministration as fehler:
                raise CommandError(f"{o['benutzername']} nicht gesperrt. {fehler} "
                                   "(benutzer aendern NAME --rolle administration)") from None
            self.stdout.write(f"Benutzer {o['benutzername']} gesperrt (deaktiviert, Sitzungen beendet).")
        elif aktion == "entsperren":
            self._entsperren(o)
        else:
            for user in get_user_model().objects.order_by("username"):
                status = "aktiv" if user.is_active else "gesperrt"
                self.stdout.write(f"{user.username}\t{status}\t{zugriff.rolle_anzeige(user)}\t"
                                  f"{zugriff.standort_fuer(user) or '-'}")

    @staticmethod
    def _benutzer(name: str) -> Any:
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Benutzer {name} gibt es nicht (anlegen: benutzer anlegen {name} --rolle …).") from None

    @staticmethod
    def _standort_pruefen(standort: str | None) -> None:
        """Nur Agenturen aus dem Katalog (konten/standorte.py); ein Tippfehler bricht ab, statt gespeichert zu werden."""
        meldung = standorte.fehler(standort or "")
        if meldung:
            raise CommandError(meldung)

    @staticmethod
    def _standort_noetig(rollen: list[str], standort: str) -> None:
        """Rollen, die Kontakte führen oder steuern, nur mit Standort (rollen.standort_fehlt); Administration nicht
        mit Rollen, die Kundendaten lesen (rollen.rollen_unvereinbar)."""
        meldung = standort_fehlt(rollen, standort)
        if meldung:
            raise CommandError(meldung + " (--standort AGENTUR)")
        if unvereinbar := rollen_unvereinbar(rollen):
            raise CommandError(unvereinbar + " (--rolle)")

    @staticmethod
    def _neues_passwort(o: dict[str, Any], user: Any) -> tuple[str, bool]:
        """(Passwort, erzeugt?) — geprüft gegen die Passwortregeln."""
        if o["passwort_stdin"]:
            passwort, erzeugt = sys.stdin.readline().rstrip("\n"), False
        else:
            passwort, erzeugt = secrets.token_urlsafe(15), True
        try:
            validate_password(passwort, user)
        except ValidationError as fehler:
            raise CommandError("Passwort abgelehnt: " + " ".join(fehler.messages)) from None
        return passwort, erzeugt

    def _anlegen(self, o: dict[str, Any]) -> None:
        name = o["benutzername"]
        vorhanden = get_user_model().objects.filter(username=name).first()
        if vorhanden is not None:
            zustand = "aktiv" if vorhanden.is_active else "gesperrt"
            raise CommandError(
                f"Benutzer {name} gibt es schon ({zustand}, {zugriff.rolle_anzeige(vorhanden)}); nichts geändert. "
                f"Rollen/Standort: benutzer aendern {name} --rolle …; neues Passwort: benutzer passwort {name}"
                + (f"; wieder freischalten: benutzer entsperren {name}" if not vorhanden.is_active else "") + ".")
        self._standort_pruefen(o["standort"])
        self._standort_noetig(o["rolle"], o["standort"])
        erzeugt = False
        passwort = ""
        if not o["ohne_passwort"]:
            passwort, erzeugt = self._neues_passwort(
                o, get_user_model()(username=name, first_name=o["vorname"], last_name=o["nachname"]))
        with transaction.atomic():
            user = benutzer_anlegen(name, passwort, o["rolle"], standort=o["standort"], vorname=o["vorname"],
                                    nachname=o["nachname"])
            if not passwort:
                user.set_unusable_password()
                user.save(update_fields=["password"])
        self.stdout.write(f"Benutzer {name} angelegt: {zugriff.rolle_anzeige(user)}, Standort {o['standort'] or '-'}.")
        if erzeugt:
            self.stdout.write(f"Erstpasswort (einmalig angezeigt): {passwort}")

    def _aendern(self, o: dict[str, Any]) -> None:
        user = self._benutzer(o["benutzername"])
        self._standort_pruefen(o["standort"])
        standort = o["standort"] if o["standort"] is not None else (zugriff.standort_fuer(user) or "")
        self._standort_noetig(o["rolle"], standort)
        with transaction.atomic():
            felder = [feld for feld, wert in (("first_name", o["vorname"]), ("last_name", o["nachname"]))
                      if wert is not None]
            for feld in felder:
                setattr(user, feld, o["vorname"] if feld == "first_name" else o["nachname"])
            if felder:
                user.save(update_fields=felder)
            try:
                rollen_setzen(user, o["rolle"], standort=standort)
            except LetzteAdministration as fehler:     # die Transaktion rollt auch geänderte Namen zurück
                raise CommandError(f"{user.username} nicht geändert. {fehler} "
                                   "(benutzer aendern NAME --rolle administration)") from None
        user = get_user_model().objects.get(pk=user.pk)
        self.stdout.write(f"Benutzer {user.username} geändert: {zugriff.rolle_anzeige(user)}, Standort {standort or '-'}"
                          f"{'' if user.is_active else ' (gesperrt)'}. Passwort unverändert.")

    def _passwort(self, o: dict[str, Any]) -> None:
        user = self._benutzer(o["benutzername"])
        passwort, erzeugt = self._neues_passwort(o, user)
        user.set_password(passwort)
        user.save(update_fields=["password"])     # der Sitzungs-Hash ändert sich: offene Sitzungen enden
        self.stdout.write(f"Passwort von {user.username} neu gesetzt; offene Sitzungen sind beendet."
                          + ("" if user.is_active else f" Der Benutzer ist gesperrt: benutzer entsperren {user.username}."))
        if erzeugt:
            self.stdout.write(f"Neues Passwort (einmalig angezeigt): {passwort}")

    def _entsperren(self, o: dict[str, Any]) -> None:
        from axes.utils import reset

        user = self._benutzer(o["benutzername"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        from kundenportal.konten.drosselung import gesperrte_adressen

        eintraege = reset(username=user.username)       # je Konto ein Zähler
        self.stdout.write(f"Benutzer {user.username} entsperrt (aktiv; Passwort unverändert"
                          f"{'; Fehlversuche zurückgesetzt' if eintraege else ''}).")
        for adresse in gesperrte_adressen():            # die Sperre einer Adresse gilt für alle Konten von dort
            self.stdout.write(f"Weiter gesperrt: Anmeldungen von {adresse} (zu viele Fehlversuche über alle Konten); "
                              f"aufheben mit: manage.py axes_reset_ip {adresse}")
