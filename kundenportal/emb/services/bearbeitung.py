"""Bearbeitung: beanspruchen/freigeben, die Arbeitshilfe als Kontakt durchlaufen und den Kontaktvermerk schreiben
(Zuordnung bestätigen: services.zuordnung).

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
from django.db.models import Q, QuerySet
from django.utils import timezone

from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.ansicht import IDENTITAET, Ansicht
from kundenportal.gespraech.fehler import Abgelehnt, GespraechFehler, Konflikt
from kundenportal.gespraech.models import Kontakt

from ..antwortdaten import absender_hinterlegt
from ..models import Antwort, Mail, Protokoll
from ..vorlagen import VORLAGEN
from ..weiterleitung import mit_weiterleitung
from .historie import ohne_arbeitshilfe_vermerken

TEAMLEITUNG_FREIGEGEBEN = "teamleitung_freigegeben"     # Art im Protokoll (services.warteschlange)
TEAMLEITUNG_HAT_FREIGEGEBEN = ("Die Teamleitung ({wer}) hat diese Mail am {tag} um {uhr} Uhr zurück in die "
                               "Warteschlange gegeben; Sie bearbeiten sie nicht mehr. Ihre letzte Eingabe ist nicht "
                               "gespeichert, ein Antwortentwurf und der angefangene Vermerk sind verworfen. Übernehmen "
                               "Sie die Mail in der Warteschlange erneut, wenn Sie sie weiter bearbeiten wollen.")
NICHT_UEBERNOMMEN = ("Die Mail ist nicht mehr von Ihnen übernommen: Sie ist zurück in der Warteschlange, oder "
                     "jemand anderes bearbeitet sie. Ihre letzte Eingabe ist nicht gespeichert. Übernehmen Sie die "
                     "Mail in der Warteschlange erneut, wenn Sie sie bearbeiten wollen.")
NIE_UEBERNOMMEN = ("Sie haben diese Mail nicht übernommen: Bearbeiten kann sie nur, wer sie in der Warteschlange "
                   "übernommen hat. Ihre Eingabe ist nicht gespeichert.")
ARBEITSHILFE_ABGEBROCHEN = ("Diese Arbeitshilfe ist abgebrochen: Die Zuordnung der Mail wurde geändert, etwa in "
                            "einem anderen Tab. Ihre letzte Eingabe ist nicht gespeichert. Laden Sie die Seite neu, "
                            "um den aktuellen Stand zu sehen.")
OHNE_KUNDENNUMMER = ("Ordnen Sie zuerst eine Kundennummer zu: Ohne Kundennummer lässt sich die Identität nicht "
                     "prüfen, und die Arbeitshilfe kann im Fachverfahren nichts erledigen. Nennt die Mail keine "
                     "Kundennummer, antworten Sie ohne Arbeitshilfe mit der Bitte um die Kundennummer.")
VERMERK_LAENGSTENS = 20000          # so viel merkt sich die Mail von einem Vermerk, den jemand gerade schreibt
NICHT_BESTAETIGT = ("Bestätigen Sie zuerst die Zuordnung (Anliegen und Kundennummer) mit „Zuordnung bestätigen“: "
                    "Sie stammt aus einer früheren Bearbeitung dieser Mail, die abgebrochen ist.")
VERMERK_FEHLT = ("Ohne gesendete Antwort braucht die Mail einen Vermerk: Schreiben Sie, warum Sie sie ohne "
                 "Antwort erledigen (etwa „telefonisch geklärt“ oder „doppelt eingegangen“).")
VERMERK_UNVERAENDERT = ("Ohne gesendete Antwort ergänzen Sie den Kontaktvermerk: Schreiben Sie dazu, warum keine "
                        "Antwort an den Kunden geht (etwa „telefonisch geklärt“).")


class NichtBeansprucht(PermissionError):
    """Die Mail ist nicht (mehr) von diesem Benutzer beansprucht: etwa in einem zweiten Tab zurück in die
    Warteschlange gegeben. Die Meldung sagt das, nicht mehr (die Seite verweist auf die Warteschlange)."""


class OffenerEntwurf(ValueError):
    """„Erledigt“, obwohl ein Antwortentwurf nicht gesendet ist: er bliebe für immer liegen."""


class VermerkFehlt(ValueError):
    """„Erledigt“ ohne gesendete Antwort, aber ohne Vermerk (oder mit dem unveränderten Vorschlag der
    Arbeitshilfe): Warum keine Antwort hinausgeht, muss in der Kontakthistorie stehen. Die Meldung steht am Feld."""


def _protokoll(mail: Mail, benutzer: str, art: str, jetzt: dt.datetime, **details: Any) -> None:
    Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=benutzer, art=art, details=details)


def mail_beanspruchen(user: Any, mail_id: int, jetzt: dt.datetime) -> bool:
    """True, wenn `user` die Mail jetzt bearbeitet (auch wenn er sie schon hatte). Nur eine offene Mail der
    Warteschlange lässt sich übernehmen — keine aus der Quarantäne, keine erledigte oder verworfene."""
    benutzer = user.get_username()
    if _anspruch_setzen(Mail.objects.filter(id=mail_id), benutzer, jetzt):
        return True
    return Mail.objects.filter(id=mail_id, bearbeiter=benutzer, status=Mail.Status.IN_BEARBEITUNG).exists()


def _anspruch_setzen(mails: QuerySet[Mail], benutzer: str, jetzt: dt.datetime) -> bool:
    """Das bedingte UPDATE, mit dem jemand eine Mail übernimmt (`… WHERE bearbeiter = '' AND status = 'offen'`):
    von zwei Beschäftigten, die dieselbe Mail zugleich wollen, ändert genau eine die Zeile. `mails` nennt genau
    eine Mail (über ihre id)."""
    with transaction.atomic():
        if not mails.filter(bearbeiter="", status=Mail.Status.OFFEN).update(
                bearbeiter=benutzer, beansprucht_am=jetzt, status=Mail.Status.IN_BEARBEITUNG):
            return False
        _protokoll(mails.get(), benutzer, "beansprucht", jetzt)
    return True


def nicht_uebernommen(user: Any, mail_id: int) -> str:
    """Die Meldung, wenn `user` an einer Mail handelt, die er nicht (mehr) hat: NICHT_UEBERNOMMEN — oder, hat die
    Teamleitung sie ihm seit seiner letzten Übernahme freigegeben (services.warteschlange), wer das wann tat; hat
    er sie nie übernommen (kein Eintrag „beansprucht“ von ihm im Protokoll), NIE_UEBERNOMMEN."""
    benutzer = user.get_username()
    eintrag = (Protokoll.objects.filter(mail_id=mail_id)
               .filter(Q(art=TEAMLEITUNG_FREIGEGEBEN, details__bearbeiter=benutzer) | Q(art="beansprucht",
                                                                                        benutzer=benutzer))
               .order_by("-zeit", "-id").only("art", "benutzer", "zeit").first())
    if eintrag is None:          # nie übernommen: „nicht mehr“ stimmte nicht
        return NIE_UEBERNOMMEN
    if eintrag.art != TEAMLEITUNG_FREIGEGEBEN:
        return NICHT_UEBERNOMMEN
    zeit = timezone.localtime(eintrag.zeit)
    return TEAMLEITUNG_HAT_FREIGEGEBEN.format(wer=eintrag.benutzer, tag=f"{zeit:%d.%m.%Y}", uhr=f"{zeit:%H:%M}")


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
        raise NichtBeansprucht(nicht_uebernommen(user, mail_id))
    return mail


def _kontakt_abbrechen(mail: Mail, grund: str, durch: Any = None) -> None:
    """Ein offener Kontakt der Mail wird mit Ergebnis `abgebrochen` abgeschlossen und von der Mail gelöst:
    wer die Mail danach bearbeitet (oder nach neuem Anliegen), beginnt einen eigenen Kontakt. Schon
    Ausgeführtes (etwa eine ATV-Absage) steht im Vermerk des abgebrochenen Kontakts. `durch`: wer abbricht, wenn
    es nicht die Person ist, die den Kontakt führt (die Teamleitung gibt ihre Mail frei) — das Zugriffsprotokoll
    nennt dann sie, nicht die Person, der der Kontakt gehört."""
    kontakt = mail.kontakt
    if kontakt is None:
        return
    if kontakt.status == Kontakt.OFFEN:
        gespraech.kontakt_abschliessen(kontakt.user, kontakt, _vermerk(kontakt.user, kontakt,
                                                                       f"E-Mail-Bearbeitung abgebrochen ({grund}).",
                                                                       durch=durch), durch=durch)
    mail.kontakt = None
    mail.save(update_fields=["kontakt"])


def _vermerk(user: Any, kontakt: Kontakt, vor_dem_ende: str, durch: Any = None) -> str:
    """Der Vermerk des Leitfadens; vor dessen Ende `vor_dem_ende` und der bisher gegangene Weg."""
    ansicht = gespraech.kontakt_stand(user, kontakt, durch=durch)
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
        if not mail.kundennummer:
            raise GespraechFehler("ohne_kundennummer", OHNE_KUNDENNUMMER)
        try:
            return tun(mail, mail.kontakt)
        except GespraechFehler as f:
            fehler = f
    raise fehler


def bearbeitung_starten(user: Any, mail_id: int, jetzt: dt.datetime) -> Ansicht:
    """Beginnt die Arbeitshilfe zur Mail als Kontakt und geht bis zur ersten Frage — nur mit zugeordneter
    Kundennummer (sonst endete sie nach der Identitätsfrage ohne Auswahl). Standort ist wie am Telefon der des
    Arbeitsplatzes (gespraech.kontakt_starten): Er gilt für die Fassung und steht im Kopf des Vermerks. Ist sie
    schon gestartet, zeigt sie den Stand; wartet sie nach einer Störung auf ein Fachverfahren, versucht sie es
    erneut (Lesen schreibt nie, docs/adr/0005)."""
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        kontakt = mail.kontakt
        if kontakt is None:
            if mail.klasse and mail.bestaetigt_von != user.get_username():
                raise GespraechFehler("nicht_bestaetigt", NICHT_BESTAETIGT)
            if not mail.leitfaden:
                raise GespraechFehler("keine_arbeitshilfe", "Für die allgemeine Warteschlange gibt es keine "
                                      "Arbeitshilfe; antworten Sie direkt.")
            if not mail.kundennummer:
                raise GespraechFehler("ohne_kundennummer", OHNE_KUNDENNUMMER)
            kontakt = gespraech.kontakt_starten(user, mail.leitfaden, mail.kundennummer)
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


def vermerk_merken(user: Any, mail_id: int, text: str, grundlage: str = "") -> None:
    """Merkt sich, was im Feld „Kontaktvermerk“ steht (jede Änderung, htmx, und mit „Prüfen“, „Entwerfen“,
    „Verwerfen“), damit nichts davon verloren geht — weder über Vorschau und Senden noch über einen Schritt der
    Arbeitshilfe, der die Seite neu lädt. `grundlage`: der Vorschlag der Arbeitshilfe, den das Feld dabei zeigte
    (queries.vermerk_vorbelegung)."""
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        mail.vermerk_entwurf = _zeilen(text)[:VERMERK_LAENGSTENS]
        mail.vermerk_grundlage = _zeilen(grundlage)[:VERMERK_LAENGSTENS]
        mail.save(update_fields=["vermerk_entwurf", "vermerk_grundlage"])


def _zeilen(text: str) -> str:
    """Zeilenenden wie im Vermerk der Arbeitshilfe (ein Formularfeld schickt CR LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def mail_erledigen(user: Any, mail_id: int, jetzt: dt.datetime, vermerk: str | None = None) -> Mail:
    """Schließt die Mail ab und mit ihr den Kontakt; er erscheint damit in der Kontakthistorie des Kunden.

    Eine Regel, ob die Arbeitshilfe gestartet ist oder nicht: Ist keine Antwort freigegeben, braucht die Mail
    einen Vermerk, der sagt, warum (VermerkFehlt; der unveränderte Vorschlag der Arbeitshilfe genügt nicht). Mit
    gesendeter Antwort gilt ein leerer Vermerk als der Vorschlag der Arbeitshilfe (vor ihrem Ende: der bisherige
    Weg). Läuft keine Arbeitshilfe (Anliegen „Sonstiges“, nie gestartet oder unterwegs abgebrochen), bekommt die
    Mail mit Kundennummer genau einen Kontakt in der Historie, mit dem Vermerk und dem Ergebnis in Worten
    (`historie.ohne_arbeitshilfe_vermerken`); ohne Kundennummer gibt es keine Historie, der Vermerk steht bei der
    Mail. Eine zweite „Erledigt“ derselben Mail lehnt `_beansprucht` ab (NichtBeansprucht): kein zweiter Kontakt.
    Nicht mit einem ungesendeten Entwurf (OffenerEntwurf): der bliebe liegen, und der Kunde bekäme keine
    Antwort. Ist die Mail weitergeleitet, endet der Vermerk mit der Zeile dazu (weiterleitung.mit_weiterleitung)."""
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        if mail.antworten.filter(status=Antwort.Status.ENTWURF).exists():
            raise OffenerEntwurf("Zu dieser Mail liegt ein Antwortentwurf, der nicht gesendet ist. Senden Sie ihn "
                                 "(„Prüfen“, dann „Senden“) oder verwerfen Sie ihn, bevor Sie die Mail erledigen.")
        antwort = mail.antworten.filter(status__in=ANTWORT_HINAUS).order_by("erstellt").last()
        text = _zeilen(vermerk or "").strip()
        kontakt = mail.kontakt
        offen = kontakt is not None and kontakt.status == Kontakt.OFFEN
        if antwort is None:
            if not text:
                raise VermerkFehlt(VERMERK_FEHLT)
            if offen and kontakt is not None and text == _zeilen(gespraech.kontakt_stand(user, kontakt).vermerk).strip():
                raise VermerkFehlt(VERMERK_UNVERAENDERT)
        if offen and kontakt is not None:
            if not text:
                text = _vermerk(user, kontakt, "E-Mail-Bearbeitung vor dem Ende der Arbeitshilfe erledigt.")
            mail.kontakt = gespraech.kontakt_abschliessen(user, kontakt, mit_weiterleitung(mail, text))
        elif kontakt is None:
            if not text:
                text = f"E-Mail ohne Arbeitshilfe beantwortet (Antwort „{antwort.betreff if antwort else ''}“)."
            text = mit_weiterleitung(mail, text)
            mail.kontakt_ohne_arbeitshilfe = ohne_arbeitshilfe_vermerken(user, mail, text, antwort, jetzt)
            mail.vermerk = "" if mail.kontakt_ohne_arbeitshilfe is not None else text
        mail.status, mail.erledigt_am = Mail.Status.ERLEDIGT, jetzt
        mail.vermerk_entwurf = mail.vermerk_grundlage = ""
        mail.save(update_fields=["status", "erledigt_am", "kontakt", "kontakt_ohne_arbeitshilfe", "vermerk",
                                 "vermerk_entwurf", "vermerk_grundlage"])
        historie = mail.kontakt or mail.kontakt_ohne_arbeitshilfe
        _protokoll(mail, benutzer, "erledigt", jetzt, ergebnis=historie.ergebnis if historie else "",
                   beantwortet=antwort is not None, kontakt=str(historie.pk) if historie else "")
    return mail


IDENTITAET_OHNE_ADRESSE = (
    "Die Identität lässt sich per E-Mail nicht bestätigen: Die Absenderadresse ist in VerBIS nicht bei der "
    "Kundennummer {kundennummer} hinterlegt. Antworten Sie hier mit „Nein“ — ohne Kundendaten und ohne Änderung in "
    "den Fachverfahren — und bitten Sie um Angaben zur Person (Vorlage „{titel}“) oder verweisen Sie auf das "
    "Postfach im eService.")


def identitaet_pruefung(user: Any, kontakt: Any, fakt: str, wert: Any) -> None:
    """„Identität geprüft: ja“ im Gespräch einer Mail nur, wenn VerBIS die Absenderadresse beim zugeordneten Kunden
    hinterlegt hat (domain.md, Identität: per E-Mail Falldaten nur an die hinterlegte Adresse; eine gescheiterte
    Prüfung heißt keine Falldaten, keine Statusänderung). Sonst Abgelehnt `identitaet_adresse`, nichts geändert.
    Rundgang: Ein Fremder nannte eine fremde Kundennummer — nach „Ja“ standen dessen Daten da, und die Arbeitshilfe
    bot an, seine Termine im ATV zu ändern. Angemeldet beim Gespräch (apps.py, antwort_pruefung_anmelden)."""
    if getattr(kontakt, "kanal", "") != "emb" or fakt != IDENTITAET or wert not in (True, "ja", "true", "True"):
        return
    mail = Mail.objects.filter(kontakt_id=kontakt.pk).only("absender", "kundennummer").first()
    if mail is None or absender_hinterlegt(mail):
        return
    raise Abgelehnt("identitaet_adresse", IDENTITAET_OHNE_ADRESSE.format(
        kundennummer=mail.kundennummer or "–", titel=VORLAGEN["identitaet_unklar"].titel))


def schritt_sperre(user: Any, kontakt: Any) -> None:
    """Für einen Schritt im Gespräch einer Mail (auch direkt über /kontakt/…/antwort/), `kontakt` als Kontakt oder
    seine id: Wirft Konflikt (ein GespraechFehler; API 409) `mail_nicht_uebernommen`, wenn `user` die Mail dieses
    Kontakts nicht mehr bearbeitet — etwa weil er sie in einem anderen Tab zurück in die Warteschlange gegeben oder
    erledigt hat oder jemand anderes sie jetzt hat (der Kontakt ist dann abgeschlossen, und das Gespräch sagte sonst
    nur „Dieser Kontakt ist abgeschlossen …“). Bearbeitet er sie noch, hängt aber ein anderer Kontakt an ihr (die
    Zuordnung wurde in einem anderen Tab geändert, die Arbeitshilfe dazu ist abgebrochen): `arbeitshilfe_abgebrochen`.
    Die Mail findet sich auch, wenn der Kontakt von ihr gelöst wurde (Protokoll `arbeitshilfe_gestartet`). Kontakte
    anderer Kanäle (Telefon) lässt sie ohne Abfrage durch. Angemeldet beim Gespräch (apps.py,
    gespraech.services.schritt_sperre_anmelden): es ruft sie vor jedem Schritt, bevor es etwas ändert."""
    if getattr(kontakt, "kanal", "emb") != "emb":
        return
    schluessel = str(getattr(kontakt, "pk", kontakt))
    mail = (Mail.objects.filter(kontakt_id=schluessel).only("bearbeiter", "status", "kontakt").first()
            or Mail.objects.filter(protokoll__art="arbeitshilfe_gestartet", protokoll__details__kontakt=schluessel)
            .only("bearbeiter", "status", "kontakt").first())
    if mail is None:
        return
    if mail.bearbeiter != user.get_username() or mail.status != Mail.Status.IN_BEARBEITUNG:
        raise Konflikt("mail_nicht_uebernommen", nicht_uebernommen(user, mail.pk))
    if str(mail.kontakt_id) != schluessel:
        raise Konflikt("arbeitshilfe_abgebrochen", ARBEITSHILFE_ABGEBROCHEN)
