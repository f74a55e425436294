"""Eingegangene Mails, ihre Anhänge, Korrekturen der Zuordnung, Antworten und das Protokoll.

Geschrieben wird nur über `services` (house style, habit 3). Die rohen Bytes jeder Mail bleiben
immer erhalten: Zerlegung und Zuordnung lassen sich aus ihnen jederzeit wiederholen."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import models

WARTEND = ("offen", "in_bearbeitung")      # die Status der Warteschlange (Teilindizes, queries.IN_WARTESCHLANGE)
# So lange darf eine freigegebene Antwort `wartend` liegen, bevor der Feger sie selbst sendet (services.ausgang_fegen)
WARTEN_BIS_FEGEN = dt.timedelta(minutes=2)


class Mail(models.Model):
    """Eine eingegangene Mail. Zuerst wird nur ihr Rohtext gespeichert (Status `eingang`), dann zerlegt;
    scheitert die Zerlegung, liegt sie in der Quarantäne — gespeichert ist sie in jedem Fall."""

    class Status(models.TextChoices):
        EINGANG = "eingang", "wird zerlegt"
        QUARANTAENE = "quarantaene", "Quarantäne"
        OFFEN = "offen", "offen"
        IN_BEARBEITUNG = "in_bearbeitung", "in Bearbeitung"
        ERLEDIGT = "erledigt", "erledigt"
        # Aus der Quarantäne verworfen (services.quarantaene_verwerfen): in keiner Liste und keiner Zählung mehr; der
        # Rohtext bleibt, bis die Löschfrist ihn entfernt (ab `verworfen_am`).
        VERWORFEN = "verworfen", "verworfen"

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
    # Ohne Arbeitshilfe erledigt (keine gestartet, oder die gestartete war abgebrochen): der Kontakt, der die Mail in
    # der Kontakthistorie des Kunden vermerkt (services.historie) — Kanal emb, Ergebnis in Worten, der Vermerk, ohne
    # Lauf. Höchstens einer je Mail. Ohne Kundennummer gibt es keine Historie und keinen solchen Kontakt. Die Mail
    # geht mit ihm, wenn die Löschfrist der Kontakte ihn entfernt (betrieb/loeschfristen: „samt ihrer Mail“).
    kontakt_ohne_arbeitshilfe = models.OneToOneField("gespraech.Kontakt", on_delete=models.CASCADE, null=True,
                                                     blank=True, related_name="mail_ohne_arbeitshilfe")
    erledigt_am = models.DateTimeField(null=True, blank=True)
    verworfen_am = models.DateTimeField(null=True, blank=True)     # aus der Quarantäne verworfen (Grund: Protokoll)
    # Der Vermerk, den die Beschäftigten gerade schreiben (services.vermerk_merken): er übersteht Vorschau, Senden,
    # „Weiter bearbeiten“ und jeden Schritt der Arbeitshilfe. `vermerk_grundlage` ist der Vorschlag der
    # Arbeitshilfe, den die Seite beim Tippen zeigte ("" = noch keiner: getippt, bevor sie zu Ende war).
    vermerk_entwurf = models.TextField(blank=True, default="")
    vermerk_grundlage = models.TextField(blank=True, default="")
    # Der Vermerk beim Erledigen, wenn kein Kontakt ihn trägt: ohne Kundennummer (es gibt keine Kontakthistorie)
    vermerk = models.TextField(blank=True, default="")

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
    def stand_satz(self) -> str:
        """Der Stand als ganzer Satz, für Meldungen („Die Mail wird gerade zerlegt.“) — die Beschriftungen der
        Status sind Etiketten und passen nicht in jeden Satz."""
        match self.status:
            case Mail.Status.EINGANG:
                return "Die Mail wird gerade zerlegt."
            case Mail.Status.QUARANTAENE:
                return "Die Mail liegt in der Quarantäne."
            case Mail.Status.OFFEN:
                return "Die Mail ist offen in der Warteschlange."
            case Mail.Status.IN_BEARBEITUNG:
                return "Die Mail ist in Bearbeitung."
            case Mail.Status.ERLEDIGT:
                return "Die Mail ist erledigt."
            case Mail.Status.VERWORFEN:
                return "Die Mail ist aus der Quarantäne verworfen."
        return f"Die Mail hat den unbekannten Stand „{self.status}“."

    @property
    def in_warteschlange(self) -> bool:
        return self.status in (Mail.Status.OFFEN, Mail.Status.IN_BEARBEITUNG, Mail.Status.ERLEDIGT)

    @property
    def warnung(self) -> bool:
        return bool(self.warnungen)

    @property
    def weitergeleitet_an(self) -> str:
        """Der Postkorb, an den die Mail weitergeleitet ist (Weiterleitung), "" = nicht weitergeleitet. Die
        Warteschlange liest ihn mit der Seite (queries.warteschlange: select_related), sonst eine Abfrage."""
        try:
            return self.weiterleitung.an
        except Weiterleitung.DoesNotExist:
            return ""

    @property
    def aktuelle_klasse(self) -> str:
        return self.klasse or self.vorschlag

    @property
    def ergebnis(self) -> str:
        """Das Ergebnis der Arbeitshilfe (aus dem Kontakt); "" ohne Arbeitshilfe."""
        return self.kontakt.ergebnis if self.kontakt is not None else ""


class Weiterleitung(models.Model):
    """Die Mail ist an die zuständige Stelle weitergeleitet (services.weiterleitung): als Aufgabe in deren Postkorb
    (`an`, weiterleitung.ZIELE; `aufgabe`: ihre Nummer dort). Wer, wann, mit welchem Hinweis — höchstens einmal je
    Mail (die Datenbank hält das fest: eine Zeile je Mail). Das Protokoll der Mail hat denselben Eintrag."""

    mail = models.OneToOneField(Mail, on_delete=models.CASCADE, related_name="weiterleitung")
    an = models.CharField(max_length=40)
    hinweis = models.TextField()
    durch = models.CharField(max_length=150)
    zeit = models.DateTimeField()
    aufgabe = models.PositiveIntegerField(null=True, blank=True)


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

    def versuch(self, jetzt: dt.datetime) -> Literal["", "geplant", "faellig", "liegt"]:
        """Was die Seiten zu `naechster_versuch` sagen: `geplant` (ein Versuch nach einem Fehlschlag, noch in der
        Zukunft), `faellig` (dieser Zeitpunkt ist vorbei, der Versuch steht noch aus), `liegt` (freigegeben und
        länger als der Feger wartet noch nicht gesendet: Broker oder Worker fehlen) — sonst "". Eine vergangene
        Zeit heißt nie „nächster Versuch“. Bei `wartend` ist `naechster_versuch` der Zeitpunkt der Freigabe."""
        if self.naechster_versuch is None:
            return ""
        if self.status == Antwort.Status.FEHLGESCHLAGEN:
            return "geplant" if self.naechster_versuch > jetzt else "faellig"
        if self.status == Antwort.Status.WARTEND and self.naechster_versuch <= jetzt - WARTEN_BIS_FEGEN:
            return "liegt"
        return ""

    @property
    def stand_satz(self) -> str:
        """Der Stand als ganzer Satz, für Meldungen („Diese Antwort wird bereits gesendet.“). Die Beschriftungen
        der Status sind Etiketten („wird gesendet“) und passen in keinen Satz wie „Antwort ist bereits …“."""
        match self.status:
            case Antwort.Status.ENTWURF:
                return "Diese Antwort ist noch ein Entwurf."
            case Antwort.Status.WARTEND:
                return "Diese Antwort wird bereits gesendet."
            case Antwort.Status.GESENDET:
                return "Diese Antwort ist bereits gesendet."
            case Antwort.Status.FEHLGESCHLAGEN if self.naechster_versuch is None:
                return "Das Senden dieser Antwort ist fehlgeschlagen; ein neuer Versuch ist nicht geplant."
            case Antwort.Status.FEHLGESCHLAGEN:
                return "Das Senden dieser Antwort ist fehlgeschlagen; ein neuer Versuch ist geplant."
            case Antwort.Status.UNZUSTELLBAR:
                return "Diese Antwort kam als unzustellbar zurück (Bounce)."
        return f"Diese Antwort hat den unbekannten Stand „{self.status}“."


class Protokoll(models.Model):
    """Wer hat wann was mit einer Mail getan (Sozialdatenschutz)."""

    mail = models.ForeignKey(Mail, on_delete=models.CASCADE, related_name="protokoll")
    zeit = models.DateTimeField()
    benutzer = models.CharField(max_length=150)
    art = models.CharField(max_length=40)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["zeit", "id"]
