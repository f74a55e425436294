"""`manage.py einrichten [--demo]`: Datenbank migrieren, den Katalog prüfen; mit `--demo` (nur Demo und
Schulung, `make run`) dazu Demo-Benutzer und Demokunden (idempotent). Ohne `--demo` legt der Befehl
keine Konten an — Beschäftigte kommen über `manage.py benutzer anlegen` oder OpenID Connect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.betrieb.einzellauf import einmal_im_verbund
from kundenportal.conf.umgebung import datenbank_fuer_dienst
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.redaktion.pruefung import katalog_befunde
from kundenportal.verdrahtung import katalog


class Command(BaseCommand):
    help = "Migriert die Datenbank und lädt den Katalog (--demo: Demo-Benutzer und Demokunden)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true",
                            help="Demo-Benutzer (Passwort = Benutzername) und Demokunden anlegen – nie im Betrieb")

    def handle(self, *args: Any, **optionen: Any) -> None:
        try:     # wie gunicorn und der Worker: im Betrieb ohne DATABASE_URL keine still angelegte SQLite-Datei unter var/
            datenbank_fuer_dienst(getattr(settings, "ENTWICKLUNG", False), engine=settings.DATABASES["default"]["ENGINE"])
        except ImproperlyConfigured as fehler:
            raise CommandError(str(fehler)) from None
        if optionen["demo"] and not (getattr(settings, "ENTWICKLUNG", False) or settings.DEBUG):
            # Rundgang Betrieb: mit den Einstellungen des Betriebs legte --demo 14 Anmeldungen mit Passwort gleich
            # Benutzername an, darunter demo-administration, dazu Demokunden mit eService-Konto.
            raise CommandError("--demo legt Anmeldungen mit bekanntem Passwort (gleich dem Benutzernamen, auch "
                               "Administration) und Demokunden an und läuft darum nur in Entwicklung und Schulung: "
                               "mit KUNDENPORTAL_ENTWICKLUNG=1 (wie make run). Im Betrieb: einrichten ohne --demo, "
                               "Konten mit „manage.py benutzer anlegen“.")
        # Nie zwei Knoten zugleich (sonst IntegrityError auf einer frischen Datenbank): der zweite wartet und
        # findet nichts mehr zu tun; Datenbank nicht erreichbar: die Ursache als letzte Zeile (betrieb.einzellauf).
        with einmal_im_verbund("einrichten", self.stdout):
            self._einrichten(**optionen)

    def _einrichten(self, **optionen: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        from kundenportal.redaktion.services.katalog import katalog_importieren

        try:    # content/ als veröffentlichte Fassungen in die Datenbank (idempotent; Redaktion, KUNDENPORTAL_KATALOG_QUELLE)
            katalog_importieren(settings.CONTENT_DIR, veroeffentlicht=True)
        except KatalogFehler as fehler:
            raise CommandError(f"Katalog fehlerhaft:\n{fehler}") from None

        try:
            k = katalog()
        except KatalogFehler as fehler:
            raise CommandError(f"Katalog fehlerhaft:\n{fehler}") from None
        befunde = katalog_befunde(k)      # Ablösungen aus dem Browser sind keine Überlappung (redaktion.pruefung)
        if befunde:
            raise CommandError("Katalog fehlerhaft:\n" + "\n".join(str(b) for b in befunde))
        self.stdout.write(f"Katalog geladen: {len(k.leitfaeden)} Leitfäden, {len(k.fassungen())} Fassungen.")
        if optionen["demo"]:
            self._demo()

    def _demo(self) -> None:
        """Demo-Kundschaft, je Rolle ein Demo-Benutzer und die Demokunden mit Kundenkonto (idempotent);
        druckt die Anmeldungen der Beschäftigten und der Kunden."""
        from kundenportal import zeit
        from kundenportal.emb.demo import demo_mails_anlegen
        from kundenportal.eservice.demo import DEMO_PASSWORT, demokunden_anlegen
        from kundenportal.fuehrung.demo import KALIBRIERENDE, demo_kontakte_anlegen
        from kundenportal.gespraech.demodaten import demo_kunden_anlegen
        from kundenportal.konten.demo import demo_benutzer_anlegen

        self.stdout.write(f"Demo-Kontakte der Führungsprozesse (Anlagen 5, 7; QS-Stichprobe März 2020 in Nürnberg): "
                          f"{demo_kontakte_anlegen()} neu angelegt.")
        neu = demo_kunden_anlegen(zeit.heute())
        self.stdout.write(f"Demo-Kunden: {neu} neu angelegt (Kundennummern 900D000001 ...).")
        self.stdout.write(f"Demo-Mails der E-Mail-Bearbeitung: {demo_mails_anlegen(zeit.jetzt())} neu eingelesen.")
        self.stdout.write("Demo-Anmeldungen (Benutzername / Passwort – Rolle):")
        for name, passwort, rolle in [*demo_benutzer_anlegen(), *KALIBRIERENDE]:
            self.stdout.write(f"  {name} / {passwort} – {rolle}")
        self.stdout.write("Demo-Kundenkonten für /kunde/ (Kundennummer / Passwort – Kunde):")
        for d in demokunden_anlegen(zeit.heute()):
            self.stdout.write(f"  {d.kundennummer} / {DEMO_PASSWORT} – {d.vorname} {d.nachname}, {d.wohnort_agentur}, "
                              f"Online-ASU {d.online_asu}")
