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
    # Die letzte Änderung des Texts (services.massnahme_aendern): wer und wann. `user` und `erstellt` bleiben die
    # der Teamleitung, die die Maßnahme festgehalten hat.
    geaendert = models.DateTimeField("Zuletzt geändert", null=True, blank=True)
    geaendert_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="Zuletzt geändert von")

    class Meta:
        ordering = ["weisung", "regel", "erstellt"]
        verbose_name = "Maßnahme"
        verbose_name_plural = "Maßnahmen"

    def __str__(self) -> str:
        return f"{self.weisung} {self.regel} {self.standort}"


class _Merkmale(models.Model):
    """Die Merkmale einer Tageszahl (Tag, Standort, Kanal, Fassung, Ergebnis, Abgabe) und die Summe der Dauer.
    `abgabe`: Kennung des Backoffice, an das der Kontakt abgegeben hat (abgaben.py), sonst leer."""

    tag = models.DateField("Tag")
    standort = models.CharField("Standort", max_length=100)
    kanal = models.CharField("Kanal", max_length=20)
    leitfaden = models.CharField("Leitfaden", max_length=60)
    stand = models.DateField("Stand")
    weisung = models.CharField("Weisung", max_length=20)
    ergebnis = models.CharField("Ergebnis", max_length=80)
    abgabe = models.CharField("Abgabe an", max_length=60, default="", blank=True)
    dauer_sekunden = models.BigIntegerField("Bearbeitungszeit (Sekunden, Summe)")

    class Meta:
        abstract = True


class Tageszahl(_Merkmale):
    """Verdichtung der abgeschlossenen Kontakte je Tag, Standort, Kanal, Leitfaden-Fassung und Ergebnis
    (verdichtung.py): die Anlagen 5 und 7 lesen diese Zeilen statt jedes Kontakts."""

    anzahl = models.PositiveIntegerField("Kontakte")

    class Meta:
        verbose_name = "Tageszahl"
        verbose_name_plural = "Tageszahlen"
        indexes = [models.Index(fields=["tag", "standort"], name="fuehrung_tageszahl_tag")]

    def __str__(self) -> str:
        return f"{self.tag} {self.standort} {self.leitfaden} {self.ergebnis}: {self.anzahl}"


class Verdichtungsstand(models.Model):
    """Bis zu welcher Änderung (Kontakt.geaendert) die Tageszahlen verdichtet sind (eine Zeile)."""

    bis = models.DateTimeField("Verdichtet bis", null=True)

    class Meta:
        verbose_name = "Verdichtungsstand"
        verbose_name_plural = "Verdichtungsstände"

    def __str__(self) -> str:
        return f"verdichtet bis {self.bis}"


class GeloeschteKontakte(_Merkmale):
    """Der Gelöscht-Zähler: was die Löschfristen an abgeschlossenen Kontakten entfernt haben, je Tag und
    Merkmalen der Tageszahl. Zählt die Verdichtung einen Tag neu, addiert sie diese Zeilen zu den noch
    vorhandenen Kontakten — so bleiben die Tageszahlen nach dem Löschen gleich (nie doppelt, nie weniger)."""

    anzahl = models.PositiveIntegerField("Gelöschte Kontakte")

    class Meta:
        verbose_name = "Gelöschte Kontakte (Zähler)"
        verbose_name_plural = "Gelöschte Kontakte (Zähler)"
        constraints = [models.UniqueConstraint(fields=["tag", "standort", "kanal", "leitfaden", "stand", "weisung",
                                                       "ergebnis", "abgabe"], name="fuehrung_geloescht_merkmale")]

    def __str__(self) -> str:
        return f"{self.tag} {self.standort} {self.leitfaden} {self.ergebnis}: {self.anzahl} gelöscht"
