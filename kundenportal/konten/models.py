"""Arbeitsplatz (Standort eines Benutzers) und das Zugriffsprotokoll auf Kundendaten."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.module_loading import import_string

from .zwecke import ZWECKE


class Arbeitsplatz(models.Model):
    """Wo ein Benutzer arbeitet: bestimmt, welche Fassung (Standortvariante) gilt."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arbeitsplatz")
    standort = models.CharField("Standort", max_length=100, blank=True)

    class Meta:
        verbose_name = "Arbeitsplatz"
        verbose_name_plural = "Arbeitsplätze"

    def __str__(self) -> str:
        return f"{self.user} @ {self.standort or '-'}"


class Rolle(Group):
    """Eine Rolle des Kundenportals (rollen.ROLLEN) ist eine Django-Gruppe; unter diesem Namen steht sie in der
    Verwaltung (Djangos Gruppe hieße dort „Gruppen“, die Oberfläche sagt überall „Rollen“)."""

    class Meta:
        proxy = True
        verbose_name = "Rolle"
        verbose_name_plural = "Rollen"


class Zugriff(models.Model):
    """Ein Lese- oder Schreibzugriff auf Kundendaten (Sozialdatenschutz): wer, welcher Kontakt,
    welcher Kunde, was, wozu (ein fester Zweck, zwecke.py), wann. Nur Kennungen — keine Inhalte."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="zugriffe")
    kontakt = models.UUIDField("Kontakt", null=True, blank=True)
    kundennummer = models.CharField("Kundennummer", max_length=40, blank=True, db_index=True)
    aktion = models.CharField("Aktion", max_length=60)
    zweck = models.CharField("Zweck", max_length=30, choices=list(ZWECKE.items()), blank=True)
    zeit = models.DateTimeField("Zeit", db_index=True)

    class Meta:
        ordering = ["-zeit", "-id"]
        verbose_name = "Zugriff"
        verbose_name_plural = "Zugriffe"

    def __str__(self) -> str:
        return f"{self.zeit:%Y-%m-%d %H:%M} {self.user} {self.aktion} {self.kundennummer}"


class ApiSchluessel(models.Model):
    """Ein API-Token für Integratoren (Authorization: Bearer …), je Benutzer; die API handelt mit dessen
    Rollen. Gespeichert wird nur der SHA-256-Hash; der Klartext wird beim Anlegen einmal gezeigt."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_schluessel")
    name = models.CharField("Name", max_length=100)
    praefix = models.CharField("Anfang", max_length=8)
    hash = models.CharField("SHA-256", max_length=64, unique=True)
    erstellt = models.DateTimeField("Erstellt", auto_now_add=True)
    zuletzt = models.DateTimeField("Zuletzt benutzt", null=True, blank=True)
    aktiv = models.BooleanField("Aktiv", default=True)

    class Meta:
        verbose_name = "API-Schlüssel"
        verbose_name_plural = "API-Schlüssel"

    def __str__(self) -> str:
        return f"{self.name} ({self.praefix}…, {self.user})"


class Sitzung(AbstractBaseSession):
    """Eine Anmeldesitzung (konten/sitzungsspeicher.py): Djangos Sitzung mit dem Benutzer als Spalte — so
    kommt der Benutzer mit seinen Rollen in derselben Abfrage wie die Sitzung, und das Sperren eines
    Benutzers beendet seine Sitzungen gezielt statt über alle Sitzungen zu gehen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", db_constraint=False)

    class Meta:
        verbose_name = "Sitzung"
        verbose_name_plural = "Sitzungen"

    @classmethod
    def get_session_store_class(cls) -> type[Any]:
        """Der Speicher aus SESSION_ENGINE (konten/sitzungsspeicher.py) — über die Einstellung, wie Django
        selbst ihn findet, damit Modell und Speicher einander nicht importieren."""
        store: type[Any] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
        return store
