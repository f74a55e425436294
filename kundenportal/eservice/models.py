"""Das Kundenkonto für die Anmeldung im eService (Demo: Kundennummer und Passwort).

Getrennt von den Konten der Beschäftigten (django.contrib.auth): ein Kunde hat keinen Zugang zum
Arbeitsplatz. Das Passwort liegt nur als argon2-Hash vor (settings.PASSWORD_HASHERS)."""

from __future__ import annotations

from django.db import models


class KundenKonto(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    passwort = models.CharField(max_length=200)
    angelegt = models.DateTimeField(auto_now_add=True)
    letzte_anmeldung = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.kundennummer
