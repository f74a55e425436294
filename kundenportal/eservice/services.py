"""Die Kundenseite ändert nur hier: Kundenkonto anlegen und anmelden (mit Sperre nach Fehlversuchen), den eService „Beratungsgespräch
vorbereiten“ übermitteln.

Der eService läuft über den Leitfaden "ES Beratungsgespraech" in derselben Engine wie die Leitfäden der
Beschäftigten (leitfaden.sitzung.Sitzung): ob er angeboten wird (ab 02.03.2020, nur nach abgeschlossener
Online-ASU; domain.md A9), welche Angaben gültig sind und dass sie in VerBIS landen, entscheidet der
Leitfaden — diese Schale beantwortet nur seine Fragen mit den Angaben aus dem Formular."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from kundenportal import verdrahtung, zeit
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.konten.drosselung import bis_wann
from kundenportal.leitfaden.bestaetigung import Vorhaben
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import NichtGueltig
from kundenportal.leitfaden.sitzung import Durchlauf, Sitzung

from .models import AnmeldeVersuch, KundenKonto

LEITFADEN = "ES Beratungsgespraech"
KANAL = "eservice"
UEBERNOMMEN = "profil_uebernommen"      # Ergebnis des Leitfadens: die Angaben stehen im Profil
FORMULAR_FAKTEN = ("fuehrerscheine", "fahrzeuge", "sprachkenntnisse", "freie_angaben", "stellengesuch")


# --- Kundenkonto ----------------------------------------------------------------------------------

@transaction.atomic
def kundenkonto_anlegen(kundennummer: str, passwort: str) -> KundenKonto:
    """Legt das Konto an oder setzt sein Passwort neu (argon2)."""
    konto, _ = KundenKonto.objects.update_or_create(kundennummer=kundennummer,
                                                    defaults={"passwort": make_password(passwort)})
    return konto


SPERRE_NACH_FEHLVERSUCHEN = 5
SPERRFRIST = dt.timedelta(minutes=15)
AUFBEWAHRUNG = dt.timedelta(hours=24)


class AnmeldungGesperrt(Exception):
    """Zu viele Fehlversuche für diese Kundennummer; `bis`: ab wann es wieder geht."""

    def __init__(self, bis: dt.datetime, jetzt: dt.datetime | None = None) -> None:
        self.bis = bis
        # wie die Anmeldung der Beschäftigten (konten.drosselung.bis_wann): nach Mitternacht mit dem Tag
        super().__init__(f"Zu viele fehlgeschlagene Anmeldeversuche mit dieser Kundennummer. Aus Sicherheitsgründen "
                         f"ist die Anmeldung {bis_wann(bis, jetzt or zeit.echt())} gesperrt. Bitte versuchen Sie es "
                         "danach erneut.")


def _gesperrt_bis(kundennummer: str, jetzt: dt.datetime) -> dt.datetime | None:
    """Ende der Sperre: 15 Minuten nach dem ältesten der letzten fünf Fehlversuche, wenn alle fünf in den
    letzten 15 Minuten und nach der letzten erfolgreichen Anmeldung lagen; sonst None."""
    versuche = AnmeldeVersuch.objects.filter(kundennummer=kundennummer, zeitpunkt__gt=jetzt - SPERRFRIST,
                                             zeitpunkt__lte=jetzt)
    erfolg = versuche.filter(erfolgreich=True).order_by("-zeitpunkt").first()
    if erfolg is not None:
        versuche = versuche.filter(zeitpunkt__gt=erfolg.zeitpunkt)
    fehl = list(versuche.filter(erfolgreich=False).order_by("-zeitpunkt")
                .values_list("zeitpunkt", flat=True)[:SPERRE_NACH_FEHLVERSUCHEN])
    if len(fehl) < SPERRE_NACH_FEHLVERSUCHEN:
        return None
    return fehl[-1] + SPERRFRIST


def kunde_anmelden(kundennummer: str, passwort: str, *, jetzt: dt.datetime | None = None) -> str | None:
    """Die Kundennummer bei richtigem Passwort, sonst None (ohne zu verraten, was falsch war).

    Nach fünf Fehlversuchen für eine Kundennummer binnen 15 Minuten wird jeder weitere Versuch ohne
    Passwortprüfung abgewiesen (AnmeldungGesperrt), bis 15 Minuten nach dem ältesten dieser fünf
    vergangen sind. Jeder geprüfte Versuch wird gespeichert (AnmeldeVersuch), auch für unbekannte Nummern.
    Die Kundennummer wird normalisiert wie in der Kundensuche („955D 100001“ = „955D100001“).
    Jeder Aufruf löscht zuerst die Versuche, die älter als `AUFBEWAHRUNG` (24 Stunden) sind: die Sperre
    braucht nur 15 Minuten, Kundennummern bleiben nicht länger als nötig gespeichert (Speicherbegrenzung,
    Art. 5 Abs. 1 lit. e DSGVO). Ein DELETE über den Index auf `zeitpunkt`, ohne Cron und ohne Worker;
    außerhalb der Transaktion der Anmeldung, damit es auch bei einer gesperrten Anmeldung bleibt.
    `jetzt`: die echte Uhrzeit (nicht der Stichtag), übergeben für Tests."""
    jetzt = jetzt or zeit.echt()
    AnmeldeVersuch.objects.filter(zeitpunkt__lt=jetzt - AUFBEWAHRUNG).delete()
    return _anmelden(kundennummer_normalisieren(kundennummer), passwort, jetzt)


@transaction.atomic
def _anmelden(kundennummer: str, passwort: str, jetzt: dt.datetime) -> str | None:
    konto = KundenKonto.objects.select_for_update().filter(kundennummer=kundennummer).first()
    bis = _gesperrt_bis(kundennummer, jetzt)
    if bis is not None:
        raise AnmeldungGesperrt(bis, jetzt)
    if konto is None:
        make_password(passwort)   # gleiche Laufzeit wie bei einem vorhandenen Konto
        richtig = False
    else:
        richtig = check_password(passwort, konto.passwort)
    AnmeldeVersuch.objects.create(kundennummer=kundennummer, zeitpunkt=jetzt, erfolgreich=richtig)
    if konto is None or not richtig:
        return None
    konto.letzte_anmeldung = jetzt
    konto.save(update_fields=["letzte_anmeldung"])
    return konto.kundennummer


# --- eService "Beratungsgespräch vorbereiten" -----------------------------------------------------

@dataclass(frozen=True)
class Angebot:
    """`grund`: warum nicht verfügbar (Text des Leitfadens). `arbeitsuchendmeldung`: Stand der
    Online-Arbeitsuchendmeldung (keine | offen | abgeschlossen), wie der Leitfaden ihn las, als er vor der
    ersten Frage endete — danach richtet sich, was die Seite dem Kunden zu tun rät; `agentur`: seine Agentur."""

    verfuegbar: bool
    grund: str = ""
    arbeitsuchendmeldung: str = ""
    agentur: str = ""


class EingabeAbgelehnt(ValueError):
    """Der Leitfaden lehnt eine Angabe ab; `fakt` sagt, welche (für die Meldung am Feld)."""

    def __init__(self, fakt: str, grund: str) -> None:
        self.fakt, self.grund = fakt, grund
        super().__init__(f"{fakt}: {grund}")


def _starten(kundennummer: str) -> Sitzung:
    kunde = verdrahtung.systeme().verbis.kunde(kundennummer)
    return verdrahtung.sitzung_starten(LEITFADEN, kanal=KANAL, standort=kunde.wohnort_agentur if kunde else None,
                                       kundennummer=kundennummer, benutzer=f"kunde:{kundennummer}",
                                       kontakt=f"eservice:{uuid.uuid4().hex[:12]}")


def _ab_wann() -> str:
    leitfaeden = verdrahtung.katalog().leitfaeden
    fassungen = leitfaeden[LEITFADEN].fassungen if LEITFADEN in leitfaeden else []
    if not fassungen:
        return "Dieser Service steht derzeit nicht zur Verfügung."
    return f"Dieser Service steht ab dem {min(f.gueltig_ab for f in fassungen):%d.%m.%Y} zur Verfügung."


def _ende_text(zug: Zug) -> str:
    return str(getattr(zug.schritt, "text", "") or "").strip()


def _ohne_speicherhinweis(text: str) -> str:
    """Der Endtext des Leitfadens gilt auch nach abgeschickten Angaben und sagt dort, dass nichts gespeichert
    wurde („Es wurden keine Angaben gespeichert.“). Vor der ersten Frage hat der Kunde nichts eingegeben:
    der Satz fiele nur auf und verwirrte — er entfällt (die Seite sagt es selbst, wenn er etwas abgeschickt hat)."""
    saetze = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return " ".join(s for s in saetze if not re.search(r"\bgespeichert\b", s))


def beratungsgespraech_angebot(kundennummer: str) -> Angebot:
    """Wird der eService diesem Kunden heute angeboten? Der Leitfaden entscheidet: läuft er vor der
    ersten Frage zu Ende, ist der eService nicht verfügbar (sein Text sagt, warum)."""
    try:
        sitzung = _starten(kundennummer)
    except NichtGueltig:
        return Angebot(False, _ab_wann())
    zug = sitzung.weiter()
    if zug.art == "ende":
        return Angebot(False, _ohne_speicherhinweis(_ende_text(zug))
                       or "Dieser Service steht Ihnen derzeit nicht zur Verfügung.",
                       arbeitsuchendmeldung=str(zug.werte.get("online_asu") or ""),
                       agentur=str(zug.werte.get("wohnort_agentur") or ""))
    return Angebot(True)


class NichtMehrAktuell(ValueError):
    """Zwischen Prüfseite und Absenden hat sich geändert, was geschehen würde: neu prüfen lassen."""


def _bis_zur_bestaetigung(sitzung: Sitzung, angaben: dict[str, Any]) -> Durchlauf:
    lauf = sitzung.durchlaufen(angaben, bestaetigen=False)
    if lauf.halt == "unbeantwortet":
        label = sitzung.katalog.vokabular.fakten[lauf.zug.fakt].label
        raise EingabeAbgelehnt(lauf.zug.fakt, f"Der eService fragt „{label}“, das Formular kennt das nicht")
    if lauf.abgelehnt is not None:
        raise EingabeAbgelehnt(lauf.abgelehnt.fakt, lauf.abgelehnt.grund)
    return lauf


def beratungsgespraech_vorhaben(kundennummer: str, angaben: dict[str, Any]) -> Vorhaben | None:
    """Was das Absenden mit `angaben` tun würde (Bestätigungsschritt für den Kunden): der Leitfaden läuft
    bis vor die ändernde Aktion und hält; nichts wird gespeichert. None, wenn er vorher endet (etwa weil der
    eService nicht mehr verfügbar ist). EingabeAbgelehnt wie beim Übermitteln — schon auf der Prüfseite."""
    sitzung = _starten(kundennummer)
    lauf = _bis_zur_bestaetigung(sitzung, angaben)
    return sitzung.vorhaben(lauf.zug) if lauf.halt == "bestaetigung" else None


@transaction.atomic
def beratungsgespraech_uebermitteln(kundennummer: str, angaben: dict[str, Any], zeichen: str | None = None) -> str:
    """Beantwortet die Fragen des Leitfadens mit `angaben` (Fakt → Wert) und gibt das Ergebnis zurück
    (`profil_uebernommen` | `eservice_nicht_verfuegbar`). Mit `zeichen` (Vorhaben.zeichen der Prüfseite)
    wird nur ausgeführt, was der Kunde gesehen hat — sonst NichtMehrAktuell. Lehnt der Leitfaden eine
    Angabe ab, wird nichts gespeichert: EingabeAbgelehnt(fakt, grund). Sind die Angaben im Profil, hält das
    Kundenkonto fest, wann (KundenKonto.beratungsgespraech_uebermittelt, je Kunde der letzte Zeitpunkt)."""
    sitzung = _starten(kundennummer)
    lauf = _bis_zur_bestaetigung(sitzung, angaben)
    if lauf.halt == "bestaetigung":
        if zeichen is not None:
            vorhaben = sitzung.vorhaben(lauf.zug)
            if vorhaben is None or vorhaben.zeichen != zeichen:
                raise NichtMehrAktuell("Ihre Angaben wurden inzwischen geändert. Bitte prüfen Sie sie erneut.")
        sitzung.bestaetigen(zeichen)
        lauf = sitzung.durchlaufen(angaben)
        if lauf.abgelehnt is not None:
            raise EingabeAbgelehnt(lauf.abgelehnt.fakt, lauf.abgelehnt.grund)
    ergebnis = sitzung.lauf.ergebnis or ""
    if ergebnis == UEBERNOMMEN:
        KundenKonto.objects.filter(kundennummer=kundennummer).update(beratungsgespraech_uebermittelt=zeit.jetzt())
    return ergebnis
