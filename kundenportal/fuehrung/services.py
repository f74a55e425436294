"""Schreibende Dienste der Führungsprozesse: eine vereinbarte Maßnahme zur Anlage 7 festhalten, ändern und
entfernen (nur die Teamleitung, am eigenen Standort; domain.md A12) und die Kontakte hinter einer Zahl der Anlage 5 lesen (jedes
Lesen steht im Zugriffsprotokoll: welche Zahl, welche Kontakte).

Wer für welchen Standort: die Anlage 7 ist das Protokoll des Umsetzungsdialogs, den eine Teamleitung mit ihrem
Team führt — die Maßnahme gehört dem Standort ihres Arbeitsplatzes, wie ihre QS-Stichproben
(konten/zugriff.py: darf_stichprobe_sehen). Für einen anderen Standort hält sie keine fest: das ist eine klare
Meldung, nie eine Maßnahme, die still unter dem eigenen Standort landet."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction

from kundenportal import zeit
from kundenportal.konten import zugriff, zwecke
from kundenportal.konten.felder import hat_markup
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.konten.services import zugriffe_protokollieren
from kundenportal.qs.services import ohne_person_meldung
from kundenportal.verdrahtung import katalog

from . import kontaktliste, regelmessung
from .kennzahlen import Zeitraum
from .models import Massnahme

logger = logging.getLogger("kundenportal.fuehrung")
TEXT_MAX = 500
# Die Abhilfe, wenn eine Maßnahme Angaben zur Person enthält (qs.services.ohne_person_meldung): Maßnahmen sind
# unveränderlich und stehen auf der Anlage 7 und in ihrer CSV — sie tragen keine Sozialdaten eines Falls.
MASSNAHME_OHNE_PERSON = "Die Maßnahme beschreibt, was das Team tut, nicht den einzelnen Fall."


class FuehrungFehler(Exception):
    def __init__(self, meldung: str) -> None:
        super().__init__(meldung)
        self.meldung = meldung


class KeinZugriff(FuehrungFehler):
    """Die Rolle darf es nicht (die Seite antwortet 403)."""


class NichtGefunden(FuehrungFehler):
    """Das gibt es nicht (mehr) — die Seite antwortet 404."""


class TextFehler(FuehrungFehler):
    """Der Text einer Maßnahme taugt nicht (leer, zu lang, Auszeichnungen, Angaben zur Person): die Meldung gehört
    an das Feld des Texts."""


def massnahme_standort(user: Any, fuer_standort: str | None = None) -> str:
    """Der Standort, für den `user` eine Maßnahme festhält: der seines Arbeitsplatzes. `fuer_standort`: der
    Standort, für den sie eingegeben wird (Filter der Seite; leer: alle Standorte). FuehrungFehler mit der
    Meldung, wenn `user` keine Teamleitung ist, keinen Standort hat oder einen anderen gewählt hat."""
    if not zugriff.darf_kennzahlen_sehen(user):
        raise FuehrungFehler("Maßnahmen hält die Teamleitung fest.")
    standort = zugriff.standort_fuer(user)
    if not standort:
        raise FuehrungFehler("Ihrem Arbeitsplatz ist kein Standort zugeordnet; Maßnahmen hält die Teamleitung eines "
                             "Standorts fest.")
    if fuer_standort and fuer_standort != standort:
        raise FuehrungFehler(f"Maßnahmen halten Sie nur für Ihren Standort {standort} fest, nicht für "
                             f"{fuer_standort}. Bitte den Standort {standort} (oder alle Standorte) wählen.")
    return standort


ANLAGE5_NUR_SGB3 = ("Die Anlage 5 (Arbeitshilfe operative Führungsprozesse SGB III) zählt die Kontakte des SGB III. "
                    "Die Zahlen der Familienkasse stehen unter „Kennzahlen“, die Maßnahmen in der Anlage 7.")


def kanaele_text(kanaele: list[str] | tuple[str, ...]) -> str:
    """Die Kanäle mit ihren Namen: „E-Mail-Bearbeitung“, „Eingangszone, Service Center SGB III“."""
    return ", ".join(KANAL_NAMEN.get(k, k) for k in kanaele)


def kanal_pruefen(user: Any, kanal: str) -> None:
    """Ein gewählter Kanal der Anlage 5 (Seite, CSV, Kontakte hinter einer Zahl, API) muss einer der Kanäle der
    Teamleitung sein (kontaktliste.kanaele_der_teamleitung): die Teamleitung E-Mail sieht keine Zahlen des
    Telefons. KeinZugriff mit dem Grund; ein leerer Kanal (alle eigenen) ist immer erlaubt."""
    eigene = kontaktliste.kanaele_der_teamleitung(user)
    if kanal and kanal not in eigene:
        raise KeinZugriff(fremder_kanal(kanal, eigene))


def fremder_kanal(kanal: str, eigene: list[str]) -> str:
    """Der Grund, warum die Zahlen eines Kanals nicht zu sehen sind, mit den eigenen Kanälen."""
    return (f"Die Zahlen des Kanals {KANAL_NAMEN.get(kanal, kanal)} sieht {zustaendig((kanal,))}. Ihre Kennzahlen "
            f"umfassen nur {'den Kanal' if len(eigene) == 1 else 'die Kanäle'} {kanaele_text(eigene)}.")


def zustaendig(kanaele: tuple[str, ...]) -> str:
    """Wer Maßnahmen zu einer Regel auf `kanaele` festhält, als Satzteil: „die Teamleitung Familienkasse“."""
    rollen = zugriff.teamleitungen_der_kanaele(kanaele)
    return " oder ".join(f"die {r}" for r in rollen) if rollen else "die Teamleitung dieser Kanäle"


def regel_fuer_teamleitung(user: Any, kanaele: tuple[str, ...] | None) -> bool:
    """Ob `user` Maßnahmen zu einer Regel festhält, die die Anlage 7 auf `kanaele` misst (`regelmessung.regel_kanaele`):
    die Teamleitung steuert die Kanäle ihrer Kennzahlen (`zugriff.kennzahl_kanaele`; die Teamleitung E-Mail nur
    emb). Eine Regel ohne gemessene Leitfäden (None oder keine Kanäle) gehört keinem Kanal: jede Teamleitung."""
    return not kanaele or bool(set(kanaele) & set(zugriff.kennzahl_kanaele(user)))


@transaction.atomic
def massnahme_festhalten(user: Any, *, weisung: str, regel: str, text: str, jetzt: dt.datetime,
                         fuer_standort: str | None = None) -> Massnahme:
    """Hält die Maßnahme für den Standort der Teamleitung fest (`massnahme_standort`), zu einer Regel, die die
    Anlage 7 auf einem ihrer Kanäle misst (`regel_fuer_teamleitung`) — ohne Angaben zur Person
    (`MASSNAHME_OHNE_PERSON`; domain.md 5.2)."""
    standort = massnahme_standort(user, fuer_standort)
    w = katalog().weisungen.get(weisung)
    if w is None or regel not in {r.punkt for r in w.regeln}:
        raise FuehrungFehler(f"Die Weisung {weisung} hat keine Regel „{regel}“.")
    kanaele = regelmessung.regel_kanaele(regel, zeit.heute())
    if not regel_fuer_teamleitung(user, kanaele):
        namen = ", ".join(KANAL_NAMEN.get(k, k) for k in kanaele or ())
        raise FuehrungFehler(f"Die Regel {regel} misst die Anlage 7 an Kontakten der Kanäle {namen}; Maßnahmen dazu "
                             f"hält {zustaendig(kanaele or ())} fest.")
    return Massnahme.objects.create(weisung=weisung, regel=regel, standort=standort, text=massnahme_text(text, standort),
                                    user=user, erstellt=jetzt)


def massnahme_text(text: str, standort: str) -> str:
    """Der Text einer Maßnahme, ohne Leerraum an den Enden — beim Festhalten wie beim Ändern derselbe: nicht leer,
    höchstens `TEXT_MAX` Zeichen, ohne HTML-Auszeichnungen und ohne Angaben zur Person (`MASSNAHME_OHNE_PERSON`;
    domain.md 5.2) — auch ohne den Namen einer oder eines Beschäftigten am `standort` (ohne Anrede, etwa „Anna
    Weber“; `zugriff.namen_am_standort`). Sonst TextFehler mit der Meldung für das Feld."""
    text = text.strip()
    if not text:
        raise TextFehler("Bitte beschreiben Sie die Maßnahme.")
    if len(text) > TEXT_MAX:
        raise TextFehler(f"Die Maßnahme ist {len(text)} Zeichen lang; erlaubt sind höchstens {TEXT_MAX}.")
    if hat_markup(text):
        raise TextFehler("Die Maßnahme darf keine HTML-Auszeichnungen wie <b> enthalten; „<“ und „>“ allein "
                         "sind erlaubt.")
    if meldung := ohne_person_meldung(text, MASSNAHME_OHNE_PERSON, zugriff.namen_am_standort(standort)):
        raise TextFehler(meldung)
    return text


# Wie die Maßnahme ändert oder entfernt wird, für die Meldungen von `massnahme_der_teamleitung`: Infinitiv (auch
# „Sie …“) und 3. Person („die Teamleitung …“).
ENTFERNEN = ("entfernen", "entfernt")
AENDERN = ("ändern", "ändert")


def massnahme_der_teamleitung(user: Any, massnahme_id: int, tun: tuple[str, str] = AENDERN, *,
                              sperren: bool = False) -> Massnahme:
    """Die Maßnahme, die `user` ändern oder entfernen darf: die Teamleitung, die sie festhalten dürfte — am Standort
    der Maßnahme (`massnahme_standort`) und zu einer Regel ihrer Kanäle (`regel_fuer_teamleitung`). FuehrungFehler
    ohne Recht oder Standort, NichtGefunden für eine fehlende, KeinZugriff für eine fremde (anderer Standort,
    andere Kanäle). `sperren`: die Zeile bis zum Ende der Transaktion sperren (select_for_update)."""
    standort = massnahme_standort(user)
    auswahl = Massnahme.objects.select_for_update() if sperren else Massnahme.objects.select_related("user", "geaendert_von")
    m = auswahl.filter(pk=massnahme_id).first()
    if m is None:
        raise NichtGefunden("Diese Maßnahme gibt es nicht (mehr) — vielleicht ist sie schon entfernt.")
    infinitiv, dritte = tun
    if m.standort != standort:
        raise KeinZugriff(f"Die Maßnahme gehört zum Standort {m.standort}; {infinitiv} kann sie die Teamleitung "
                          f"dort. Sie {infinitiv} Maßnahmen Ihres Standorts {standort}.")
    kanaele = regelmessung.regel_kanaele(m.regel, zeit.heute())
    if not regel_fuer_teamleitung(user, kanaele):
        raise KeinZugriff(f"Maßnahmen zur Regel {m.regel} hält {zustaendig(kanaele or ())} fest und {dritte} sie.")
    return m


@transaction.atomic
def massnahme_aendern(user: Any, massnahme_id: int, *, text: str, jetzt: dt.datetime) -> tuple[Massnahme, bool]:
    """Ändert den Text einer Maßnahme der Anlage 7 — etwa einen Tippfehler —, statt sie zu entfernen und neu
    festzuhalten: wer sie wann festgehalten hat (`user`, `erstellt`), bleibt; dazu kommt, wer sie wann geändert hat
    (`geaendert_von`, `geaendert`). Ändern darf, wer sie entfernen darf (`massnahme_der_teamleitung`); der Text
    wird geprüft wie beim Festhalten (`massnahme_text`). Das Protokoll nennt wer, welche Regel und welcher
    Standort — nicht den Text. Gibt die Maßnahme und ob sich etwas geändert hat (derselbe Text: nichts
    geschrieben, nichts protokolliert)."""
    m = massnahme_der_teamleitung(user, massnahme_id, AENDERN, sperren=True)
    text = massnahme_text(text, m.standort)
    if text == m.text:
        return m, False
    m.text, m.geaendert, m.geaendert_von = text, jetzt, user
    m.save(update_fields=["text", "geaendert", "geaendert_von"])
    logger.info("Maßnahme geändert: benutzer=%s weisung=%s regel=%s standort=%s", user.pk, m.weisung, m.regel,
                m.standort)
    return m, True


@transaction.atomic
def massnahme_entfernen(user: Any, massnahme_id: int) -> Massnahme:
    """Entfernt eine Maßnahme der Anlage 7 — etwa eine vereinbarte, die nicht mehr gilt, oder eine, die vor der
    Prüfung auf Angaben zur Person Sozialdaten trug (Berichtigung und Löschung, Art. 16 und 17 DSGVO). Entfernen
    darf die Teamleitung, die sie festhalten dürfte: am Standort der Maßnahme (`massnahme_standort`) und zu einer
    Regel ihrer Kanäle (`regel_fuer_teamleitung`); sonst KeinZugriff, eine fehlende NichtGefunden. Das Protokoll
    nennt wer, welche Regel und welcher Standort — nicht den Text. Gibt die entfernte Maßnahme (ohne Schlüssel)."""
    m = massnahme_der_teamleitung(user, massnahme_id, ENTFERNEN, sperren=True)
    m.delete()
    logger.info("Maßnahme entfernt: benutzer=%s weisung=%s regel=%s standort=%s", user.pk, m.weisung, m.regel,
                m.standort)
    return m


@dataclass(frozen=True)
class Kontaktseite:
    """Eine Seite der Kontakte hinter einer Zahl: die Zeilen, die Seite (Blättern) und die Zahl der Anlage 5
    (`gezaehlt`: mit den Kontakten, die die Löschfristen schon entfernt haben)."""

    zeilen: list[kontaktliste.Listenzeile]
    seite: Page  # type: ignore[type-arg]
    gezaehlt: int           # die Zahl der Anlage 5 (alle Standorte der Zelle)
    standort: str           # der eigene Standort: nur seine Kontakte stehen in der Liste ("" ohne Standort)
    hier: int               # davon am eigenen Standort gezählt

    @property
    def andere(self) -> int:
        """Gezählt an anderen Standorten: nur als Zahl, nicht als Liste."""
        return max(0, self.gezaehlt - self.hier)

    @property
    def geloescht(self) -> int:
        """Am eigenen Standort gezählt, aber nach den Löschfristen schon gelöscht."""
        return max(0, self.hier - self.seite.paginator.count)


def kennzahl_kontakte_lesen(user: Any, z: Zeitraum, auswahl: kontaktliste.Auswahl, seite: int | None) -> Kontaktseite:
    """Die Kontakte hinter einer Zahl der Anlage 5, seitenweise, nur in den Kanälen von `user`
    (kontaktliste.kanaele_der_teamleitung — dieselben, die die Anlage 5 für ihn zählt) und an seinem Standort
    (`Kontaktseite.standort`). Je gezeigtem Kontakt ein Eintrag im Zugriffsprotokoll; die Aktion nennt die Zahl
    (`Auswahl.aktion`), der Zweck ist „Frühere Kontakte einsehen“ (nicht die Qualitätssicherung: die Liste gehört
    zur Steuerung, auch einer Teamleitung ohne QS-Recht), die Zahl der Einträge die der gezeigten Zeilen.
    KeinZugriff ohne Recht oder für einen fremden Kanal (`kanal_pruefen`), kontaktliste.AuswahlFehler für eine
    Zelle, die die Anlage nicht hat."""
    kanaele = kontaktliste.kanaele_der_teamleitung(user)
    if not kanaele:
        raise KeinZugriff("Die Kontakte hinter der Anlage 5 (Rechtskreis SGB III) sieht die Teamleitung dieses "
                          "Rechtskreises.")
    kanal_pruefen(user, z.kanal)
    auswahl = auswahl.pruefen(z)
    eigener = zugriff.standort_fuer(user) or ""     # ohne eigenen Standort: keine Zeilen, nur die Zahl
    blatt = Paginator(kontaktliste.kontakte(z, auswahl, kanaele, standort=eigener or "-"),
                      kontaktliste.JE_SEITE).get_page(seite)
    sichtbar = zugriff.qs_bewertungen_sichtbar(user)
    zeilen = [kontaktliste.listenzeile(k, sichtbar, eigener) for k in blatt]
    zugriffe_protokollieren(user, auswahl.aktion, [(k.kundennummer, k.pk) for k in blatt], zweck=zwecke.HISTORIE)
    im_filter = eigener and z.standort in (None, "", eigener)       # der eigene Standort liegt in der Auswahl
    hier = kontaktliste.gezaehlt(dataclasses.replace(z, standort=eigener), auswahl, kanaele) if im_filter else 0
    return Kontaktseite(zeilen, blatt, kontaktliste.gezaehlt(z, auswahl, kanaele), eigener, hier)
