"""Der Katalog in der Datenbank und der Redaktionsablauf: Katalogdateien (veröffentlichte Fassungen,
gesiegelt mit Inhalts-Hash), Entwürfe, Freigabepakete je Weisung, Szenarien der Redaktion,
Änderungshinweise mit Lesebestätigung und das Protokoll jedes Schritts.

Veröffentlicht ist unveränderlich (house style, habit 6): eine Fassung wird nie geändert, nur durch
eine neuere abgelöst; ein geplantes Paket kann vor seinem Datum zurückgerufen werden."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from kundenportal import zeit


def ohne_gueltig_bis(text: str) -> str:
    """Der Text ohne die Zeile `gueltig_bis:` — so vergleicht das Siegel (leitfaden.pruefen)."""
    return "".join(z for z in text.splitlines(keepends=True) if not z.startswith("gueltig_bis:"))


class Generation(models.Model):
    """Zählt jede Änderung des veröffentlichten Katalogs; jeder Prozess vergleicht sie je Anfrage."""

    nummer = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "Katalog-Generation"


class Katalogdatei(models.Model):
    """Eine Datei des Katalogs, wie sie unter content/ läge (`pfad` relativ dazu)."""

    KOPF, FASSUNG, WEISUNG, VOKABULAR = "kopf", "fassung", "weisung", "vokabular"
    # Eine Fassung eines anderen Arbeitsmittels (content/arbeitsmittel/<art>/<nummer>/<stand>.yaml): gesiegelt wie eine
    # Fassung; `gueltig_bis` leitet der Katalog aus der Nachfolgerin ab (redaktion/arbeitsmittel.py), nicht das Siegel.
    ARBEITSMITTEL = "arbeitsmittel"
    ARTEN = [(KOPF, "Leitfadenkopf"), (FASSUNG, "Fassung"), (WEISUNG, "Weisung"),
             (VOKABULAR, "Ergänzung des Vokabulars"), (ARBEITSMITTEL, "Fassung eines Arbeitsmittels")]
    VEROEFFENTLICHT, ZURUECKGERUFEN = "veroeffentlicht", "zurueckgerufen"
    STATUS = [(VEROEFFENTLICHT, "veröffentlicht"), (ZURUECKGERUFEN, "zurückgerufen")]

    art = models.CharField("Art", max_length=20, choices=ARTEN)
    pfad = models.CharField("Pfad", max_length=300)
    text = models.TextField("Inhalt (YAML)")
    inhalt_hash = models.CharField("Inhalts-Hash (SHA-256)", max_length=64)
    # Das gelesene Modell (JSON) und die Zeilen je Schritt, beim Schreiben vom Kern-Lader aus `text`
    # abgeleitet: der Katalog lädt daraus ohne YAML neu zu lesen (katalogquelle).
    gelesen = models.TextField("Gelesen (JSON, aus dem Text abgeleitet)", blank=True)
    leitfaden_id = models.CharField("Leitfaden", max_length=60, blank=True, db_index=True)
    stand = models.DateField("Stand", null=True, blank=True)
    gueltig_ab = models.DateField("Gültig ab", null=True, blank=True)
    # Aus dem Text abgeleitet: Ende der Gültigkeit (nachträglich gesetzt, wenn eine Korrektur ablöst —
    # außerhalb des Siegels) und Geltungsbereich (Verbünde, Agenturen — im Siegel).
    gueltig_bis = models.DateField("Gültig bis", null=True, blank=True)
    geltungsbereich = models.JSONField("Geltungsbereich", default=dict, blank=True)
    status = models.CharField("Status", max_length=20, choices=STATUS, default=VEROEFFENTLICHT)
    freigabe = models.ForeignKey("Freigabepaket", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="dateien")
    # Wer den Entwurf dieser Fassung bearbeitet hat (mitarbeit.py): ein Rückruf gibt es an den neuen Entwurf weiter.
    bearbeiter = models.JSONField("Bearbeitet von", default=list, blank=True)
    angelegt = models.DateTimeField("Angelegt")

    class Meta:
        ordering = ["pfad"]
        verbose_name = "Katalogdatei"
        verbose_name_plural = "Katalogdateien"
        constraints = [models.UniqueConstraint(fields=["pfad"], condition=models.Q(status="veroeffentlicht"),
                                               name="redaktion_katalogdatei_pfad_einmal")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Eine gesiegelte Fassung ändert nur noch ihren Status (Rückruf eines geplanten Pakets) und ihr
        `gueltig_bis` (Ablösung durch eine Korrektur; die Zeile steht außerhalb des Siegels)."""
        if self.pk and self.art == self.VOKABULAR:    # neue Antwortoptionen: gesiegelt wie eine Fassung, ohne Ausnahme
            sonst = Katalogdatei.objects.filter(pk=self.pk).values_list("text", "inhalt_hash").first()
            if sonst and sonst != (self.text, self.inhalt_hash):
                raise ValueError(f"veröffentlichte Ergänzung des Vokabulars {self.pfad} ist unveränderlich")
        if self.pk and self.art in (self.FASSUNG, self.ARBEITSMITTEL):
            alt = Katalogdatei.objects.filter(pk=self.pk).values_list("text", "inhalt_hash", "gelesen").first()
            if alt and alt != (self.text, self.inhalt_hash, self.gelesen) and \
                    ohne_gueltig_bis(alt[0]) != ohne_gueltig_bis(self.text):
                raise ValueError(f"veröffentlichte Fassung {self.pfad} ist unveränderlich: neue Fassung anlegen")
        super().save(*args, **kwargs)

    @property
    def schluessel(self) -> str:
        if self.art == self.ARBEITSMITTEL:
            ordner, _, datei = self.pfad.removeprefix("arbeitsmittel/").rpartition("/")
            return f"{ordner}@{datei.removesuffix('.yaml')}"
        return f"{self.leitfaden_id}@{self.stand.isoformat()}" if self.stand else self.pfad


class Freigabepaket(models.Model):
    """Die Einheit der Freigabe: die Entwürfe einer Weisung mit ihren Metadaten (Weisung 202003006,
    Kopf: Nummer, Datum, Stand, Gültigkeit; Standortregeln aus den Leitfadenköpfen)."""

    OFFEN, ZUR_FREIGABE, ZURUECKGEWIESEN, GEPLANT, ZURUECKGERUFEN = (
        "offen", "zur_freigabe", "zurueckgewiesen", "geplant", "zurueckgerufen")
    STATUS = [(OFFEN, "in Bearbeitung"), (ZUR_FREIGABE, "zur Freigabe"), (ZURUECKGEWIESEN, "zurückgewiesen"),
              (GEPLANT, "freigegeben und geplant"), (ZURUECKGERUFEN, "zurückgerufen")]

    weisung = models.CharField("Weisung (Nummer)", max_length=20)
    titel = models.CharField("Titel", max_length=200)
    datum = models.DateField("Datum der Weisung")
    stand = models.CharField("Stand", max_length=60, blank=True)
    gueltig_ab = models.DateField("Gültig ab", null=True, blank=True)
    gueltig_bis = models.DateField("Gültig bis", null=True, blank=True)
    # Standortregeln: {"verbuende": [Verbund-ids], "agenturen": [Namen]} aus standorte.yaml; leer = überall.
    geltungsbereich = models.JSONField("Geltungsbereich (Standortregeln)", default=dict, blank=True)
    status = models.CharField("Status", max_length=20, choices=STATUS, default=OFFEN)
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="freigabepakete")
    pruefer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="geprueft")
    kommentar = models.TextField("Kommentar der Freigabe", blank=True)
    tor = models.JSONField("Ergebnis des Szenario-Tors", default=dict, blank=True)
    # Eine neue Weisung, im Browser erfasst (neue_weisung.py): {titel, datum, gueltig_ab, geschaeftszeichen, bezug,
    # kopf, regeln: [{punkt, titel}]}; die Nummer ist `weisung`. Leer: das Paket gehört zu einer Weisung des Katalogs.
    # Sie wird mit dem Paket geprüft, freigegeben und als Katalogdatei (art weisung) veröffentlicht.
    neue_weisung = models.JSONField("Neue Weisung (im Browser erfasst)", default=dict, blank=True)
    # Neue Antwortoptionen von Fragen (optionen.py): [{fakt, wert, label}] — das Vokabular wird nur ergänzt. Sie werden
    # mit dem Paket geprüft, freigegeben und als Katalogdatei (art vokabular) veröffentlicht, gültig ab dem Paket.
    neue_optionen = models.JSONField("Neue Antwortoptionen", default=list, blank=True)
    # Wer das Paket angelegt oder geändert hat (Angaben, Entwürfe aufgenommen oder herausgenommen): mitarbeit.py.
    bearbeiter = models.JSONField("Bearbeitet von", default=list, blank=True)
    angelegt = models.DateTimeField("Angelegt")

    class Meta:
        ordering = ["-angelegt", "-id"]
        verbose_name = "Freigabepaket"
        verbose_name_plural = "Freigabepakete"

    @property
    def gilt_schon(self) -> bool:
        """Freigegeben und der Gültigkeitstag ist erreicht (Uhr des Portals): nicht mehr geplant, nie zurückrufbar."""
        return self.status == self.GEPLANT and self.gueltig_ab is not None and self.gueltig_ab <= zeit.heute()

    @property
    def zurueckrufbar(self) -> bool:
        return self.status == self.GEPLANT and not self.gilt_schon

    @property
    def status_anzeige(self) -> str:
        """„gilt seit 06.12.2026“ ab dem Gültigkeitstag, sonst der Status („freigegeben und geplant“ …)."""
        if self.gilt_schon and self.gueltig_ab is not None:
            return f"gilt seit {self.gueltig_ab:%d.%m.%Y}"
        return str(self.get_status_display())


class Entwurf(models.Model):
    """Eine Fassung in Arbeit. `version` zählt jede Speicherung (optimistische Sperre)."""

    leitfaden_id = models.CharField("Leitfaden", max_length=60)
    basis = models.ForeignKey(Katalogdatei, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="entwuerfe")
    kopf_text = models.TextField("Leitfadenkopf (nur neuer Leitfaden)", blank=True)
    ordner = models.CharField("Ordner", max_length=200)
    text = models.TextField("Inhalt (YAML)")
    version = models.PositiveIntegerField("Version", default=1)
    befunde = models.JSONField("Befunde", default=list, blank=True)
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="entwuerfe")
    paket = models.ForeignKey(Freigabepaket, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="entwuerfe")
    # Jede Person, die den Entwurf begonnen oder geändert hat (Text, Struktur, Quelltext, Szenario): je Person
    # {id, name, was: [...]} — das Vier-Augen-Prinzip prüft daran (mitarbeit.py).
    bearbeiter = models.JSONField("Bearbeitet von", default=list, blank=True)
    angelegt = models.DateTimeField("Angelegt")
    geaendert = models.DateTimeField("Geändert")

    class Meta:
        ordering = ["-geaendert", "-id"]
        verbose_name = "Entwurf"
        verbose_name_plural = "Entwürfe"


class ArbeitsmittelEntwurf(models.Model):
    """Eine neue Fassung eines Arbeitsmittels in Arbeit (Aufgabensteckbrief, QS-Anlage, Führungsprozess-Anlage):
    aus der neuesten veröffentlichten Fassung (`basis`), im Quelltext bearbeitet, mit Befunden des Arbeitsmittel-
    Laders; freigegeben mit dem Paket seiner Weisung. `version`: optimistische Sperre wie beim Entwurf."""

    basis = models.ForeignKey(Katalogdatei, on_delete=models.PROTECT, related_name="arbeitsmittel_entwuerfe")
    ordner = models.CharField("Ordner", max_length=200)      # arbeitsmittel/<art>/<nummer>, relativ zu content/
    text = models.TextField("Inhalt (YAML)")
    version = models.PositiveIntegerField("Version", default=1)
    befunde = models.JSONField("Befunde", default=list, blank=True)
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="arbeitsmittel_entwuerfe")
    paket = models.ForeignKey(Freigabepaket, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="arbeitsmittel_entwuerfe")
    bearbeiter = models.JSONField("Bearbeitet von", default=list, blank=True)     # wie Entwurf (mitarbeit.py)
    angelegt = models.DateTimeField("Angelegt")
    geaendert = models.DateTimeField("Geändert")

    class Meta:
        ordering = ["-geaendert", "-id"]
        verbose_name = "Entwurf eines Arbeitsmittels"
        verbose_name_plural = "Entwürfe von Arbeitsmitteln"

    @property
    def titel(self) -> str:
        """„aufgabensteckbrief/ez-01“ — Art-Ordner und Nummer-Ordner."""
        return self.ordner.removeprefix("arbeitsmittel/")


class Szenario(models.Model):
    """Ein Szenario der Redaktion (Format wie content/szenarien), aufgezeichnet im Browser. `version` schützt
    das Löschen (optimistische Sperre wie beim Entwurf); `letzter_lauf` ist das Ergebnis des letzten Laufs
    (Aufzeichnung oder Szenario-Tor): {ok, zeit, quelle, fassung, fehler}."""

    leitfaden_id = models.CharField("Leitfaden", max_length=60, db_index=True)
    szenario_id = models.CharField("Kennung", max_length=80, unique=True)
    text = models.TextField("Inhalt (YAML)")
    # Durch einen Entwurf aufgezeichnet: das Tor führt es frühestens am Gültigkeitsbeginn des Entwurfs aus,
    # auch wenn die Freigabe ein späteres Datum wählt.
    folgt_gueltigkeit = models.BooleanField("Datum folgt dem Gültigkeitsbeginn", default=True)
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    angelegt = models.DateTimeField("Angelegt")
    version = models.PositiveIntegerField("Version", default=1)
    letzter_lauf = models.JSONField("Letzter Lauf", default=dict, blank=True)

    class Meta:
        ordering = ["szenario_id"]
        verbose_name = "Szenario"
        verbose_name_plural = "Szenarien"


class Aenderungshinweis(models.Model):
    """Was sich geändert hat, in einfachen Worten, für die Beschäftigten, ab dem Tag der Gültigkeit."""

    fassung = models.OneToOneField(Katalogdatei, on_delete=models.PROTECT, related_name="hinweis")
    leitfaden_id = models.CharField("Leitfaden", max_length=60, db_index=True)
    gilt_ab = models.DateField("Gilt ab")
    text = models.TextField("Was ist neu")

    class Meta:
        ordering = ["-gilt_ab", "leitfaden_id"]
        verbose_name = "Änderungshinweis"
        verbose_name_plural = "Änderungshinweise"


class Lesebestaetigung(models.Model):
    hinweis = models.ForeignKey(Aenderungshinweis, on_delete=models.CASCADE, related_name="bestaetigungen")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    zeit = models.DateTimeField("Gelesen")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hinweis", "user"], name="redaktion_einmal_gelesen")]


class Protokolleintrag(models.Model):
    """Wer hat wann was getan (Entwurf gespeichert, eingereicht, freigegeben, zurückgerufen ...)."""

    AKTIONEN = {
        "entwurf_begonnen": "Entwurf begonnen", "entwurf_gespeichert": "Entwurf gespeichert",
        "entwurf_verworfen": "Entwurf verworfen", "entwurf_zugeordnet": "Entwurf ins Paket aufgenommen",
        "entwurf_herausgenommen": "Entwurf aus dem Paket genommen", "paket_angelegt": "Paket angelegt", "paket_geaendert": "Angaben des Pakets geändert",
        "tor_geprueft": "Szenario-Tor geprüft", "paket_eingereicht": "zur Freigabe eingereicht",
        "einreichung_zurueckgezogen": "Einreichung zurückgezogen",
        "paket_freigegeben": "freigegeben", "paket_zurueckgewiesen": "zurückgewiesen",
        "paket_zurueckgerufen": "zurückgerufen", "szenario_angelegt": "Szenario angelegt",
        "szenario_geloescht": "Szenario gelöscht",
        "hinweis_gelesen": "Änderungshinweis gelesen", "katalog_importiert": "Katalog importiert",
        "katalog_exportiert": "Katalog exportiert", "entwurf_veroeffentlicht": "Entwurf veröffentlicht",
        "weisung_erfasst": "neue Weisung erfasst", "weisung_geaendert": "neue Weisung geändert",
        "weisung_verworfen": "erfasste Weisung verworfen", "optionen_erfasst": "neue Antwortoptionen erfasst",
        "arbeitsmittel_begonnen": "Entwurf eines Arbeitsmittels begonnen",
        "arbeitsmittel_gespeichert": "Entwurf eines Arbeitsmittels gespeichert",
        "arbeitsmittel_zugeordnet": "Arbeitsmittel ins Paket aufgenommen",
        "arbeitsmittel_herausgenommen": "Arbeitsmittel aus dem Paket genommen",
        "arbeitsmittel_veroeffentlicht": "Arbeitsmittel veröffentlicht",
    }

    zeit = models.DateTimeField("Zeit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    aktion = models.CharField("Aktion", max_length=40)
    objekt = models.CharField("Objekt", max_length=200)
    details = models.JSONField("Details", default=dict, blank=True)

    class Meta:
        ordering = ["-zeit", "-id"]
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Protokolleinträge"

    @property
    def anzeige(self) -> str:
        return self.AKTIONEN.get(self.aktion, self.aktion)
