"""Stichproben der Qualitätssicherung und ihre Bewertungen (ein Kontakt je Bewertung).

Gespeichert werden nur Kennungen und Urteile — keine Kundendaten; den Kontakt zeigt die Seite
pseudonymisiert aus dem Lauf (pfad.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kundenportal.gespraech.models import Kontakt

from .kriterien import KOMMENTAR_LAENGE, URTEILE

URTEIL_WAHL = list(URTEILE.items())


class Stichprobe(models.Model):
    """Eine Zufallsauswahl abgeschlossener Kontakte eines Standorts aus den letzten `tage` Tagen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qs_stichproben")
    standort = models.CharField("Standort", max_length=100)
    leitfaden = models.CharField("Leitfaden", max_length=60, blank=True)   # leer: alle Leitfäden
    von = models.DateField("Von")
    bis = models.DateField("Bis")
    gezogen = models.DateTimeField("Gezogen")

    class Meta:
        ordering = ["-gezogen", "-id"]
        verbose_name = "Stichprobe"
        verbose_name_plural = "Stichproben"

    def __str__(self) -> str:
        return f"Stichprobe {self.pk} {self.standort} {self.von}–{self.bis}"


class Bewertung(models.Model):
    """Die Bewertung eines gezogenen Kontakts je Kriterium (leer: noch nicht bewertet). `vorschlag`
    hält die automatische Vorbewertung aus dem Weg fest: {kriterium: {"urteil": …, "grund": …}}."""

    stichprobe = models.ForeignKey(Stichprobe, on_delete=models.CASCADE, related_name="bewertungen")
    kontakt = models.ForeignKey(Kontakt, on_delete=models.PROTECT, related_name="qs_bewertungen")
    nummer = models.PositiveSmallIntegerField("Nummer in der Stichprobe")
    vorschlag = models.JSONField("Vorbewertung", default=dict)
    identitaet = models.CharField("Identität vor Auskunft geprüft", max_length=20, choices=URTEIL_WAHL, blank=True)
    regel = models.CharField("Weisungsregel korrekt angewandt", max_length=20, choices=URTEIL_WAHL, blank=True)
    vermerk = models.CharField("Vermerk vollständig und sachlich", max_length=20, choices=URTEIL_WAHL, blank=True)
    ergebnis = models.CharField("Ergebnis passend", max_length=20, choices=URTEIL_WAHL, blank=True)
    kommentar = models.CharField("Kommentar", max_length=KOMMENTAR_LAENGE, blank=True)
    pruefer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="qs_bewertungen")
    bewertet = models.DateTimeField("Bewertet", null=True, blank=True)

    class Meta:
        ordering = ["stichprobe", "nummer"]
        verbose_name = "Bewertung"
        verbose_name_plural = "Bewertungen"
        constraints = [models.UniqueConstraint(fields=["kontakt"], name="qs_kontakt_einmal_gezogen")]

    def __str__(self) -> str:
        return f"Bewertung {self.stichprobe_id}/{self.nummer}"
