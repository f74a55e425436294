"""Entwürfe neuer Fassungen der anderen Arbeitsmittel (Aufgabensteckbriefe, QS-Anlagen 2.2.x, Führungsprozess-
Anlagen 5 und 7; Weisung 202003006): beginnen aus der neuesten veröffentlichten Fassung, im Quelltext speichern
(optimistische Sperre wie beim Entwurf eines Leitfadens), ins Paket der Weisung aufnehmen, mit dem Paket
veröffentlichen (gesiegelte Katalogdatei art arbeitsmittel, gültig ab dem Datum der Freigabe) oder zurückrufen.

Geprüft wird mit dem Lader der Arbeitsmittel gegen den Katalog (redaktion/arbeitsmittel.py): jeder Befund mit
Datei:Zeile und Feld; ein Entwurf mit Befunden bleibt ein Entwurf (gespeichert wird trotzdem: nichts geht verloren)."""

from __future__ import annotations

import datetime as dt
from hashlib import sha256
from typing import Any

from django.db import transaction

from kundenportal import zeit
from kundenportal.leitfaden.katalog import Katalog

from .. import grenzen
from ..arbeitsmittel import befunde_json, entwurf_pruefen, entwurfspfad, kopf_datum
from ..mitarbeit import vermerken
from ..models import ArbeitsmittelEntwurf, Freigabepaket, Katalogdatei, Protokolleintrag
from .entwurf import EntwurfFehler, Konflikt, kopf_setzen
from .protokoll import eintragen
from .weisung import FreigabeFehler


def neueste(ordner: str) -> Katalogdatei | None:
    """Die veröffentlichte Fassung mit dem jüngsten Stand im Ordner `ordner` (arbeitsmittel/<art>/<nummer>)."""
    return (Katalogdatei.objects.filter(art=Katalogdatei.ARBEITSMITTEL, status=Katalogdatei.VEROEFFENTLICHT,
                                        pfad__startswith=f"{ordner}/").order_by("-stand").first())


def ordner_von(basis: Katalogdatei) -> str:
    return basis.pfad.rsplit("/", 1)[0]


def _pruefen(e: ArbeitsmittelEntwurf, katalog: Katalog) -> list[dict[str, Any]]:
    befunde, _ = entwurf_pruefen(katalog, e.ordner, e.text, e.basis.stand)
    return befunde_json(befunde)


@transaction.atomic
def beginnen(user: Any, katalog: Katalog, *, basis: Katalogdatei, stand: dt.date,
             gueltig_ab: dt.date | None = None) -> ArbeitsmittelEntwurf:
    """Ein Entwurf der nächsten Fassung: der Text der neuesten veröffentlichten Fassung mit neuem `stand`, `gueltig_ab`
    (Standard: der Stand), `vorgaenger` = Stand der Basis, ohne `gueltig_bis`. Der Stand liegt nach dem der Basis."""
    if basis.art != Katalogdatei.ARBEITSMITTEL or basis.status != Katalogdatei.VEROEFFENTLICHT:
        raise EntwurfFehler("basis_ungueltig", "Basis: bitte eine veröffentlichte Fassung eines Arbeitsmittels wählen.")
    ordner = ordner_von(basis)
    jung = neueste(ordner)
    if jung is not None and jung.pk != basis.pk:
        raise EntwurfFehler("basis_abgeloest", f"Basis: {basis.schluessel} ist nicht die neueste Fassung — aus "
                                               f"{jung.schluessel} beginnen (sonst fehlen deren Änderungen).")
    if basis.stand is not None and stand <= basis.stand:
        raise EntwurfFehler("stand_zu_frueh", f"Stand: der neue Stand muss nach dem {basis.stand:%d.%m.%Y} liegen — "
                                              f"dem Stand der neuesten Fassung (eingegeben: {stand:%d.%m.%Y}).")
    ab = gueltig_ab or stand
    if ab < stand:
        raise EntwurfFehler("gueltig_ab_vor_stand", f"Gültig ab: {ab:%d.%m.%Y} liegt vor dem Stand "
                                                    f"({stand:%d.%m.%Y}); ein Datum ab dem Stand wählen.")
    text = kopf_setzen(basis.text, "stand", stand.isoformat())
    text = kopf_setzen(kopf_setzen(text, "gueltig_ab", ab.isoformat()), "gueltig_bis", None)
    if basis.stand is not None:
        text = kopf_setzen(text, "vorgaenger", basis.stand.isoformat())
    jetzt = zeit.jetzt()
    e = ArbeitsmittelEntwurf(basis=basis, ordner=ordner, text=text, autor=user, angelegt=jetzt, geaendert=jetzt,
                             bearbeiter=vermerken([], user, "Entwurf begonnen"))
    e.befunde = _pruefen(e, katalog)
    e.save()
    eintragen(user, "arbeitsmittel_begonnen", f"arbeitsmittel:{e.pk}", basis=basis.schluessel)
    return e


def _konflikt(e: ArbeitsmittelEntwurf, user: Any, version: int) -> Konflikt:
    letzte = (Protokolleintrag.objects.filter(objekt=f"arbeitsmittel:{e.pk}").select_related("user")
              .order_by("-zeit", "-pk").first())
    wer = ""
    if letzte is not None and letzte.user is not None:
        wer = "Ihnen selbst (in einem anderen Fenster oder Tab)" if letzte.user_id == getattr(user, "pk", None) \
            else str(letzte.user.get_username())
    von = f", gespeichert von {wer}" if wer else ""
    return Konflikt(f"Der Entwurf wurde inzwischen gespeichert (Version {e.version}{von}); Ihre Bearbeitung beruht "
                    f"auf Version {version}. Ihre Änderung ist nicht gespeichert und hat nichts überschrieben: den "
                    "gespeicherten Stand ansehen, Ihre Änderung dort noch einmal vornehmen und speichern.",
                    version=e.version, basis=version, wer=wer, wann=e.geaendert)


def gesperrt(e: ArbeitsmittelEntwurf) -> bool:
    return e.paket is not None and e.paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN)


@transaction.atomic
def speichern(user: Any, pk: int, katalog: Katalog, *, text: str, version: int) -> ArbeitsmittelEntwurf:
    """Speichert `text`, wenn `version` die gespeicherte ist (sonst Konflikt, nichts überschrieben), und legt die
    Befunde ab. Unlesbares YAML wird gespeichert wie jede Eingabe: der Befund nennt die Zeile."""
    text = text.replace("\r\n", "\n")
    if meldung := grenzen.zu_lang("Quelltext", len(text), grenzen.QUELLTEXT):
        raise EntwurfFehler("text_zu_lang", meldung)
    e = ArbeitsmittelEntwurf.objects.select_for_update().filter(pk=pk).first()
    if e is None:
        raise EntwurfFehler("entwurf_fehlt", f"Entwurf {pk} gibt es nicht mehr (veröffentlicht oder verworfen): "
                                             "Ihre Änderung ist nicht gespeichert.")
    if gesperrt(e):
        raise EntwurfFehler("eingereicht", "Der Entwurf liegt zur Freigabe vor und ist bis dahin gesperrt.")
    if version != e.version:
        raise _konflikt(e, user, version)
    geaendert = text != e.text
    e.text = text
    e.befunde = _pruefen(e, katalog)
    e.bearbeiter = vermerken(e.bearbeiter, user, "Quelltext gespeichert")
    e.version += 1
    e.geaendert = zeit.jetzt()
    e.save()
    eintragen(user, "arbeitsmittel_gespeichert", f"arbeitsmittel:{e.pk}", version=e.version, befunde=len(e.befunde),
              geaendert=geaendert)
    return e


@transaction.atomic
def zuordnen(user: Any, paket_id: int, pk: int, *, zuordnen: bool = True) -> ArbeitsmittelEntwurf:
    """Nimmt den Entwurf ins Paket auf (oder heraus). Er nennt die Weisung des Pakets (`weisung:` im Text)."""
    from ..mitarbeit import bearbeiter_des_pakets

    paket = Freigabepaket.objects.select_for_update().get(pk=paket_id)
    if paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise FreigabeFehler("paket_gesperrt", f"Das Paket ist {paket.get_status_display()}: keine Änderung möglich.")
    e = ArbeitsmittelEntwurf.objects.select_for_update().filter(pk=pk).first()
    if e is None:
        raise FreigabeFehler("entwurf_fehlt", f"Entwurf {pk} gibt es nicht mehr: die Seite neu laden.")
    if zuordnen and e.paket_id not in (None, paket.pk):
        raise FreigabeFehler("anderes_paket", "Der Entwurf gehört schon zu einem anderen Paket.")
    weisung = _weisung(e.text)
    if zuordnen and not weisung:
        raise FreigabeFehler("unlesbar", f"{e.titel} (Entwurf {e.pk}) lässt sich nicht lesen oder nennt keine Weisung: "
                                         "erst die Befunde auf der Seite des Entwurfs beheben, dann aufnehmen.")
    if zuordnen and weisung != paket.weisung:
        raise FreigabeFehler("weisung_abweichend", f"{e.titel} (Entwurf {e.pk}) nennt Weisung {weisung or '—'}, dieses "
                                                   f"Paket gehört zu Weisung {paket.weisung}: im Entwurf weisung: "
                                                   f"\"{paket.weisung}\" eintragen.")
    e.paket = paket if zuordnen else None
    e.save(update_fields=["paket"])
    paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, f"Arbeitsmittel {e.titel} "
                                                                      f"{'aufgenommen' if zuordnen else 'herausgenommen'}")
    paket.save(update_fields=["bearbeiter"])
    eintragen(user, "arbeitsmittel_zugeordnet" if zuordnen else "arbeitsmittel_herausgenommen", f"paket:{paket.pk}",
              entwurf=e.pk, arbeitsmittel=e.titel)
    return e


def _weisung(text: str) -> str:
    from kundenportal.leitfaden.fehler import KatalogFehler
    from kundenportal.leitfaden.quelle import ZDict, lesen_text

    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return ""
    return str(roh.get("weisung") or "") if isinstance(roh, ZDict) else ""


def bereit(paket: Freigabepaket, katalog: Katalog, gueltig_ab: dt.date | None = None) -> None:
    """Die Entwürfe von Arbeitsmitteln des Pakets sind ohne Befunde (mit `gueltig_ab`: so, wie sie veröffentlicht
    würden) — sonst FreigabeFehler mit Datei:Zeile und Feld des ersten Befunds."""
    for e in paket.arbeitsmittel_entwuerfe.select_related("basis").order_by("pk"):
        text = kopf_setzen(e.text, "gueltig_ab", gueltig_ab.isoformat()) if gueltig_ab else e.text
        stand = kopf_datum(text, "stand")
        if gueltig_ab is not None and stand is not None and gueltig_ab < stand:
            raise FreigabeFehler("vor_vorschlag", f"Gültig ab: {gueltig_ab:%d.%m.%Y} liegt vor dem Stand "
                                                  f"{stand:%d.%m.%Y} von {e.titel}; ein Datum ab dem Stand wählen.")
        befunde, _ = entwurf_pruefen(katalog, e.ordner, text, e.basis.stand)
        if befunde:
            b = befunde[0]
            raise FreigabeFehler("arbeitsmittel_befunde", f"{e.titel} (Entwurf {e.pk}) hat {len(befunde)} "
                                                          f"Befund(e), zuerst {b.datei}:{b.zeile}, Feld {b.feld or '—'}: "
                                                          f"{b.meldung}")


def veroeffentlichen(paket: Freigabepaket, gueltig_ab: dt.date, jetzt: dt.datetime) -> list[str]:
    """Jeder Entwurf eines Arbeitsmittels im Paket wird gesiegelte Katalogdatei, gültig ab `gueltig_ab`; die
    Bearbeiter gehen an sie über. Gibt die Schlüssel der neuen Fassungen zurück."""
    neu = []
    for e in list(paket.arbeitsmittel_entwuerfe.select_related("basis").order_by("pk")):
        text = kopf_setzen(e.text, "gueltig_ab", gueltig_ab.isoformat())
        pfad = entwurfspfad(e.ordner, text, e.basis.stand)
        d = Katalogdatei.objects.create(art=Katalogdatei.ARBEITSMITTEL, pfad=pfad, text=text,
                                        inhalt_hash=sha256(text.encode("utf-8")).hexdigest(),
                                        stand=kopf_datum(text, "stand"), gueltig_ab=gueltig_ab,
                                        gueltig_bis=kopf_datum(text, "gueltig_bis"), freigabe=paket, angelegt=jetzt,
                                        bearbeiter=list(e.bearbeiter or []))
        eintragen(None, "arbeitsmittel_veroeffentlicht", f"arbeitsmittel:{e.pk}", paket=paket.pk, fassung=d.schluessel)
        neu.append(d.schluessel)
        e.delete()
    return neu


def zurueckholen(paket: Freigabepaket, dateien: list[Katalogdatei], jetzt: dt.datetime) -> None:
    """Rückruf: aus jeder zurückgerufenen Fassung eines Arbeitsmittels wird wieder ein Entwurf (Basis: die jetzt
    neueste veröffentlichte Fassung desselben Ordners), mit ihren Bearbeitern."""
    for d in dateien:
        if d.art != Katalogdatei.ARBEITSMITTEL:
            continue
        basis = neueste(d.pfad.rsplit("/", 1)[0])
        if basis is None:
            continue
        ArbeitsmittelEntwurf.objects.create(basis=basis, ordner=d.pfad.rsplit("/", 1)[0], text=d.text,
                                            autor=paket.autor, angelegt=jetzt, geaendert=jetzt,
                                            bearbeiter=list(d.bearbeiter or []) or vermerken([], paket.autor,
                                                                                            "Entwurf verfasst"))
