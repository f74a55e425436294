"""Das Kundenkonto für die Anmeldung im eService (Demo: Kundennummer und Passwort).

Getrennt von den Konten der Beschäftigten (django.contrib.auth): ein Kunde hat keinen Zugang zum
Arbeitsplatz. Das Passwort liegt nur als argon2-Hash vor (settings.PASSWORD_HASHERS). Anmeldeversuche
stehen in der Datenbank (Sperre nach zu vielen Fehlversuchen, services.kunde_anmelden) — ohne Cache."""

from __future__ import annotations

from django.db import models


class KundenKonto(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    passwort = models.CharField(max_length=200)
    angelegt = models.DateTimeField(auto_now_add=True)
    letzte_anmeldung = models.DateTimeField(null=True, blank=True)
    # Wann der Kunde seine Angaben im eService „Beratungsgespräch vorbereiten“ zuletzt übermittelt hat (fachliche
    # Zeit, zeit.jetzt): die Kundenseite zeigt es ihm („zuletzt übermittelt am …“). Geschrieben nur von
    # services.beratungsgespraech_uebermitteln, wenn die Angaben im Profil angekommen sind; die Angaben selbst
    # stehen in VerBIS, hier nur der Zeitpunkt.
    beratungsgespraech_uebermittelt = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.kundennummer


class AnmeldeVersuch(models.Model):
    """Ein Anmeldeversuch für eine Kundennummer (auch eine unbekannte: sonst verriete die Sperre, welche
    Nummern es gibt). Geschrieben nur von services.kunde_anmelden, das auch Versuche nach 24 Stunden löscht."""

    kundennummer = models.CharField(max_length=20)
    zeitpunkt = models.DateTimeField()
    erfolgreich = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["kundennummer", "zeitpunkt"], name="anmeldeversuch_nummer_zeit"),
                   models.Index(fields=["zeitpunkt"], name="anmeldeversuch_zeit")]   # Löschen nach 24 h

    def __str__(self) -> str:
        return f"{self.kundennummer} {self.zeitpunkt:%Y-%m-%d %H:%M:%S} {'ok' if self.erfolgreich else 'falsch'}"
