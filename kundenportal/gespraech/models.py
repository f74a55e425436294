"""Ein Kontakt: ein Gespräch nach einer gepinnten Leitfaden-Fassung, mit seinem Lauf als JSON."""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.db import models

from kundenportal import zeit


class Kontakt(models.Model):
    OFFEN = "offen"
    ABGESCHLOSSEN = "abgeschlossen"
    STATUS = [(OFFEN, "offen"), (ABGESCHLOSSEN, "abgeschlossen")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kontakte")
    kanal = models.CharField("Kanal", max_length=20)
    standort = models.CharField("Standort", max_length=100, blank=True)
    kundennummer = models.CharField("Kundennummer", max_length=40, blank=True, db_index=True)
    leitfaden = models.CharField("Leitfaden (Variante)", max_length=60)
    stand = models.DateField("Stand")
    weisung = models.CharField("Weisung", max_length=20)
    lauf = models.JSONField("Lauf", default=dict)
    status = models.CharField("Status", max_length=20, choices=STATUS, default=OFFEN)
    ergebnis = models.CharField("Ergebnis", max_length=80, blank=True)
    vermerk = models.TextField("Vermerk", blank=True)
    # Die fachliche Uhr wie `abgeschlossen` (zeit.jetzt: mit KUNDENPORTAL_STICHTAG dessen Tag), sonst ergäben
    # Bearbeitungszeiten und Tageszahlen einer Schulung Unsinn (Beginn 2026, Abschluss am Stichtag 2020).
    begonnen = models.DateTimeField("Begonnen", default=zeit.jetzt)
    # Geändert außerhalb des Gesprächsverlaufs (Beginn, Abschluss, Korrekturen): die Verdichtung der Führung
    # liest es über einen Index. Jeder Schritt setzt dagegen nur `bearbeitet`, das in keinem Index steht — so
    # bleibt das UPDATE eines Schritts auf PostgreSQL ein HOT-Update ohne neue Indexeinträge
    # (tests/gespraech/test_schritt_sql.py prüft, dass kein Index eine Spalte des Schritts enthält).
    geaendert = models.DateTimeField("Geändert", auto_now=True)
    bearbeitet = models.DateTimeField("Zuletzt bearbeitet", null=True, blank=True)
    abgeschlossen = models.DateTimeField("Abgeschlossen", null=True, blank=True)

    class Meta:
        ordering = ["-begonnen"]
        # Die letzten Kontakte einer Kundin neben dem Gespräch (services.letzte_kontakte): gleich, wie viele
        # sie hat, liest die Datenbank nur die gezeigten — nach Kunde und Status, neueste zuerst.
        indexes = [models.Index(fields=["kundennummer", "status", "-begonnen"], name="kontakt_kunde_status_neu")]
        verbose_name = "Kontakt"
        verbose_name_plural = "Kontakte"

    def __str__(self) -> str:
        return f"{self.leitfaden} {self.kundennummer or '-'} ({self.status})"

    @functools.cached_property
    def wege(self) -> dict[str, str]:
        """Die Adressen dieses Kontakts für die Vorlagen (`k.wege.antwort` statt `{% url 'gespraech:antwort' k.pk %}`)."""
        from .wege import wege

        return wege(self.pk)
