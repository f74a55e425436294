"""Stichproben der Qualitätssicherung, ihre Bewertungen auf dem Bogen der passenden Anlage, die
Kalibrierung (mehrere Teamleitungen bewerten denselben Kontakt) und die Freigabe an die Beschäftigten
(Weisung 202003006, Abschnitt 4; domain.md A12).

Gespeichert werden nur Kennungen und Urteile — keine Kundendaten; den Kontakt zeigt die Seite
pseudonymisiert aus dem Lauf (pfad.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from kundenportal.gespraech.models import Kontakt

from .kriterien import KOMMENTAR_LAENGE


def anlage_text(schluessel: str) -> str:
    """Ein gespeicherter Schlüssel einer Anlage ("2.2.6@2020-03-20") für Menschen: „Anlage 2.2.6, Fassung
    vom 20.03.2020“ (leer bleibt leer; ohne lesbares Datum nur die Nummer)."""
    nummer, _, stand = schluessel.partition("@")
    if not nummer:
        return ""
    try:
        return f"Anlage {nummer}, Fassung vom {dt.date.fromisoformat(stand):%d.%m.%Y}"
    except ValueError:
        return f"Anlage {nummer}"


class Stichprobe(models.Model):
    """Eine Auswahl abgeschlossener Kontakte eines Standorts: frei (Zeitraum) oder nach dem Plan 2.2.6
    für einen Monat (`plan`, `monat`), wahlweise nur eines Kanals, Leitfadens oder einer Fassung."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qs_stichproben")
    standort = models.CharField("Standort", max_length=100)
    leitfaden = models.CharField("Leitfaden", max_length=60, blank=True)   # leer: alle Leitfäden
    stand = models.DateField("Fassung (Stand)", null=True, blank=True)
    kanal = models.CharField("Kanal", max_length=20, blank=True)
    plan = models.CharField("Stichprobenplan", max_length=30, blank=True)   # "2.2.6@2020-03-20"
    monat = models.DateField("Monat", null=True, blank=True)
    von = models.DateField("Von")
    bis = models.DateField("Bis")
    gezogen = models.DateTimeField("Gezogen")

    class Meta:
        ordering = ["-gezogen", "-id"]
        verbose_name = "Stichprobe"
        verbose_name_plural = "Stichproben"

    def __str__(self) -> str:
        return f"Stichprobe {self.pk} {self.standort} {self.von}–{self.bis}"

    @property
    def plan_text(self) -> str:
        return anlage_text(self.plan)


class Bewertung(models.Model):
    """Die Bewertung eines gezogenen Kontakts auf dem Bogen `formular` ("2.2.1@2020-03-20"): `urteile`
    {kriterium: urteil}; `vorschlag` hält die Vorbewertung aus dem Weg fest {kriterium: {urteil, grund}} — Urteil ""
    (kriterien.OFFEN): der Weg entscheidet das Kriterium nicht, der Grund sagt warum (qs/vorschlag.py)."""

    stichprobe = models.ForeignKey(Stichprobe, on_delete=models.CASCADE, related_name="bewertungen")
    kontakt = models.ForeignKey(Kontakt, on_delete=models.PROTECT, related_name="qs_bewertungen")
    nummer = models.PositiveSmallIntegerField("Nummer in der Stichprobe")
    formular = models.CharField("Bewertungsbogen", max_length=40, blank=True)
    vorschlag = models.JSONField("Vorbewertung", default=dict)
    urteile = models.JSONField("Urteile", default=dict)
    kommentar = models.CharField("Kommentar", max_length=KOMMENTAR_LAENGE, blank=True)
    pruefer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="qs_bewertungen")
    bewertet = models.DateTimeField("Bewertet", null=True, blank=True)
    freigegeben = models.DateTimeField("Freigegeben an die Beschäftigten", null=True, blank=True)

    class Meta:
        ordering = ["stichprobe", "nummer"]
        verbose_name = "Bewertung"
        verbose_name_plural = "Bewertungen"
        constraints = [models.UniqueConstraint(fields=["kontakt"], name="qs_kontakt_einmal_gezogen")]

    def __str__(self) -> str:
        return f"Bewertung {self.stichprobe_id}/{self.nummer}"

    @property
    def formular_text(self) -> str:
        return anlage_text(self.formular)


class Kalibrierung(models.Model):
    """Eine weitere Teamleitung bewertet denselben Kontakt blind (Anlage 2.2.6, Kalibrierung): je Teamleitung
    eine Zeile, die unverändert bleibt; die Streuung je Kriterium zeigt queries.kalibrierung (kalibrierung.py)."""

    bewertung = models.ForeignKey(Bewertung, on_delete=models.CASCADE, related_name="kalibrierungen")
    pruefer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qs_kalibrierungen")
    urteile = models.JSONField("Urteile", default=dict)
    bewertet = models.DateTimeField("Bewertet")

    class Meta:
        ordering = ["bewertung", "bewertet"]
        verbose_name = "Kalibrierung"
        verbose_name_plural = "Kalibrierungen"
        constraints = [models.UniqueConstraint(fields=["bewertung", "pruefer"], name="qs_kalibrierung_je_pruefer")]

    def __str__(self) -> str:
        return f"Kalibrierung {self.bewertung_id} {self.pruefer_id}"
