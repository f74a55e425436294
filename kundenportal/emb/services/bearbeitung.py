"""Bearbeitung: beanspruchen/freigeben, Zuordnung bestätigen oder korrigieren, die Arbeitshilfe als
Kontakt durchlaufen und den Kontaktvermerk schreiben.

Beanspruchen ist ein bedingtes UPDATE (`… WHERE bearbeiter = ''`): von zwei gleichzeitigen
Beschäftigten bekommt genau einer die Mail, ohne Sperren über die Anfrage hinaus.

Die Arbeitshilfe läuft über `kundenportal.gespraech.services` — dieselbe Engine, dasselbe
Kontaktmodell und derselbe Kontaktvermerk wie am Telefon (house style, habit 2); der Kontakt hängt an
der Mail und erscheint nach „Erledigt“ in der Kontakthistorie des Kunden. Alle Dienste für Beschäftigte
nehmen den Benutzer (`request.user`), das Protokoll hält seinen Benutzernamen fest. Jeder Schritt prüft zuerst
den Anspruch auf die Mail (nur wer sie beansprucht hat, bearbeitet sie); der Kontakt gehört derselben
Person, die Gesprächsdienste prüfen das noch einmal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.ansicht import Ansicht
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.verdrahtung import systeme

from ..models import Antwort, Korrektur, Mail, Protokoll
from ..zuordnung import ARBEITSHILFEN, KLASSEN, KUNDENNUMMER


class NichtBeansprucht(PermissionError):
    """Die Mail ist nicht (mehr) von diesem Benutzer beansprucht."""


class KundennummerUngueltig(ValueError):
    """Die eingegebene Kundennummer hat nicht die Form 3 Ziffern, Buchstabe, 6 Ziffern oder ist in VerBIS
    unbekannt; die Meldung steht am Feld `kundennummer`."""


class OffenerEntwurf(ValueError):
    """„Erledigt“, obwohl ein Antwortentwurf nicht gesendet ist: er bliebe für immer liegen."""


def _protokoll(mail: Mail, benutzer: str, art: str, jetzt: dt.datetime, **details: Any) -> None:
    Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=benutzer, art=art, details=details)


def mail_beanspruchen(user: Any, mail_id: int, jetzt: dt.datetime) -> bool:
    """True, wenn `user` die Mail jetzt bearbeitet (auch wenn er sie schon hatte)."""
    benutzer = user.get_username()
    with transaction.atomic():
        geaendert = Mail.objects.filter(id=mail_id, bearbeiter="").exclude(status=Mail.Status.ERLEDIGT).update(
            bearbeiter=benutzer, beansprucht_am=jetzt, status=Mail.Status.IN_BEARBEITUNG)
        if geaendert:
            _protokoll(Mail.objects.get(id=mail_id), benutzer, "beansprucht", jetzt)
            return True
    return Mail.objects.filter(id=mail_id, bearbeiter=benutzer).exists()


def mail_freigeben(user: Any, mail_id: int, jetzt: dt.datetime) -> bool:
    """Gibt eine beanspruchte Mail zurück in die Warteschlange (nur wer sie hat): Die Arbeitshilfe bricht ab, ein
    Antwortentwurf wird verworfen — wer die Mail danach übernimmt, beginnt neu."""
    benutzer = user.get_username()
    with transaction.atomic():
        geaendert = Mail.objects.filter(id=mail_id, bearbeiter=benutzer, status=Mail.Status.IN_BEARBEITUNG).update(
            bearbeiter="", beansprucht_am=None, status=Mail.Status.OFFEN)
        if geaendert:
            mail = Mail.objects.select_related("kontakt__user").get(id=mail_id)
            _kontakt_abbrechen(mail, "Mail zurück in die Warteschlange gegeben")
            # Der Entwurf beruht auf der Arbeitshilfe, die eben abgebrochen ist (etwa ihrer bestätigten
            # Identität): Wer die Mail übernimmt, sähe sonst Kundendaten, bevor er die Identität bestätigt (A3).
            _entwuerfe_verwerfen(mail, benutzer, jetzt, "Mail zurück in die Warteschlange gegeben")
            _protokoll(mail, benutzer, "freigegeben", jetzt)
    return bool(geaendert)


def _entwuerfe_verwerfen(mail: Mail, benutzer: str, jetzt: dt.datetime, grund: str) -> None:
    """Verwirft die Entwürfe der Mail, im Protokoll der Mail festgehalten (mit `grund`)."""
    for entwurf in mail.antworten.select_for_update().filter(status=Antwort.Status.ENTWURF):
        _protokoll(mail, benutzer, "antwort_verworfen", jetzt, antwort=entwurf.id, vorlage=entwurf.vorlage,
                   an=entwurf.an, grund=grund)
        entwurf.delete()


def _beansprucht(user: Any, mail_id: int) -> Mail:
    """Die Mail, gesperrt bis zum Ende der Transaktion — wenn `user` sie bearbeitet."""
    mail = Mail.objects.select_for_update().filter(id=mail_id).first()
    if mail is None or mail.bearbeiter != user.get_username() or mail.status != Mail.Status.IN_BEARBEITUNG:
        raise NichtBeansprucht("Die Mail ist nicht von Ihnen beansprucht. Bitte zuerst übernehmen.")
    return mail


def zuordnung_bestaetigen(user: Any, mail_id: int, klasse: str, jetzt: dt.datetime,
                          kundennummer: str | None = None) -> Mail:
    """Die Beschäftigten bestätigen den Vorschlag oder korrigieren ihn; eine Korrektur wird
    festgehalten (Grundlage, die Regeln zu verbessern). Eine geänderte Klasse wählt die Arbeitshilfe neu.
    `kundennummer`: None lässt sie, wie sie ist; "" entfernt sie; sonst gilt sie nur, wenn sie die Form einer
    Kundennummer hat und VerBIS den Kunden kennt (`kundennummer_pruefen`, sonst KundennummerUngueltig)."""
    if klasse not in KLASSEN:
        raise ValueError(f"unbekannte Klasse {klasse!r} (erlaubt: {', '.join(KLASSEN)})")
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        kundennummer = kundennummer_pruefen(kundennummer) if kundennummer is not None else mail.kundennummer
        if klasse != mail.vorschlag:
            Korrektur.objects.create(mail=mail, vorschlag=mail.vorschlag, klasse=klasse, durch=benutzer, zeit=jetzt)
        if klasse != mail.aktuelle_klasse or kundennummer != mail.kundennummer:
            _kontakt_abbrechen(mail, f"Zuordnung geändert: {klasse}, Kundennummer {kundennummer or 'keine'}")
            # Der Entwurf gehört zur alten Zuordnung (Name, Kundennummer, Termin des bisherigen Kunden); die
            # Seite sagt, dass er verworfen ist (views.zuordnung).
            _entwuerfe_verwerfen(mail, benutzer, jetzt, "Zuordnung geändert")
        mail.klasse, mail.bestaetigt_von = klasse, benutzer
        mail.leitfaden = ARBEITSHILFEN.get(klasse, "")
        if kundennummer != mail.kundennummer:
            mail.kundennummer, mail.kundennummer_quelle = kundennummer, "beschaeftigte"
        mail.save()
        _protokoll(mail, benutzer, "zuordnung", jetzt, vorschlag=mail.vorschlag, klasse=klasse,
                   kundennummer=mail.kundennummer)
    return mail


def kundennummer_pruefen(eingabe: str) -> str:
    """Die Kundennummer, wie die Kundensuche der Beschäftigten sie liest (Leerzeichen, Binde- und
    Schrägstriche entfernt, Großbuchstaben: „955a 300 077“ → „955A300077“), geprüft auf die Form und darauf,
    dass VerBIS den Kunden kennt. Leer bleibt leer (die Mail hat dann keine Kundennummer)."""
    nummer = kundennummer_normalisieren(eingabe)
    if not nummer:
        return ""
    if KUNDENNUMMER.fullmatch(nummer) is None:
        raise KundennummerUngueltig(f"„{eingabe.strip()}“ ist keine Kundennummer: Sie hat drei Ziffern, einen "
                                    "Buchstaben und sechs Ziffern, zum Beispiel 955A123456.")
    try:
        kunde = systeme().verbis.kunde(nummer)
    except SystemNichtErreichbar as fehler:
        raise KundennummerUngueltig(f"VerBIS ist nicht erreichbar; die Kundennummer {nummer} lässt sich nicht "
                                    "prüfen. Bitte später erneut bestätigen.") from fehler
    if kunde is None:
        raise KundennummerUngueltig(f"Die Kundennummer {nummer} ist in VerBIS nicht bekannt. Bitte prüfen Sie die "
                                    "Eingabe.")
    return nummer


def _kontakt_abbrechen(mail: Mail, grund: str) -> None:
    """Ein offener Kontakt der Mail wird mit Ergebnis `abgebrochen` abgeschlossen und von der Mail gelöst:
    wer die Mail danach bearbeitet (oder nach neuem Anliegen), beginnt einen eigenen Kontakt. Schon
    Ausgeführtes (etwa eine ATV-Absage) steht im Vermerk des abgebrochenen Kontakts."""
    kontakt = mail.kontakt
    if kontakt is None:
        return
    if kontakt.status == Kontakt.OFFEN:
        gespraech.kontakt_abschliessen(kontakt.user, kontakt, _vermerk(kontakt.user, kontakt,
                                                                       f"E-Mail-Bearbeitung abgebrochen ({grund})."))
    mail.kontakt = None
    mail.save(update_fields=["kontakt"])


def _vermerk(user: Any, kontakt: Kontakt, vor_dem_ende: str) -> str:
    """Der Vermerk des Leitfadens; vor dessen Ende `vor_dem_ende` und der bisher gegangene Weg."""
    ansicht = gespraech.kontakt_stand(user, kontakt)
    if ansicht.vermerk:
        return ansicht.vermerk
    return "\n".join([vor_dem_ende, *(f"- {w.text}" + (f": {w.antwort}" if w.antwort else "") for w in ansicht.weg)])


def _mit_kontakt(user: Any, mail_id: int, tun: Callable[[Mail, Kontakt], Ansicht]) -> Ansicht:
    """Ein Schritt der Arbeitshilfe: Mail sperren, Anspruch prüfen, Gesprächsdienst rufen.

    Ein `GespraechFehler` wird erst nach dem Commit geworfen: was der Gesprächsdienst bis zur Ablehnung
    eines Fachverfahrens gespeichert hat, bleibt gespeichert (wie in `gespraech.services._schritt`)."""
    fehler: GespraechFehler | None = None
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        if mail.kontakt is None:
            raise GespraechFehler("nicht_gestartet", "Die Arbeitshilfe ist noch nicht gestartet.")
        try:
            return tun(mail, mail.kontakt)
        except GespraechFehler as f:
            fehler = f
    raise fehler


def bearbeitung_starten(user: Any, mail_id: int, jetzt: dt.datetime) -> Ansicht:
    """Beginnt die Arbeitshilfe zur Mail als Kontakt (Fassung, die heute am Wohnort des Kunden gilt)
    und geht bis zur ersten Frage. Ist sie schon gestartet, zeigt sie den Stand; wartet sie nach einer
    Störung auf ein Fachverfahren, versucht sie es erneut (Lesen schreibt nie, docs/adr/0005)."""
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        kontakt = mail.kontakt
        if kontakt is None:
            if not mail.leitfaden:
                raise GespraechFehler("keine_arbeitshilfe", "Für die allgemeine Warteschlange gibt es keine "
                                      "Arbeitshilfe; antworten Sie direkt.")
            kunde = systeme().verbis.kunde(mail.kundennummer) if mail.kundennummer else None
            kontakt = gespraech.kontakt_starten(user, mail.leitfaden, mail.kundennummer or None,
                                                standort=kunde.wohnort_agentur if kunde else None)
            mail.kontakt = kontakt
            mail.save(update_fields=["kontakt"])
            _protokoll(mail, user.get_username(), "arbeitshilfe_gestartet", jetzt, leitfaden=mail.leitfaden,
                       kontakt=str(kontakt.pk))
    ansicht = gespraech.kontakt_stand(user, kontakt)
    if ansicht.art == "stoerung" and kontakt.status == Kontakt.OFFEN:
        return gespraech.kontakt_weiter(user, kontakt)      # POST nach einer Störung: erneut versuchen
    return ansicht


def bearbeitung_stand(user: Any, mail: Mail) -> Ansicht | None:
    """Was in der Arbeitshilfe ansteht — für alle, die die Mail sehen (ändern nur, wer sie bearbeitet)."""
    return gespraech.kontakt_stand(user, mail.kontakt) if mail.kontakt is not None else None


def bearbeitung_beantworten(user: Any, mail_id: int, fakt: str, wert: Any) -> Ansicht:
    """Beantwortet die anstehende Frage; lehnt mit deutschem Grund ab (wie am Telefon)."""
    return _mit_kontakt(user, mail_id, lambda mail, kontakt: gespraech.kontakt_beantworten(user, kontakt, fakt, wert))


def bearbeitung_bestaetigen(user: Any, mail_id: int, zeichen: str) -> Ansicht:
    """Bestätigt die angezeigte ändernde Aktion (wie am Telefon, ADR 0008); erst dann läuft sie."""
    return _mit_kontakt(user, mail_id,
                        lambda mail, kontakt: gespraech.kontakt_bestaetigen(user, kontakt, zeichen))


def bearbeitung_zurueck(user: Any, mail_id: int, fakt: str) -> Ansicht:
    """Zurück zur Frage `fakt` — mit den Sperren von `zurueck_sperre` (auch für ein „Zurück“, das der
    Gesprächsbereich der Mailseite direkt an das Gespräch schickt)."""
    return _mit_kontakt(user, mail_id, lambda mail, kontakt: gespraech.kontakt_zurueck(user, kontakt, fakt))


def zurueck_sperre(kontakt_id: Any) -> None:
    """Die Antworten der Arbeitshilfe einer Mail ändern sich nicht mehr, wenn die Antwort an den Kunden schon
    hinausgeht, und nicht, solange ein Antwortentwurf liegt: beide beruhen auf ihnen (etwa der bestätigten
    Identität). Angemeldet beim Gespräch (apps.py, gespraech.services.zurueck_sperre_anmelden)."""
    # Die Mail gesperrt wie beim Entwerfen (antwort_entwerfen): kein Entwurf entsteht, während die Antworten gehen
    Mail.objects.select_for_update().filter(kontakt_id=kontakt_id).first()
    antworten = Antwort.objects.filter(mail__kontakt_id=kontakt_id)
    if antworten.filter(status__in=ANTWORT_HINAUS).exists():
        raise GespraechFehler("antwort_gesendet", "Die Antwort an den Kunden ist schon freigegeben; die "
                              "Antworten der Arbeitshilfe lassen sich nicht mehr ändern.")
    if antworten.filter(status=Antwort.Status.ENTWURF).exists():
        raise GespraechFehler("antwort_entwurf", "Zu dieser Mail liegt ein Antwortentwurf; er beruht auf den "
                              "bisherigen Antworten der Arbeitshilfe. Verwerfen Sie ihn, bevor Sie eine Antwort "
                              "ändern, und entwerfen Sie die Antwort danach neu.")


ANTWORT_HINAUS = (Antwort.Status.WARTEND, Antwort.Status.GESENDET, Antwort.Status.FEHLGESCHLAGEN,
                  Antwort.Status.UNZUSTELLBAR)        # freigegeben: gesendet, wird gesendet oder erneut versucht


def mail_erledigen(user: Any, mail_id: int, jetzt: dt.datetime, vermerk: str | None = None) -> Mail:
    """Schließt die Mail ab und mit ihr den Kontakt (Vermerk wie bearbeitet, sonst der Vorschlag
    des Leitfadens); der Kontakt erscheint damit in der Kontakthistorie des Kunden. Nicht mit einem
    ungesendeten Entwurf (OffenerEntwurf): der bliebe liegen, und der Kunde bekäme keine Antwort."""
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        if mail.antworten.filter(status=Antwort.Status.ENTWURF).exists():
            raise OffenerEntwurf("Zu dieser Mail liegt ein Antwortentwurf, der nicht gesendet ist. Senden Sie ihn "
                                 "(„Prüfen“, dann „Senden“) oder verwerfen Sie ihn, bevor Sie die Mail erledigen.")
        kontakt = mail.kontakt
        if kontakt is not None and kontakt.status == Kontakt.OFFEN:
            if vermerk is None:
                vermerk = _vermerk(user, kontakt, "E-Mail-Bearbeitung vor dem Ende der Arbeitshilfe erledigt.")
            mail.kontakt = gespraech.kontakt_abschliessen(user, kontakt, vermerk)
        mail.status, mail.erledigt_am = Mail.Status.ERLEDIGT, jetzt
        mail.save(update_fields=["status", "erledigt_am"])
        _protokoll(mail, benutzer, "erledigt", jetzt, ergebnis=mail.ergebnis)
    return mail
