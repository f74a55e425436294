"""Bearbeitung: beanspruchen/freigeben, Zuordnung bestätigen oder korrigieren, die Arbeitshilfe über
dieselbe Engine wie am Telefon durchlaufen (house style, habit 2) und den Kontaktvermerk schreiben.

Beanspruchen ist ein bedingtes UPDATE (`… WHERE bearbeiter = ''`): von zwei gleichzeitigen
Beschäftigten bekommt genau einer die Mail, ohne Sperren über die Anfrage hinaus.

`kundenportal.gespraech` gibt es noch nicht; bis dahin treibt dieser Dienst `leitfaden.ausfuehrung`
direkt und speichert den Lauf an der Mail (Kanal `emb`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kundenportal.fachverfahren.registry import systeme
from kundenportal.leitfaden import ausfuehrung
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.vermerk import vermerk_schreiben

from ..models import Korrektur, Mail, Protokoll
from ..zuordnung import ARBEITSHILFEN, KLASSEN

KANAL = "emb"


class NichtBeansprucht(PermissionError):
    """Die Mail ist nicht (mehr) von diesem Benutzer beansprucht."""


def _protokoll(mail: Mail, benutzer: str, art: str, jetzt: dt.datetime, **details: Any) -> None:
    Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=benutzer, art=art, details=details)


def mail_beanspruchen(mail_id: int, benutzer: str, jetzt: dt.datetime) -> bool:
    """True, wenn `benutzer` die Mail jetzt bearbeitet (auch wenn er sie schon hatte)."""
    with transaction.atomic():
        geaendert = Mail.objects.filter(id=mail_id, bearbeiter="").exclude(status=Mail.Status.ERLEDIGT).update(
            bearbeiter=benutzer, beansprucht_am=jetzt, status=Mail.Status.IN_BEARBEITUNG)
        if geaendert:
            _protokoll(Mail.objects.get(id=mail_id), benutzer, "beansprucht", jetzt)
            return True
    return Mail.objects.filter(id=mail_id, bearbeiter=benutzer).exists()


def mail_freigeben(mail_id: int, benutzer: str, jetzt: dt.datetime) -> bool:
    """Gibt eine beanspruchte Mail zurück in die Warteschlange (nur wer sie hat)."""
    with transaction.atomic():
        geaendert = Mail.objects.filter(id=mail_id, bearbeiter=benutzer, status=Mail.Status.IN_BEARBEITUNG).update(
            bearbeiter="", beansprucht_am=None, status=Mail.Status.OFFEN)
        if geaendert:
            _protokoll(Mail.objects.get(id=mail_id), benutzer, "freigegeben", jetzt)
    return bool(geaendert)


def _beansprucht(mail_id: int, benutzer: str) -> Mail:
    mail = Mail.objects.select_for_update().filter(id=mail_id).first()
    if mail is None or mail.bearbeiter != benutzer or mail.status != Mail.Status.IN_BEARBEITUNG:
        raise NichtBeansprucht("Die Mail ist nicht von Ihnen beansprucht. Bitte zuerst übernehmen.")
    return mail


def zuordnung_bestaetigen(mail_id: int, benutzer: str, klasse: str, jetzt: dt.datetime,
                          kundennummer: str | None = None) -> Mail:
    """Die Beschäftigten bestätigen den Vorschlag oder korrigieren ihn; eine Korrektur wird
    festgehalten (Issue 6, Punkt 2). Eine geänderte Klasse wählt die Arbeitshilfe neu."""
    if klasse not in KLASSEN:
        raise ValueError(f"unbekannte Klasse {klasse!r} (erlaubt: {', '.join(KLASSEN)})")
    with transaction.atomic():
        mail = _beansprucht(mail_id, benutzer)
        if klasse != mail.vorschlag:
            Korrektur.objects.create(mail=mail, vorschlag=mail.vorschlag, klasse=klasse, durch=benutzer, zeit=jetzt)
        if klasse != mail.aktuelle_klasse:
            mail.lauf, mail.ergebnis, mail.vermerk = None, "", ""
        mail.klasse, mail.bestaetigt_von = klasse, benutzer
        mail.leitfaden = ARBEITSHILFEN.get(klasse, "")
        if kundennummer is not None and kundennummer != mail.kundennummer:
            mail.kundennummer, mail.kundennummer_quelle = kundennummer, "beschaeftigte"
        mail.save()
        _protokoll(mail, benutzer, "zuordnung", jetzt, vorschlag=mail.vorschlag, klasse=klasse,
                   kundennummer=mail.kundennummer)
    return mail


def _kontext(katalog: Katalog, mail: Mail, lauf: Lauf, benutzer: str) -> Kontext:
    return Kontext(datum=lauf.datum, jetzt=lauf.jetzt, kanal=KANAL, standort=lauf.standort,
                   kundennummer=lauf.kundennummer, benutzer=benutzer, kontakt=f"emb:{mail.id}",
                   standorte=katalog.standorte)


def bearbeitung_starten(katalog: Katalog, mail_id: int, benutzer: str, jetzt: dt.datetime,
                        leitfaden: str | None = None) -> Zug:
    """Beginnt die Arbeitshilfe zur Mail (gepinnte Fassung des Tages) und geht bis zur ersten Frage."""
    with transaction.atomic():
        mail = _beansprucht(mail_id, benutzer)
        leitfaden_id = leitfaden or mail.leitfaden
        if not leitfaden_id:
            raise ValueError("Für die allgemeine Warteschlange gibt es keine Arbeitshilfe; bitte antworten.")
        kunde = systeme().verbis.kunde(mail.kundennummer) if mail.kundennummer else None
        standort = kunde.wohnort_agentur if kunde else None
        lauf = ausfuehrung.starten(katalog, leitfaden_id, datum=jetzt.date(), jetzt=jetzt, kanal=KANAL,
                                   standort=standort, kundennummer=mail.kundennummer or None)
        zug = ausfuehrung.vorwaerts(katalog, lauf, systeme(), _kontext(katalog, mail, lauf, benutzer))
        _lauf_speichern(katalog, mail, lauf, zug)
        _protokoll(mail, benutzer, "arbeitshilfe_gestartet", jetzt, leitfaden=lauf.fassung)
    return zug


def bearbeitung_beantworten(katalog: Katalog, mail_id: int, benutzer: str, fakt: str, roh: Any) -> Zug:
    """Beantwortet die anstehende Frage; wirft AntwortAbgelehnt mit Grund (wie am Telefon)."""
    with transaction.atomic():
        mail = _beansprucht(mail_id, benutzer)
        if mail.lauf is None:
            raise ValueError("Die Arbeitshilfe ist noch nicht gestartet.")
        lauf = Lauf.aus_json(mail.lauf)
        zug = ausfuehrung.beantworten(katalog, lauf, systeme(), _kontext(katalog, mail, lauf, benutzer), fakt, roh)
        _lauf_speichern(katalog, mail, lauf, zug)
    return zug


def bearbeitung_stand(katalog: Katalog, mail: Mail, benutzer: str) -> Zug | None:
    """Was in der Arbeitshilfe ansteht (ohne Änderung, nur Abfragen über die Ports)."""
    if mail.lauf is None:
        return None
    lauf = Lauf.aus_json(mail.lauf)
    return ausfuehrung.vorwaerts(katalog, lauf, systeme(), _kontext(katalog, mail, lauf, benutzer))


def _lauf_speichern(katalog: Katalog, mail: Mail, lauf: Lauf, zug: Zug) -> None:
    mail.lauf = lauf.als_json()
    if zug.art == "ende":
        mail.ergebnis = lauf.ergebnis or ""
        mail.vermerk = vermerk_schreiben(katalog, lauf, zug.weg)
    mail.save(update_fields=["lauf", "ergebnis", "vermerk"])


def mail_erledigen(mail_id: int, benutzer: str, jetzt: dt.datetime) -> Mail:
    with transaction.atomic():
        mail = _beansprucht(mail_id, benutzer)
        mail.status, mail.erledigt_am = Mail.Status.ERLEDIGT, jetzt
        mail.save(update_fields=["status", "erledigt_am"])
        _protokoll(mail, benutzer, "erledigt", jetzt, ergebnis=mail.ergebnis)
    return mail
