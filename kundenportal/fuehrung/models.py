"""Anlage 7 (Protokoll des Umsetzungsdialogs): die vereinbarten Maßnahmen je Regel der Weisung und
Standort (domain.md A12). Die Kennzahlen selbst rechnet die Datenbank aus den Kontakten (kennzahlen.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Massnahme(models.Model):
    weisung = models.CharField("Weisung", max_length=20)
    regel = models.CharField("Regel", max_length=20)
    standort = models.CharField("Standort", max_length=100)
    text = models.CharField("Vereinbarte Maßnahme", max_length=500)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="massnahmen")
    erstellt = models.DateTimeField("Erstellt")

    class Meta:
        ordering = ["weisung", "regel", "erstellt"]
        verbose_name = "Maßnahme"
        verbose_name_plural = "Maßnahmen"

    def __str__(self) -> str:
        return f"{self.weisung} {self.regel} {self.standort}"
