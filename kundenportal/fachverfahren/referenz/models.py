"""Die Daten der Referenz-Fachverfahren (VerBIS, ATV, Colibri, STEP, KIWI, Aufgaben, Versand,
Telefonie). Geschrieben wird nur über die Adapter (adapter.py), die jede Änderung protokollieren."""

from __future__ import annotations

from django.db import models

from kundenportal.zeit import jetzt


class Kunde(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    vorname = models.CharField(max_length=100)
    nachname = models.CharField(max_length=100)
    geburtsdatum = models.DateField(null=True, blank=True)
    wohnort_agentur = models.CharField(max_length=100)
    betreuung = models.CharField(max_length=30, default="av")
    status = models.CharField(max_length=30, default="arbeitsuchend")
    online_asu = models.CharField(max_length=20, default="keine")
    abmeldegrund = models.CharField(max_length=40, blank=True)
    abmeldedatum = models.DateField(null=True, blank=True)
    email = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["nachname", "geburtsdatum"])]

    def __str__(self) -> str:
        return f"{self.kundennummer} {self.vorname} {self.nachname}"


class VerbisProfil(models.Model):
    kunde = models.OneToOneField(Kunde, on_delete=models.CASCADE, related_name="profil")
    fuehrerscheine = models.JSONField(default=list)
    fahrzeuge = models.JSONField(default=list)
    sprachkenntnisse = models.JSONField(default=list)
    freie_angaben = models.TextField(blank=True)
    stellengesuch = models.TextField(blank=True)
    geaendert = models.DateTimeField(null=True, blank=True)
    geaendert_von = models.CharField(max_length=150, blank=True)


class Termin(models.Model):
    termin_id = models.CharField(max_length=40, unique=True)
    kundennummer = models.CharField(max_length=20, db_index=True)
    bereich = models.CharField(max_length=30)
    beginn = models.DateTimeField()
    agentur = models.CharField(max_length=100)
    kalender = models.CharField(max_length=150)
    status = models.CharField(max_length=20, default="geplant")
    absagegrund = models.TextField(blank=True)
    abgesagt_von = models.CharField(max_length=150, blank=True)
    abgesagt_am = models.DateTimeField(null=True, blank=True)
    geaendert = models.DateTimeField(null=True, blank=True)
    geaendert_von = models.CharField(max_length=150, blank=True)
    nachfolger = models.CharField(max_length=40, blank=True)   # verschoben → der neue Termin
    vorgaenger = models.CharField(max_length=40, blank=True)   # der verschobene Termin

    class Meta:
        constraints = [
            # Ein Zeitfenster eines Kalenders ist höchstens einmal belegt (nur geplante Termine zählen).
            models.UniqueConstraint(fields=["kalender", "beginn"], condition=models.Q(status="geplant"),
                                    name="termin_zeitfenster_einmal"),
        ]


class StepKonto(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    sicherheitsstufe = models.CharField(max_length=20, default="basis")


class AlgFall(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    alg_bezug = models.BooleanField(default=False)


class AuEintrag(models.Model):
    kundennummer = models.CharField(max_length=20, db_index=True)
    beginn = models.DateField()
    ende = models.DateField()
    erfasst = models.DateTimeField(default=jetzt)   # fachliche Zeit (Stichtag), wie `erledigt`
    erfasst_von = models.CharField(max_length=150)


class KiwiFall(models.Model):
    kundennummer = models.CharField(max_length=20, unique=True)
    kindergeldnummer = models.CharField(max_length=20)
    familienkasse = models.CharField(max_length=100)
    oeffentlicher_dienst = models.CharField(max_length=20, blank=True)


class KiwiKind(models.Model):
    fall = models.ForeignKey(KiwiFall, on_delete=models.CASCADE, related_name="kinder")
    kind_id = models.CharField(max_length=20)
    vorname = models.CharField(max_length=100)
    geburtsdatum = models.DateField(null=True, blank=True)
    haushalt = models.CharField(max_length=40, default="eltern")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fall", "kind_id"], name="kind_einmal_je_fall")]


class Aufgabe(models.Model):
    an = models.CharField(max_length=40, db_index=True)
    betreff = models.CharField(max_length=300)
    kundennummer = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="offen")
    erstellt = models.DateTimeField(default=jetzt)   # fachliche Zeit (Stichtag), wie `erledigt`
    erstellt_von = models.CharField(max_length=150)
    kontakt = models.CharField(max_length=120, blank=True)
    bearbeiter = models.CharField(max_length=150, blank=True)
    ergebnis = models.TextField(blank=True)                     # was die Bearbeitung getan hat
    erledigt = models.DateTimeField(null=True, blank=True)      # wann sie die Aufgabe geschlossen hat


class Versandauftrag(models.Model):
    kundennummer = models.CharField(max_length=20)
    leistung = models.CharField(max_length=60)
    erstellt = models.DateTimeField(default=jetzt)   # fachliche Zeit (Stichtag), wie `erledigt`
    erstellt_von = models.CharField(max_length=150)


class Weiterleitung(models.Model):
    art = models.CharField(max_length=20)       # weiterleiten | verbinden
    ziel = models.CharField(max_length=60)
    kontakt = models.CharField(max_length=120, blank=True)
    durch = models.CharField(max_length=150)
    zeit = models.DateTimeField(default=jetzt)   # fachliche Zeit (Stichtag), wie `erledigt`


class Aenderung(models.Model):
    """Protokoll jeder Änderung in einem Referenzsystem: wer, welcher Kunde, was (Sozialdatenschutz)."""

    zeit = models.DateTimeField(default=jetzt)   # fachliche Zeit (Stichtag), wie `erledigt`
    benutzer = models.CharField(max_length=150)
    system = models.CharField(max_length=20)
    vorgang = models.CharField(max_length=60)
    kundennummer = models.CharField(max_length=20, blank=True)
    details = models.JSONField(default=dict)
