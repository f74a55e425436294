"""Einlesen: eine Mail genau einmal speichern, egal wie oft sie angeliefert wird (Issue 6, Punkt 1).

Die Idempotenz trägt die Datenbank: `Mail.message_id` ist eindeutig. Jede Mail wird in ihrer eigenen
Transaktion gespeichert; bricht ein Lauf mitten im Stapel ab, sind die bisherigen Mails vollständig
da, und der nächste Lauf überspringt sie (IntegrityError → vorhandene Mail)."""

from __future__ import annotations

import datetime as dt
import mailbox
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from kundenportal.fachverfahren.registry import systeme

from ..mime import zerlegen
from ..models import Anhang, Mail, Protokoll
from ..zuordnung import klassifizieren
from .antwort import bounce_verbuchen


@dataclass(frozen=True)
class Eingelesen:
    mail: Mail
    neu: bool


def _jetzt() -> dt.datetime:
    from kundenportal.zeit import jetzt

    return jetzt()


def kunde_zum_absender(adresse: str) -> str | None:
    """Kundennummer zu einer in VerBIS hinterlegten Absenderadresse (über den Port, nie die Tabelle)."""
    kunde = systeme().verbis.kunde_per_email(adresse) if adresse else None
    return kunde.kundennummer if kunde else None


def mail_einlesen(roh: bytes, *, quelle: str, jetzt: dt.datetime | None = None) -> Eingelesen:
    """Zerlegt, ordnet zu und speichert eine Mail samt Anhängen — oder gibt die schon gespeicherte
    mit derselben Message-ID zurück. Wirft nie wegen kaputter Kodierung (siehe mime.zerlegen)."""
    z = zerlegen(roh)
    vorhanden = Mail.objects.filter(message_id=z.message_id).first()
    if vorhanden is not None:
        return Eingelesen(vorhanden, neu=False)
    v = klassifizieren(z.betreff, z.text, [a.dateiname for a in z.anhaenge], z.auto_antwort)
    kundennummer, herkunft = v.kundennummer, "mail"
    if kundennummer is None:
        kundennummer, herkunft = kunde_zum_absender(z.absender), "absender"
    zeit = jetzt or _jetzt()
    try:
        with transaction.atomic():
            mail = Mail.objects.create(
                message_id=z.message_id, roh=roh, quelle=quelle[:200], eingegangen=zeit, datum=z.datum,
                absender=z.absender[:320], absender_name=z.absender_name[:300], betreff=z.betreff[:1000],
                text=z.text, warnungen=z.warnungen, kundennummer=kundennummer or "",
                kundennummer_quelle=herkunft if kundennummer else "", vorschlag=v.klasse,
                vorschlag_gruende=v.gruende, leitfaden=v.arbeitshilfe)
            Anhang.objects.bulk_create(
                Anhang(mail=mail, nummer=i, dateiname=a.dateiname[:300], content_type=a.content_type[:150],
                       daten=a.daten, groesse=len(a.daten)) for i, a in enumerate(z.anhaenge, start=1))
            Protokoll.objects.create(mail=mail, zeit=zeit, benutzer="system", art="eingelesen",
                                     details={"quelle": quelle, "vorschlag": v.klasse, "warnungen": z.warnungen})
            # in derselben Transaktion: keine Unzustellbarkeitsmeldung ist eingelesen, aber nicht verbucht
            if bounce_verbuchen(mail, zeit) is not None:
                mail.refresh_from_db()
    except IntegrityError:
        # gleichzeitig von einem anderen Worker eingelesen: die Mail gibt es genau einmal
        return Eingelesen(Mail.objects.get(message_id=z.message_id), neu=False)
    return Eingelesen(mail, neu=True)


def mails_einlesen(rohe: Iterable[bytes], *, quelle: str) -> int:
    """Liest einen Stapel ein; gibt die Zahl der neuen Mails zurück."""
    return sum(mail_einlesen(roh, quelle=quelle).neu for roh in rohe)


def eml_dateien(pfad: Path) -> list[Path]:
    return sorted(pfad.rglob("*.eml")) if pfad.is_dir() else [pfad]


def eml_importieren(pfad: Path) -> int:
    """Import von .eml-Dateien (eine Datei oder ein Verzeichnis, rekursiv) für die Migration."""
    return sum(mail_einlesen(datei.read_bytes(), quelle=f"eml:{datei.name}").neu for datei in eml_dateien(pfad))


def maildir_importieren(pfad: Path) -> int:
    """Import eines Maildir-Ordners (new/ und cur/); die Dateien bleiben unverändert liegen."""
    ordner = mailbox.Maildir(pfad, factory=None, create=False)
    neu = 0
    try:
        for schluessel in sorted(ordner.iterkeys()):
            with ordner.get_file(schluessel) as datei:
                roh = datei.read()
            neu += mail_einlesen(roh, quelle=f"maildir:{pfad.name}").neu
    finally:
        ordner.close()
    return neu
