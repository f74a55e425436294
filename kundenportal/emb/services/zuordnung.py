"""Zuordnung bestätigen oder korrigieren: Wer die Mail bearbeitet, prüft den Vorschlag (Anliegen, Kundennummer) und
bestätigt ihn selbst, bevor die Arbeitshilfe startet oder die Mail weitergeleitet wird; eine Korrektur wird
festgehalten (Grundlage, die Regeln zu verbessern). Sobald Antwort, Ergebnis der Arbeitshilfe oder Weiterleitung auf
Kunde und Anliegen beruhen, steht die Zuordnung fest (`zuordnung_sperre`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.lauf import Lauf

from ..models import Korrektur, Mail
from ..weiterleitung import stelle, weiterleitung
from ..zuordnung import ARBEITSHILFEN, KLASSEN, KLASSEN_TEXTE
from .bearbeitung import ANTWORT_HINAUS, _beansprucht, _entwuerfe_verwerfen, _kontakt_abbrechen, _protokoll
from .kundennummer import kundennummer_pruefen


class ZuordnungGesperrt(ValueError):
    """Die Zuordnung lässt sich nicht mehr ändern (`zuordnung_sperre`: Antwort freigegeben oder Arbeitshilfe
    bis zum Ergebnis durchlaufen, oder die Mail ist weitergeleitet)."""


def zuordnung_sperre(mail: Mail) -> str:
    """Warum sich die Zuordnung (Anliegen, Kundennummer) nicht mehr ändern lässt — "" wenn sie es noch tut: Die
    Antwort an den Kunden ist freigegeben (auch gesendet, fehlgeschlagen oder unzustellbar), oder die
    Arbeitshilfe ist bis zu ihrem Ergebnis durchlaufen. Beides beruht auf Kunde und Anliegen; eine andere
    Zuordnung schlösse den fertigen Kontakt und begänne für einen anderen Kunden neu. Ebenso, wenn die Mail an eine
    Stelle weitergeleitet ist: Deren Aufgabe nennt diese Kundennummer."""
    if mail.antworten.filter(status__in=ANTWORT_HINAUS).exists():
        return ("Die Zuordnung lässt sich nicht mehr ändern: Die Antwort an den Kunden ist freigegeben; sie beruht "
                "auf dieser Kundennummer und diesem Anliegen.")
    w = weiterleitung(mail)
    if w is not None:
        return (f"Die Zuordnung lässt sich nicht mehr ändern: Die Mail ist an {stelle(w.an)} weitergeleitet; die "
                f"Aufgabe dort nennt diese Kundennummer.")
    kontakt = Kontakt.objects.filter(pk=mail.kontakt_id).only("status", "lauf").first() if mail.kontakt_id else None
    if kontakt is not None and (kontakt.status != Kontakt.OFFEN or Lauf.aus_json(kontakt.lauf).ergebnis is not None):
        return ("Die Zuordnung lässt sich nicht mehr ändern: Die Arbeitshilfe ist bis zu ihrem Ergebnis "
                "durchlaufen; Ergebnis, Kontaktvermerk und Antwort beruhen auf dieser Kundennummer und diesem "
                "Anliegen.")
    return ""


def zuordnung_bestaetigen(user: Any, mail_id: int, klasse: str, jetzt: dt.datetime,
                          kundennummer: str | None = None) -> Mail:
    """Die Beschäftigten bestätigen den Vorschlag oder korrigieren ihn; eine Korrektur wird
    festgehalten (Grundlage, die Regeln zu verbessern). Eine geänderte Klasse wählt die Arbeitshilfe neu.
    `kundennummer`: None lässt sie, wie sie ist; "" entfernt sie; sonst gilt sie nur, wenn sie die Form einer
    Kundennummer hat und VerBIS den Kunden kennt (`kundennummer_pruefen`, sonst KundennummerUngueltig)."""
    if klasse not in KLASSEN:
        raise ValueError("Bitte wählen Sie ein Anliegen aus der Liste.")
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _beansprucht(user, mail_id)
        sperre = zuordnung_sperre(mail)
        if sperre:
            raise ZuordnungGesperrt(sperre)
        kundennummer = kundennummer_pruefen(kundennummer) if kundennummer is not None else mail.kundennummer
        if klasse != mail.vorschlag:
            Korrektur.objects.create(mail=mail, vorschlag=mail.vorschlag, klasse=klasse, durch=benutzer, zeit=jetzt)
        if klasse != mail.aktuelle_klasse or kundennummer != mail.kundennummer:
            _kontakt_abbrechen(mail, f"Zuordnung geändert: {KLASSEN_TEXTE[klasse]}, Kundennummer "
                                     f"{kundennummer or 'keine'}")
            # Der Entwurf gehört zur alten Zuordnung (Name, Kundennummer, Termin des bisherigen Kunden); die
            # Seite sagt, dass er verworfen ist (views.zuordnung). Ebenso der Vermerk zum abgebrochenen Kontakt.
            _entwuerfe_verwerfen(mail, benutzer, jetzt, "Zuordnung geändert")
            mail.vermerk_entwurf = mail.vermerk_grundlage = ""
        mail.klasse, mail.bestaetigt_von = klasse, benutzer
        mail.leitfaden = ARBEITSHILFEN.get(klasse, "")
        if kundennummer != mail.kundennummer:
            mail.kundennummer, mail.kundennummer_quelle = kundennummer, "beschaeftigte"
        mail.save()
        _protokoll(mail, benutzer, "zuordnung", jetzt, vorschlag=mail.vorschlag, klasse=klasse,
                   kundennummer=mail.kundennummer)
    return mail
