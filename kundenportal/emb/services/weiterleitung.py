"""Eine Mail an die zuständige Stelle weiterleiten (emb/weiterleitung.py): als Aufgabe in deren Postkorb, über den
Aufgaben-Port — derselbe Weg, auf dem eine Arbeitshilfe abgibt (Aktion `aufgaben.erstellen`).

Weiterleiten ist eine zuordenbare Handlung: Wer, wann, an welche Stelle, mit welchem Hinweis, steht im Protokoll der
Mail (Art `weitergeleitet`, mit der Nummer der Aufgabe), beim Erledigen im Kontaktvermerk (`bearbeitung.mail_erledigen`
mit `weiterleitung.mit_weiterleitung`) und im Zugriffsprotokoll (die Seite, `emb_mail_weiterleiten`). Nur wer die
Mail bearbeitet, und nur im Rechtskreis der Mail.

Eine Mail geht höchstens einmal an eine Stelle: Die Mail ist gesperrt, solange weitergeleitet wird; wer dasselbe
noch einmal schickt (Doppelklick, zurück im Browser, zweiter Tab), bekommt die bestehende Weiterleitung zurück,
keine zweite Aufgabe. Ein anderes Ziel oder ein anderer Hinweis danach wird abgelehnt und nennt die erste."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech.fehler import KeinZugriff
from kundenportal.konten.felder import hat_markup
from kundenportal.konten.services import zugriff_verweigert_protokollieren

from ..antwortdaten import identitaet_bestaetigt
from ..models import Mail, Weiterleitung
from ..weiterleitung import (
    ART,
    HINWEIS_LAENGSTENS,
    aufgabe,
    stelle,
    weiterleiten_sperre,
    weiterleitung,
    ziele_fuer,
)
from .bearbeitung import NichtBeansprucht, _protokoll, _zeilen, nicht_uebernommen

ZIEL_FEHLT = "Zuständige Stelle: Bitte wählen Sie, an welche Stelle die Mail geht."
ZIEL_UNBEKANNT = ("Zuständige Stelle: Diese Stelle gibt es für diese Mail nicht (mehr). Bitte wählen Sie eine Stelle "
                  "aus der Liste.")
HINWEIS_FEHLT = ("Hinweis für die Stelle: Bitte schreiben Sie, was die Stelle tun soll (etwa „Gesundmeldung ab "
                 "24.03.2020 erfassen“).")
HINWEIS_MARKUP = ("Hinweis für die Stelle: Bitte ohne HTML-Auszeichnungen wie <b>; „<“ und „>“ allein (etwa „Frist > 2 "
                  "Wochen“) sind erlaubt.")
NICHT_ERREICHBAR = ("Die Postkörbe sind zurzeit nicht erreichbar ({grund}); die Mail ist nicht weitergeleitet. Ihre "
                    "Eingaben stehen noch da — versuchen Sie es in einigen Minuten erneut.")
SCHON_WEITERGELEITET = ("Diese Mail ist schon weitergeleitet: am {tag} um {uhr} Uhr an {stelle} (durch {wer}). Eine Mail "
                        "geht nur einmal an eine Stelle; Ihre Eingabe ist nicht gespeichert. Soll noch eine Stelle "
                        "etwas tun, schreiben Sie es in den Hinweis der Aufgabe oder rufen Sie sie an.")
NICHT_IN_BEARBEITUNG = "{stand} Weiterleiten lässt sich nur eine Mail, die Sie gerade bearbeiten; sie ist nicht weitergeleitet."


class WeiterleitungUngueltig(ValueError):
    """Ziel oder Hinweis passen nicht, oder die Postkörbe sind nicht erreichbar. `fehler`: je Formularfeld (`ziel`,
    `hinweis`; `formular` für das Ganze) die deutsche Meldung — die Seite zeigt sie am Feld."""

    def __init__(self, fehler: dict[str, str]) -> None:
        super().__init__(" ".join(fehler.values()))
        self.fehler = fehler


class WeiterleitungGesperrt(ValueError):
    """Die Mail lässt sich noch nicht weiterleiten (`weiterleitung.weiterleiten_sperre`: Zuordnung nicht selbst
    bestätigt, keine Kundennummer); die Meldung sagt, was vorher zu tun ist. Nichts gespeichert."""


class SchonWeitergeleitet(ValueError):
    """Die Mail ist schon weitergeleitet — an eine andere Stelle, mit anderem Hinweis oder durch jemand anderen (etwa
    in einem zweiten Tab): keine zweite Aufgabe; die Meldung nennt die erste Weiterleitung."""


def hinweis_lesen(hinweis: str) -> str:
    """Der Hinweis, wie er gespeichert wird: Zeilenenden wie in einer Textarea (ein Zeichen), ohne Leerraum am Rand."""
    return _zeilen(str(hinweis or "")).strip()


def _eingaben_pruefen(mail: Mail, ziel: str, hinweis: str) -> None:
    """Alle Fehler auf einmal, je am Feld: Ziel aus der Liste (im Rechtskreis der Mail), Hinweis nicht leer, nicht
    länger als HINWEIS_LAENGSTENS, ohne Markup (es ginge in Aufgabe und Kontaktvermerk weiter)."""
    fehler: dict[str, str] = {}
    if not ziel:
        fehler["ziel"] = ZIEL_FEHLT
    elif ziel not in {z.postkorb for z in ziele_fuer(mail)}:
        fehler["ziel"] = ZIEL_UNBEKANNT
    if not hinweis:
        fehler["hinweis"] = HINWEIS_FEHLT
    elif len(hinweis) > HINWEIS_LAENGSTENS:
        fehler["hinweis"] = (f"Hinweis für die Stelle: Der Hinweis ist {len(hinweis)} Zeichen lang; erlaubt sind "
                             f"höchstens {HINWEIS_LAENGSTENS}.")
    elif hat_markup(hinweis):
        fehler["hinweis"] = HINWEIS_MARKUP
    if fehler:
        raise WeiterleitungUngueltig(fehler)


def _schon_weitergeleitet(w: Weiterleitung) -> str:
    zeit = timezone.localtime(w.zeit)
    return SCHON_WEITERGELEITET.format(tag=f"{zeit:%d.%m.%Y}", uhr=f"{zeit:%H:%M}", stelle=stelle(w.an), wer=w.durch)


def mail_weiterleiten(user: Any, mail_id: int, ziel: str, hinweis: str,
                      jetzt: dt.datetime) -> tuple[Weiterleitung, bool]:
    """Leitet die Mail an die Stelle `ziel` (ein Postkorb aus `weiterleitung.ziele_fuer`) weiter, mit dem Hinweis
    für die Stelle. Gibt die Weiterleitung zurück und ob jetzt weitergeleitet wurde (False: genau diese Weiterleitung durch
    diese Person bestand schon — doppelt abgeschickt). Abgelehnt: ohne Rechtskreis der Mail (KeinZugriff, im
    Zugriffsprotokoll als verweigert), wenn die Person die Mail nicht bearbeitet oder sie schon anders weitergeleitet
    ist (NichtBeansprucht, SchonWeitergeleitet), vor der eigenen Bestätigung der Zuordnung und ohne Kundennummer
    (WeiterleitungGesperrt), falsche Eingaben und nicht erreichbare Postkörbe (WeiterleitungUngueltig; nichts
    gespeichert)."""
    from kundenportal.konten.zugriff import darf_mail_sehen

    benutzer = user.get_username()
    vorab = Mail.objects.only("id", "kontakt", "kundennummer").select_related("kontakt").filter(id=mail_id).first()
    if vorab is None:
        raise NichtBeansprucht("Diese Mail gibt es nicht (mehr).")
    if not darf_mail_sehen(user, vorab):
        zugriff_verweigert_protokollieren(user, "emb_mail_weiterleiten", kundennummer=vorab.kundennummer,
                                          kontakt=vorab.kontakt_id)
        raise KeinZugriff("Diese Mail gehört zu einem anderen Rechtskreis; Sie dürfen sie nicht weiterleiten.")
    hinweis = hinweis_lesen(hinweis)
    with transaction.atomic():
        mail = Mail.objects.select_for_update().get(id=mail_id)      # ohne JOIN: FOR UPDATE nur auf die Mail
        bisher = weiterleitung(mail)
        if bisher is not None:
            if (bisher.an, bisher.hinweis, bisher.durch) == (ziel, hinweis, benutzer):
                return bisher, False
            raise SchonWeitergeleitet(_schon_weitergeleitet(bisher))
        if mail.status != Mail.Status.IN_BEARBEITUNG and mail.status != Mail.Status.OFFEN:
            raise NichtBeansprucht(NICHT_IN_BEARBEITUNG.format(stand=mail.stand_satz))
        if mail.status != Mail.Status.IN_BEARBEITUNG or mail.bearbeiter != benutzer:
            raise NichtBeansprucht(nicht_uebernommen(user, mail_id))
        sperre = weiterleiten_sperre(mail, benutzer)
        if sperre:
            raise WeiterleitungGesperrt(sperre)
        _eingaben_pruefen(mail, ziel, hinweis)
        betreff, text = aufgabe(mail, hinweis, benutzer, jetzt, identitaet_bestaetigt(mail))
        kontakt = str(mail.kontakt_id or "")
        try:
            neu = systeme().aufgaben.erstellen(ziel, betreff, mail.kundennummer, text, benutzer, kontakt)
        except SystemNichtErreichbar as f:
            raise WeiterleitungUngueltig({"formular": NICHT_ERREICHBAR.format(grund=f)}) from None
        w = Weiterleitung.objects.create(mail=mail, an=ziel, hinweis=hinweis, durch=benutzer, zeit=jetzt, aufgabe=neu.id)
        _protokoll(mail, benutzer, ART, jetzt, an=ziel, stelle=stelle(ziel), hinweis=hinweis, aufgabe=neu.id,
                   kontakt=kontakt)
    return w, True
