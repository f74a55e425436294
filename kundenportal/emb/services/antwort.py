"""Antworten: Entwurf aus der Vorlage, vor dem Senden änderbar, Versand im Worker, Fehlschläge und
Bounces sichtbar und erneut versucht — nie verworfen."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from kundenportal.fachverfahren.registry import systeme

from .. import versand
from ..antwortdaten import falldaten, kundendaten_gesperrt
from ..ausgang import versand_anstossen
from ..models import WARTEN_BIS_FEGEN, Antwort, Mail, Protokoll
from ..queries import antwort_fehler
from ..vorlagen import VORLAGEN, fuellen, weitergabe_sperre
from ..weiterleitung import STELLEN, weitergegeben_an
from .bearbeitung import ANTWORT_HINAUS, NichtBeansprucht, _beansprucht

logger = logging.getLogger(__name__)
BACKOFF_SEKUNDEN = (60, 300, 900, 3600)
# Was der Worker senden darf: freigegeben (antwort_freigeben, antwort_erneut_senden) oder nach einem Fehlschlag
# erneut versucht — nie ein Entwurf, nie eine unzustellbare Antwort ohne neue Freigabe
FREIGEGEBEN = (Antwort.Status.WARTEND, Antwort.Status.FEHLGESCHLAGEN)


def backoff(versuche: int) -> int:
    """Wartezeit vor dem nächsten Versuch: 1, 5, 15 Minuten, dann stündlich."""
    return BACKOFF_SEKUNDEN[min(max(versuche, 1), len(BACKOFF_SEKUNDEN)) - 1]


class AntwortNichtMoeglich(ValueError):
    """Eine Antwort kann so nicht entstehen oder hinausgehen; der Text sagt deutsch, warum und was zu tun ist."""


def antwort_entwerfen(user: Any, mail_id: int, jetzt: dt.datetime, vorlage: str | None = None) -> Antwort:
    """Legt den Entwurf zur Vorlage des Ergebnisses an (oder zur genannten), mit den Kunden- und Falldaten
    (vorlagen.vorlage_waehlen). Abgelehnt: ohne Absenderadresse (an wen?), neben einem Entwurf oder einer
    schon freigegebenen (auch fehlgeschlagenen) Antwort, und eine Vorlage mit Kundendaten, solange die
    Identität nicht mit „ja“ bestätigt ist oder die Kundennummer fehlt (A3, vorlagen.kundendaten_sperre): ein
    solcher Entwurf entsteht gar nicht erst — ebenso wenig, wenn VerBIS die Absenderadresse nicht beim Kunden
    hinterlegt hat (dann wählt „Antwort aus Vorlage entwerfen“ die Bitte um Angaben zur Person). Eine Vorlage, die
    sagt, die Mail sei weitergegeben, erst, wenn sie es ist (vorlagen.weitergabe_sperre). Die Prüfung bei der
    Freigabe (`antwort_fehler`) bleibt die letzte Sicherung."""
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        fehler = versand.empfaenger_fehler(mail.absender)
        if fehler:
            raise AntwortNichtMoeglich(fehler)
        vorhanden = mail.antworten.filter(status__in=(Antwort.Status.ENTWURF, *ANTWORT_HINAUS)).first()
        if vorhanden is not None:
            raise AntwortNichtMoeglich(
                "Zu dieser Mail gibt es schon einen Entwurf; bearbeiten Sie ihn oder verwerfen Sie ihn."
                if vorhanden.status == Antwort.Status.ENTWURF else
                f"Zu dieser Mail gibt es schon eine Antwort. {vorhanden.stand_satz} Eine zweite wird nicht "
                "entworfen. Eine fehlgeschlagene Antwort senden Sie in der Warteschlange erneut.")
        if vorlage and vorlage not in VORLAGEN:
            raise AntwortNichtMoeglich("Diese Vorlage gibt es nicht (mehr). Laden Sie die Seite neu und entwerfen "
                                       "Sie die Antwort erneut.")
        fall = falldaten(mail)
        # die Vorlage, die jetzt passt: ohne Kundendaten, solange die Identität nicht bestätigt ist oder die
        # Absenderadresse nicht beim Kunden hinterlegt (antwortdaten.kundendaten_gesperrt)
        sperre, passend = kundendaten_gesperrt(mail, fall)
        v = VORLAGEN[vorlage or passend]
        if sperre and v.kundendaten:    # A3: kein Entwurf mit Kundendaten, nicht erst bei der Freigabe abgelehnt
            raise AntwortNichtMoeglich(f"{sperre} Die Vorlage „{v.titel}“ enthält Kundendaten und wird deshalb nicht "
                                       f"entworfen; ohne Kundendaten geht die Vorlage „{VORLAGEN[passend].titel}“.")
        nicht_weitergegeben = weitergabe_sperre(v, weitergegeben_an(mail), STELLEN)
        if nicht_weitergegeben:         # „weitergegeben“ nur, wenn die Mail weitergeleitet oder abgegeben ist
            raise AntwortNichtMoeglich(nicht_weitergegeben)
        kunde = systeme().verbis.kunde(mail.kundennummer) if mail.kundennummer and v.kundendaten else None
        betreff, text = fuellen(v, vorname=kunde.vorname if kunde else "", nachname=kunde.nachname if kunde else "",
                                kundennummer=mail.kundennummer, fall=fall)
        domain = settings.EMB_ABSENDER.rpartition("@")[2]
        antwort = Antwort.objects.create(
            mail=mail, an=mail.absender, betreff=betreff, text=text, vorlage=v.name,
            message_id=f"<emb-{uuid.uuid4().hex}@{domain}>", erstellt_von=benutzer, erstellt=jetzt)
        Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=benutzer, art="antwort_entworfen",
                                 details={"vorlage": v.name, "antwort": antwort.id})
    return antwort


def antwort_aendern(user: Any, antwort_id: int, betreff: str, text: str) -> Antwort:
    """Ändert Betreff und Text eines Entwurfs (nur wer die Mail bearbeitet). Gespeichert wird das Getippte auch,
    wenn es so nicht hinausgehen kann (leer, mit Zeilenumbruch im Betreff, zu lang: queries.betreff_fehler,
    text_fehler — die Seite zeigt das am Feld, die Freigabe lehnt ab), damit nichts verloren geht; nur was die
    Datenbank nicht fassen kann (ein Betreff über der Spaltenbreite, ein Nullzeichen), bleibt ungespeichert. Die
    zurückgegebene Antwort trägt in jedem Fall das Getippte, so zeigt es der Editor mit der Meldung."""
    with transaction.atomic():
        antwort = Antwort.objects.select_for_update().get(id=antwort_id)
        _beansprucht(user, antwort.mail_id)
        if antwort.status != Antwort.Status.ENTWURF:
            raise ValueError("Nur ein Entwurf kann geändert werden.")
        antwort.betreff, antwort.text = betreff.strip(), text
        felder = [f for f in ("betreff", "text") if _speicherbar(f, getattr(antwort, f))]
        if felder:
            antwort.save(update_fields=felder)
    return antwort


def _speicherbar(feld: str, wert: str) -> bool:
    """Fasst die Spalte `feld` der Antwort den Wert? (PostgreSQL lehnt Nullzeichen und Überlänge ab.)"""
    laengstens = getattr(Antwort._meta.get_field(feld), "max_length", None)
    return "\x00" not in wert and (laengstens is None or len(wert) <= laengstens)


def antwort_verwerfen(user: Any, antwort_id: int, jetzt: dt.datetime) -> None:
    """Verwirft einen Entwurf (nur wer die Mail bearbeitet): etwa wenn keine Antwort hinausgehen kann oder
    soll. Gesendetes und Freigegebenes bleibt; das Protokoll hält fest, welcher Entwurf verworfen wurde."""
    with transaction.atomic():
        antwort = Antwort.objects.select_for_update().get(id=antwort_id)
        mail = _beansprucht(user, antwort.mail_id)
        if antwort.status != Antwort.Status.ENTWURF:
            raise AntwortNichtMoeglich(f"Nur ein Entwurf kann verworfen werden. {antwort.stand_satz}")
        Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=user.get_username(), art="antwort_verworfen",
                                 details={"antwort": antwort.id, "vorlage": antwort.vorlage, "an": antwort.an})
        antwort.delete()


def antwort_ersetzen(user: Any, antwort_id: int, jetzt: dt.datetime, vorlage: str) -> Antwort:
    """Verwirft den Entwurf und entwirft die Antwort neu aus `vorlage` (etwa die Bitte um Angaben zur Person, wenn
    die Vorschau Kundendaten ablehnt) — in einer Transaktion: Lehnt das Entwerfen ab, bleibt der alte Entwurf."""
    with transaction.atomic():
        mail_id = Antwort.objects.values_list("mail_id", flat=True).get(id=antwort_id)
        antwort_verwerfen(user, antwort_id, jetzt)
        return antwort_entwerfen(user, mail_id, jetzt, vorlage)


def antwort_freigeben(user: Any, antwort_id: int, jetzt: dt.datetime) -> Antwort:
    """Der Entwurf ist geprüft und geht an den Worker; gesendet wird nicht in der Web-Anfrage (nur ohne Worker,
    in `make run`, nach dem Commit im Prozess: ausgang.versand_anstossen). Eine schon freigegebene oder gesendete
    Antwort geht nicht ein zweites Mal hinaus (etwa „Senden“ nach „Zurück“ im Browser)."""
    benutzer = user.get_username()
    with transaction.atomic():
        antwort = Antwort.objects.select_for_update().get(id=antwort_id)
        _beansprucht(user, antwort.mail_id)
        if antwort.status not in (Antwort.Status.ENTWURF, Antwort.Status.FEHLGESCHLAGEN,
                                  Antwort.Status.UNZUSTELLBAR):
            raise ValueError(f"{antwort.stand_satz} Sie geht nicht ein zweites Mal hinaus.")
        fehler = antwort_fehler(antwort)
        if fehler:
            raise AntwortNichtMoeglich(" ".join(fehler))
        antwort.status, antwort.naechster_versuch = Antwort.Status.WARTEND, jetzt
        antwort.save(update_fields=["status", "naechster_versuch"])
        Protokoll.objects.create(mail=antwort.mail, zeit=jetzt, benutzer=benutzer, art="antwort_freigegeben",
                                 details={"antwort": antwort.id})
    transaction.on_commit(lambda: versand_anstossen(antwort.id))
    return antwort


def antwort_zustellen(antwort_id: int, jetzt: dt.datetime) -> Antwort:
    """Ein Versandversuch (im Worker). Bei Fehlschlag: Status `fehlgeschlagen`, Fehler und nächster
    Versuch gespeichert, dann wird der Fehler weitergereicht (der Task plant den neuen Versuch). Ein bleibender
    Grund (versand.NichtZugestellt: kein Empfänger, nicht als E-Mail zu bauen) ist `fehlgeschlagen` ohne neuen
    Versuch, mit dem Grund für die Seiten; nichts wird weitergereicht.

    Die Antwort bleibt während des Versands gesperrt (select_for_update): ein noch geplanter Retry und
    ein gleichzeitiges „Erneut senden“ können dieselbe Antwort nicht zweimal zustellen."""
    fehler: Exception | None = None
    with transaction.atomic():
        antwort = Antwort.objects.select_for_update().select_related("mail").get(id=antwort_id)
        if antwort.status not in FREIGEGEBEN:
            # schon gesendet (doppelt zugestellte Task-Nachricht), nie freigegeben (Entwurf) oder nach einem
            # Bounce nicht neu freigegeben: nichts senden — gesendet wird nur, was `antwort_fehler` durchließ
            return antwort
        antwort.versuche += 1
        try:
            versand.senden(antwort, jetzt)
        except versand.NichtZugestellt as f:
            # Nicht gesendet, und ein neuer Versuch änderte nichts (kein Empfänger, nicht als E-Mail zu bauen, etwa
            # ein Zeilenumbruch im Betreff): fehlgeschlagen, ohne geplanten Versuch, mit dem Grund — nie „gesendet“.
            antwort.status, antwort.naechster_versuch = Antwort.Status.FEHLGESCHLAGEN, None
            antwort.letzter_fehler = str(f)[:2000]
            antwort.save(update_fields=["versuche", "status", "letzter_fehler", "naechster_versuch"])
            Protokoll.objects.create(mail=antwort.mail, zeit=jetzt, benutzer="system", art="versand_fehlgeschlagen",
                                     details={"antwort": antwort.id, "fehler": antwort.letzter_fehler})
            return antwort
        except Exception as f:
            # Relay nicht erreichbar, abgelehnt — oder unerwartet (etwa ein Fehler im E-Mail-Backend): fehlgeschlagen
            # mit neuem Versuch, sichtbar in der Warteschlange; vom Unerwarteten nur die Art (sein Text kann Teile
            # der Antwort enthalten)
            fehler = f
            antwort.status = Antwort.Status.FEHLGESCHLAGEN
            erwartet = isinstance(f, OSError | smtplib.SMTPException)
            antwort.letzter_fehler = (f"{type(f).__name__}: {f}"[:2000] if erwartet
                                      else f"Unerwarteter Fehler beim Senden ({type(f).__name__}).")
            antwort.naechster_versuch = jetzt + dt.timedelta(seconds=backoff(antwort.versuche))
            antwort.save(update_fields=["versuche", "status", "letzter_fehler", "naechster_versuch"])
            Protokoll.objects.create(mail=antwort.mail, zeit=jetzt, benutzer="system", art="versand_fehlgeschlagen",
                                     details={"antwort": antwort.id, "fehler": antwort.letzter_fehler})
        else:
            antwort.status, antwort.gesendet_am, antwort.naechster_versuch = Antwort.Status.GESENDET, jetzt, None
            antwort.letzter_fehler = ""
            antwort.save(update_fields=["versuche", "status", "gesendet_am", "naechster_versuch", "letzter_fehler"])
            Protokoll.objects.create(mail=antwort.mail, zeit=jetzt, benutzer="system", art="antwort_gesendet",
                                     details={"antwort": antwort.id, "an": antwort.an})
    if fehler is not None:
        raise fehler
    return antwort


def antwort_erneut_senden(user: Any, antwort_id: int, jetzt: dt.datetime) -> Antwort:
    """Eine fehlgeschlagene oder unzustellbare Antwort noch einmal senden — nur an den ursprünglichen
    Empfänger (eine andere Adresse nimmt das Portal nicht an: Kundendaten nur an die hinterlegte Adresse,
    domain.md 5.2) und nur, wenn die Prüfung der Freigabe (`antwort_fehler`: Identität, hinterlegte Adresse,
    Kundendaten im Text) jetzt noch durchgeht. Geht auch nach „Erledigt“; solange jemand die Mail bearbeitet,
    nur diese Person. Die Message-ID bleibt: ein weiterer Bounce findet dieselbe Antwort."""
    benutzer = user.get_username()
    with transaction.atomic():
        antwort = Antwort.objects.select_for_update().select_related("mail").get(id=antwort_id)
        mail = antwort.mail
        if mail.status == Mail.Status.IN_BEARBEITUNG and mail.bearbeiter != benutzer:
            raise NichtBeansprucht(f"Die Mail bearbeitet gerade {mail.bearbeiter}; nur diese Person kann die "
                                   "Antwort erneut senden.")
        if antwort.status not in (Antwort.Status.FEHLGESCHLAGEN, Antwort.Status.UNZUSTELLBAR):
            raise ValueError(f"Nur fehlgeschlagene oder unzustellbare Antworten werden erneut gesendet. "
                             f"{antwort.stand_satz}")
        vorher = antwort.status
        fehler = antwort_fehler(antwort)
        if fehler:
            raise AntwortNichtMoeglich(" ".join(fehler))
        antwort.status, antwort.naechster_versuch = Antwort.Status.WARTEND, jetzt
        antwort.save(update_fields=["status", "naechster_versuch"])
        Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=benutzer, art="antwort_erneut_freigegeben",
                                 details={"antwort": antwort.id, "an": antwort.an, "vorher": vorher})
    transaction.on_commit(lambda: versand_anstossen(antwort.id))
    return antwort


def ausgang_fegen(jetzt: dt.datetime) -> list[int]:
    """Der Feger des Ausgangs: sendet jede Antwort, die seit `WARTEN_BIS_FEGEN` `wartend` ist (Broker
    war weg, Worker getötet) oder deren nächster Versuch nach einem Fehlschlag fällig ist. Doppelt
    gesendet wird nichts: `antwort_zustellen` sperrt die Antwort und sendet keine schon gesendete.
    Gibt die Ids der versuchten Antworten zurück."""
    faellig = list(Antwort.objects.filter(
        Q(status=Antwort.Status.WARTEND, naechster_versuch__lte=jetzt - WARTEN_BIS_FEGEN)
        | Q(status=Antwort.Status.FEHLGESCHLAGEN, naechster_versuch__lte=jetzt)).values_list("id", flat=True))
    for antwort_id in sorted(faellig):
        try:
            antwort_zustellen(antwort_id, jetzt)
        except (OSError, smtplib.SMTPException):
            continue       # gespeichert als fehlgeschlagen mit neuem Termin
        except Exception as fehler:
            # Jede Antwort für sich: ein unerwarteter Fehler bei einer hält die übrigen nicht auf. Sie bleibt, wie sie
            # war (die Transaktion ist zurückgerollt), und der nächste Lauf versucht sie wieder. Ins Log nur Id und
            # Art des Fehlers — sein Text kann Betreff, Adresse oder Text der Antwort enthalten.
            logger.error("Antwort %s: Versand im Feger gescheitert (%s); die übrigen Antworten gehen weiter.",
                         antwort_id, type(fehler).__name__)
    return sorted(faellig)
