"""Die Kontakte hinter den Zahlen einer Regel der Anlage 7 (domain.md A12): welche Zahl (`Regelauswahl`: Regel,
Kontakte oder Weg, Vergleichsgruppe), welche Kontakte dahinter stehen, wie viele die Anlage zählt, der Verweis auf
die Liste und die Tabelle der Regel mit ihren Verweisen. Gelesen (mit Zugriffsprotokoll) in anlage7_liste.py.

Je Regel zeigt die Anlage 7 je Standortgruppe (anlage7.gruppen: Pilot-/andere Standorte, „Alle Standorte“ für die
Regeln der Familienkasse, „Standort X“ mit Standortfilter) und Zeit zur Weisung die Kontakte auf den Leitfäden der
Regel (aus den Tageszahlen) und, als Zähler des Anteils, die aufgezeichneten Gespräche mit Weg über ihre Schritte
(regelmessung.aufgezeichnet mit der Bedingung der Regel). Hinter beiden stehen hier dieselben Kontakte — mit
denselben Grenzen wie in der Anlage 5 (kontaktliste.py): nur die Kanäle der Teamleitung, als Liste nur der eigene
Standort."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, CharField, ExpressionWrapper, Q, QuerySet, Sum, Value, When
from django.urls import reverse

from kundenportal.gespraech.models import Kontakt
from kundenportal.verdrahtung import katalog

from . import anlage7, regelmessung
from .abgaben import abgabe_ausdruck
from .anlage7 import Regelzeile
from .kennzahlen import Zeitraum, pilotstandorte, tageszahlen
from .kennzahlen_zeit import WEISUNG_TAG
from .kontaktliste import AuswahlFehler, Zelle, kontakte_zahl, vergleichsgruppe, verweis_filter, zum_lesen
from .regelmessung import Messung

ANLAGE7 = "qs_anlage7"          # Anfang der Codes im Zugriffsprotokoll (`Regelauswahl.aktion`)
REGEL_ZAHLEN = {"kontakte": "Kontakte auf den Leitfäden der Regel",
                "weg": "Kontakte mit Weg über die Schritte der Regel"}
_TEILE = {(0,): "pilot", (1,): "andere", (0, 1): "alle"}       # Indizes in anlage7.GRUPPEN → Name im Verweis
REGEL_VERGLEICHE: dict[str, tuple[tuple[int, ...], bool]] = {
    f"{name}-{'ab' if nach else 'vor'}": (teile, nach) for teile, name in _TEILE.items() for nach in (False, True)}


def regel_vergleich(teile: tuple[int, ...], nach: bool) -> str:
    return f"{_TEILE[teile]}-{'ab' if nach else 'vor'}"


def _gruppe_name(name: str, nach: bool) -> str:
    return f"{name} {'ab' if nach else 'vor dem'} {WEISUNG_TAG:%d.%m.%Y}"


def regel_vergleiche(z: Zeitraum, messung: Messung) -> dict[str, str]:
    """Die Vergleichsgruppen, die die Anlage 7 zu der Regel unter den Filtern zeigt: Verweisname → Name
    („Pilotstandorte ab 20.03.2020“) — dieselben Zeilen und Spalten wie die Seite und die CSV."""
    return {regel_vergleich(teile, nach): _gruppe_name(name, nach)
            for name, teile in anlage7.gruppen(messung.kanaele, z.gruppe, z.standort or "")
            for nach in (False, True) if z.phase in ("", "ab" if nach else "vor")}


def _slug(regel: str) -> str:
    """Eine Regel im Code des Zugriffsprotokolls: „2.2 a) 2“ → „2_2_a_2“."""
    return re.sub(r"[^0-9a-z]+", "_", regel.lower()).strip("_")


@dataclass(frozen=True)
class Regelauswahl:
    """Eine Zahl der Anlage 7: die Regel, welche Zahl (`kontakte`: die Kontakte auf ihren Leitfäden; `weg`: davon
    die aufgezeichneten mit Weg über ihre Schritte, der Zähler des Anteils) und die Vergleichsgruppe (`alle`: die
    eine Gruppe ohne Pilotvergleich oder mit Standortfilter)."""

    regel: str
    zahl: str
    vergleich: str

    def pruefen(self, z: Zeitraum, messung: Messung | None) -> Messung:
        """Die Messung der Regel; AuswahlFehler für eine Zahl, die die Anlage 7 unter den Filtern nicht zeigt."""
        if messung is None:
            raise AuswahlFehler(f"Die Anlage 7, die am {z.bis:%d.%m.%Y} gilt, hat keine Regel „{self.regel}“.")
        if self.zahl not in REGEL_ZAHLEN:
            raise AuswahlFehler(f"Die Anlage 7 zeigt zu einer Regel keine Zahl „{self.zahl}“ (kontakte oder weg).")
        if self.zahl == "weg" and messung.bedingung is None:
            raise AuswahlFehler(f"Der Weg über die Schritte der Regel {self.regel} ist nicht messbar; die Anlage 7 "
                                "zählt zu ihr nur die Kontakte.")
        if self.vergleich not in regel_vergleiche(z, messung):
            raise AuswahlFehler(f"Die Vergleichsgruppe „{self.vergleich}“ zeigt die Anlage 7 zur Regel {self.regel} "
                                f"nicht ({z.beschreibung}).")
        return messung

    @property
    def titel(self) -> str:
        return f"{REGEL_ZAHLEN.get(self.zahl, self.zahl)} {self.regel}"

    @property
    def aktion(self) -> str:
        """Der Code im Zugriffsprotokoll: welche Zahl (Regel, Zahl, Vergleichsgruppe); der Zweck steht eigens im
        Eintrag („Frühere Kontakte einsehen“), wie bei der Anlage 5."""
        return "_".join((ANLAGE7, _slug(self.regel), self.zahl, self.vergleich.replace("-", "_")))

    @property
    def beschreibung(self) -> str:
        """Die Zahl in Worten, für Menschen (Zugriffsprotokoll): „Kontakte mit Weg über die Schritte der Regel
        2.2 a) 2; Vergleich: Pilotstandorte, ab dem 20.03.2020“."""
        teile, nach = REGEL_VERGLEICHE[self.vergleich]
        wer = {"pilot": "Pilotstandorte", "andere": "andere Standorte", "alle": "alle Standorte der Auswahl"}[_TEILE[teile]]
        return f"{self.titel}; Vergleich: {wer}, {'ab' if nach else 'vor'} dem {WEISUNG_TAG:%d.%m.%Y}"


def regel_aktion_beschreiben(aktion: str) -> str | None:
    """Die Zahl hinter einem Code des Zugriffsprotokolls der Anlage 7 (`Regelauswahl.aktion`) in Worten, None für
    einen anderen Code — für konten.aktionen, wie `aktion_beschreiben` für die Anlage 5."""
    rest = aktion.removeprefix(ANLAGE7 + "_")
    if rest == aktion:
        return None
    regeln = {_slug(r.punkt): r.punkt for w in katalog().weisungen.values() for r in w.regeln}
    for vergleich in REGEL_VERGLEICHE:
        for zahl in REGEL_ZAHLEN:
            ende = f"_{zahl}_{vergleich.replace('-', '_')}"
            if rest.endswith(ende) and (regel := regeln.get(rest.removesuffix(ende))):
                return Regelauswahl(regel, zahl, vergleich).beschreibung
    return None


def regel_kontakte(z: Zeitraum, auswahl: Regelauswahl, messung: Messung, kanaele: list[str],
                   standort: str | None = None) -> QuerySet[Kontakt]:
    """Die Kontakte hinter der Zahl, in den `kanaele`, älteste zuerst, mit `abgabe` und `regelweg` (ob der Weg über
    die Schritte der Regel ging); mit `standort` nur die dieses Standorts. `kontakte`: die abgeschlossenen Kontakte
    auf den Leitfäden der Regel (wie die Tageszahlen sie zählen), `weg`: die aufgezeichneten davon mit einer Spur
    der Regel (wie regelmessung.aufgezeichnet)."""
    teile, nach = REGEL_VERGLEICHE[auswahl.vergleich]
    pilot = None if teile == (0, 1) else teile == (0,)
    aufgezeichnet = Q(lauf__has_key="fassung")
    if auswahl.zahl == "weg" and messung.bedingung is not None:
        liste = regelmessung.aufgezeichnet(z, messung.leitfaeden, kanaele).filter(messung.bedingung)
    else:
        anfang, ende = z.grenzen()
        liste = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende,
                                       leitfaden__in=sorted(messung.leitfaeden),
                                       kanal__in=[k for k in kanaele if not z.kanal or k == z.kanal])
        if z.standort:
            liste = liste.filter(standort=z.standort)
        if z.gruppe:
            piloten = pilotstandorte()
            liste = liste.filter(standort__in=piloten) if z.gruppe == "pilot" else liste.exclude(standort__in=piloten)
    weg: Any = Value("nicht messbar")
    if messung.bedingung is not None:
        weg = Case(When(aufgezeichnet & messung.bedingung, then=Value("ja")),
                   When(aufgezeichnet, then=Value("nein")), default=Value("nicht aufgezeichnet"))
    return zum_lesen(vergleichsgruppe(liste, pilot, nach, standort)
                      .annotate(abgabe=abgabe_ausdruck(), regelweg=ExpressionWrapper(weg, output_field=CharField())))


def regel_gezaehlt(z: Zeitraum, auswahl: Regelauswahl, messung: Messung, kanaele: list[str]) -> int:
    """Die Zahl, die die Anlage 7 für die Zelle zeigt, in den `kanaele`: die Kontakte aus den Tageszahlen (wie
    anlage7.anlage7), der Weg aus den aufgezeichneten Gesprächen (wie regelmessung.wege_zaehlen)."""
    teile, nach = REGEL_VERGLEICHE[auswahl.vergleich]
    if auswahl.zahl == "weg":
        return regel_kontakte(z, auswahl, messung, kanaele).count()
    zahlen = tageszahlen(z, kanaele=kanaele).filter(leitfaden__in=sorted(messung.leitfaeden), nach=nach)
    if teile != (0, 1):
        zahlen = zahlen.filter(pilot=teile == (0,))
    return int(zahlen.aggregate(n=Sum("anzahl"))["n"] or 0)


def regel_verweis(z: Zeitraum, auswahl: Regelauswahl) -> str:
    """Die Adresse der Liste hinter einer Zahl der Anlage 7: Filter und Zahl — nie eine Kundennummer."""
    zahl = {"regel": auswahl.regel, "zahl": auswahl.zahl, "vergleich": auswahl.vergleich}
    return reverse("fuehrung:anlage7_kontakte") + "?" + urlencode({**verweis_filter(z), **zahl})


def anlage7_verweis(z: Zeitraum) -> str:
    return reverse("fuehrung:anlage7") + "?" + urlencode(verweis_filter(z))


@dataclass(frozen=True)
class Regelgruppe:
    """Eine Zeile der Tabelle einer Regel in der Anlage 7: die Standortgruppe, je Zeit zur Weisung die Kontakte und
    der Weg über die Schritte der Regel (beide mit dem Verweis auf die Kontakte dahinter), ab dem Tag der Anteil auf
    einer Fassung der Weisung."""

    name: str
    kontakte_vor: Zelle
    kontakte_ab: Zelle
    weg_vor: Zelle
    weg_ab: Zelle
    auf_weisung: tuple[float | None, tuple[int, int]]


def _regel_zellen(z: Zeitraum, r: Regelzeile, name: str, teile: tuple[int, ...], nach: bool) -> tuple[Zelle, Zelle]:
    """Kontakte und Weg über die Schritte einer Standortgruppe vor oder ab dem Tag, mit den Verweisen."""
    kontakte, weg, _ = r.summe(teile, nach)
    gruppe = _gruppe_name(name, nach)
    gezeigt = z.phase in ("", "ab" if nach else "vor")

    def ziel(zahl: str, n: int) -> str:
        return regel_verweis(z, Regelauswahl(r.regel, zahl, regel_vergleich(teile, nach))) if n and gezeigt else ""

    return (Zelle(float(kontakte), None, kontakte, ziel("kontakte", kontakte),
                  f"{kontakte_zahl(kontakte)}: Regel {r.regel}, {gruppe}"),
            Zelle(anlage7.prozent(*weg), weg, weg[0], "" if r.nicht_messbar else ziel("weg", weg[0]),
                  f"{kontakte_zahl(weg[0])} mit Weg über die Schritte der Regel {r.regel}, {gruppe}"))


def regel_tabelle(z: Zeitraum, r: Regelzeile) -> list[Regelgruppe]:
    """Die Zeilen der Tabelle einer gezählten Regel (Regelzeile.gezaehlt), jede Zahl mit dem Verweis auf die
    Kontakte dahinter ("" ohne Kontakte, in einer Spalte, die die Zeit zur Weisung ausblendet, und beim Weg einer
    Regel, der nicht messbar ist)."""
    zeilen = []
    for name, teile in r.gruppen():
        kontakte_vor, weg_vor = _regel_zellen(z, r, name, teile, False)
        kontakte_ab, weg_ab = _regel_zellen(z, r, name, teile, True)
        _, _, auf = r.summe(teile, True)
        zeilen.append(Regelgruppe(name, kontakte_vor, kontakte_ab, weg_vor, weg_ab, (anlage7.prozent(*auf), auf)))
    return zeilen
