"""Eingegangene Mails, ihre Anhänge, Korrekturen der Zuordnung, Antworten und das Protokoll.

Geschrieben wird nur über `services` (house style, habit 3). Die rohen Bytes jeder Mail bleiben
immer erhalten: Zerlegung und Zuordnung lassen sich aus ihnen jederzeit wiederholen."""

from __future__ import annotations

from typing import Any

from django.db import models

WARTEND = ("offen", "in_bearbeitung")      # die Status der Warteschlange (Teilindizes, queries.IN_WARTESCHLANGE)


class Mail(models.Model):
    """Eine eingegangene Mail. Zuerst wird nur ihr Rohtext gespeichert (Status `eingang`), dann zerlegt;
    scheitert die Zerlegung, liegt sie in der Quarantäne — gespeichert ist sie in jedem Fall."""

    class Status(models.TextChoices):
        EINGANG = "eingang", "wird zerlegt"
        QUARANTAENE = "quarantaene", "Quarantäne"
        OFFEN = "offen", "offen"
        IN_BEARBEITUNG = "in_bearbeitung", "in Bearbeitung"
        ERLEDIGT = "erledigt", "erledigt"

    # Identität: der Hash des normalisierten Inhalts (identitaet.inhalt_hash) — dieselbe Mail über IMAP,
    # Maildir oder Datei ist eine Zeile; die Message-ID allein genügt nicht (fehlt, wird wiederverwendet).
    inhalt_hash = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=998, db_index=True)
    message_id_mehrfach = models.BooleanField(default=False)    # eine andere Mail trägt dieselbe Message-ID
    verweise = models.TextField(blank=True)                     # References + eigene Message-ID: die Kette
    zerlegungsversuche = models.PositiveSmallIntegerField(default=0)
    quarantaene_grund = models.TextField(blank=True)
    roh = models.BinaryField()
    quelle = models.CharField(max_length=200)
    eingegangen = models.DateTimeField(db_index=True)
    datum = models.DateTimeField(null=True, blank=True)          # Date-Kopf des Absenders
    absender = models.CharField(max_length=320, blank=True)
    absender_name = models.CharField(max_length=300, blank=True)
    betreff = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    warnungen = models.JSONField(default=list)
    kundennummer = models.CharField(max_length=20, blank=True, db_index=True)
    kundennummer_quelle = models.CharField(max_length=20, blank=True)   # mail | absender | beschaeftigte
    vorschlag = models.CharField(max_length=20, blank=True)
    vorschlag_gruende = models.JSONField(default=list)
    klasse = models.CharField(max_length=20, blank=True)          # bestätigt oder korrigiert
    anliegen = models.CharField(max_length=20, blank=True)        # klasse oder vorschlag: Filter der Warteschlange
    bestaetigt_von = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFEN, db_index=True)
    bearbeiter = models.CharField(max_length=150, blank=True, db_index=True)
    beansprucht_am = models.DateTimeField(null=True, blank=True)
    leitfaden = models.CharField(max_length=60, blank=True)
    # Die Arbeitshilfe läuft als Kontakt wie am Telefon (gespraech): ein Lauf, ein Kontaktvermerk,
    # sichtbar in der Kontakthistorie des Kunden. Ändert sich das Anliegen, folgt ein neuer Kontakt.
    kontakt = models.OneToOneField("gespraech.Kontakt", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="mail")
    erledigt_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["eingegangen", "id"]
        indexes = [models.Index(fields=["status", "eingegangen", "id"], name="mail_warteschlange"),
                   # mit `status` und `kontakt`: SQLite nimmt die Teilindizes bei gebundenen Parametern nicht
                   # (`status IN (?, ?)` beweist die Bedingung nicht) und liest den Filter nach Anliegen hieraus
                   models.Index(fields=["anliegen", "eingegangen", "id", "status", "kontakt"],
                                name="mail_warteschlange_anl_rk"),
                   models.Index(fields=["bearbeiter", "status"], name="mail_meine"),
                   # Teilindizes nur über die Mails der Warteschlange (offen, in Bearbeitung): Seite, Zählung und
                   # Filter nach Anliegen lesen nur den Index (index-only), nie die ganze Tabelle; `status` und
                   # `kontakt` (Rechtskreis, emb/zugriff.py) stehen mit darin, weil SQLite einen Index nur dann
                   # allein liest, wenn er jede Spalte der Abfrage hat (PostgreSQL: sonst Heap-Zugriff je Zeile)
                   models.Index(fields=["eingegangen", "id", "status", "kontakt"], name="mail_wartend_rk",
                                condition=models.Q(status__in=WARTEND)),
                   models.Index(fields=["anliegen", "eingegangen", "id", "status", "kontakt"],
                                name="mail_wartend_anliegen_rk", condition=models.Q(status__in=WARTEND))]

    def __str__(self) -> str:
        return f"{self.message_id} {self.betreff[:40]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """`anliegen` folgt `klasse` und `vorschlag` (abgeleitet, damit der Filter einen Index nutzt)."""
        self.anliegen = self.klasse or self.vorschlag
        felder = kwargs.get("update_fields")
        if felder is not None and {"klasse", "vorschlag"} & set(felder):
            kwargs["update_fields"] = [*felder, "anliegen"]
        super().save(*args, **kwargs)

    @property
    def in_warteschlange(self) -> bool:
        return self.status in (Mail.Status.OFFEN, Mail.Status.IN_BEARBEITUNG, Mail.Status.ERLEDIGT)

    @property
    def warnung(self) -> bool:
        return bool(self.warnungen)

    @property
    def aktuelle_klasse(self) -> str:
        return self.klasse or self.vorschlag

    @property
    def ergebnis(self) -> str:
        """Das Ergebnis der Arbeitshilfe (aus dem Kontakt); "" ohne Arbeitshilfe."""
        return self.kontakt.ergebnis if self.kontakt is not None else ""


class Anhang(models.Model):
    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="anhaenge")
    nummer = models.PositiveIntegerField()
    dateiname = models.CharField(max_length=300)
    content_type = models.CharField(max_length=150)
    daten = models.BinaryField()
    groesse = models.PositiveIntegerField()

    class Meta:
        ordering = ["nummer"]
        constraints = [models.UniqueConstraint(fields=["mail", "nummer"], name="anhang_einmal_je_mail")]


class Korrektur(models.Model):
    """Die Beschäftigten haben den Vorschlag korrigiert: Grundlage, um die Regeln zu verbessern."""

    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="korrekturen")
    vorschlag = models.CharField(max_length=20)
    klasse = models.CharField(max_length=20)
    durch = models.CharField(max_length=150)
    zeit = models.DateTimeField()


class Antwort(models.Model):
    class Status(models.TextChoices):
        ENTWURF = "entwurf", "Entwurf"
        WARTEND = "wartend", "wird gesendet"
        GESENDET = "gesendet", "gesendet"
        FEHLGESCHLAGEN = "fehlgeschlagen", "fehlgeschlagen, neuer Versuch geplant"
        UNZUSTELLBAR = "unzustellbar", "unzustellbar (Bounce)"

    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="antworten")
    an = models.CharField(max_length=320)
    betreff = models.CharField(max_length=1000)
    text = models.TextField()
    vorlage = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENTWURF, db_index=True)
    message_id = models.CharField(max_length=998, unique=True)
    versuche = models.PositiveIntegerField(default=0)
    letzter_fehler = models.TextField(blank=True)
    naechster_versuch = models.DateTimeField(null=True, blank=True)
    gesendet_am = models.DateTimeField(null=True, blank=True)
    erstellt_von = models.CharField(max_length=150)
    erstellt = models.DateTimeField()

    @property
    def status_text(self) -> str:
        """Der Stand für die Seiten: ein Fehlschlag ohne geplanten Versuch (kein Empfänger) sagt das."""
        if self.status == Antwort.Status.FEHLGESCHLAGEN and self.naechster_versuch is None:
            return "fehlgeschlagen, kein neuer Versuch"
        return str(self.get_status_display())


class Protokoll(models.Model):
    """Wer hat wann was mit einer Mail getan (Sozialdatenschutz)."""

    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="protokoll")
    zeit = models.DateTimeField()
    benutzer = models.CharField(max_length=150)
    art = models.CharField(max_length=40)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["zeit", "id"]
