"""Die Kontakte hinter einer Zahl der Anlage 5 (domain.md A12): die Teamleitung sieht „24 Abgaben an OS
AlgPlus“ und öffnet, welche Kontakte das sind — Zeitpunkt, Kanal, Leitfaden und Fassung, Ergebnis,
Beschäftigte, ob abgegeben wurde; die Kundennummer verborgen wie in der Qualitätssicherung.

Eine Zahl der Anlage 5 ist eine Zelle: Kennzahl (bei der Abgabequote mit dem Backoffice) × Vergleichsgruppe
(Pilot-/andere Standorte × vor/ab dem 20.03.2020), unter denselben Filtern. Jede Kennzahl ist hier eine
Bedingung über den Merkmalen einer Tageszahl (Kanal, Leitfaden, Ergebnis, Abgabe; verdichtung.py) — dieselbe
Bedingung wählt die Kontakte (mit der Abgabe aus dem Lauf, abgaben.py) und zählt die Tageszahlen. So listet
die Seite genau die Kontakte, die die Anlage zählt; nur was die Löschfristen schon entfernt haben, steht
allein noch in den Tageszahlen (die Seite sagt, wie viele).

Gezeigt werden nur Kontakte der Kanäle, die die Anlage 5 zählt (SGB III), und davon nur die des Rechtskreises
der Teamleitung (konten.zugriff.kennzahl_kanaele), und nur die ihres eigenen Standorts: Die Anlage vergleicht
Standortgruppen als Zahl; einzelne Kontakte eines anderen Standorts gehören nicht zur eigenen Steuerung
(Sozialdaten nur, soweit erforderlich). Die Seite sagt, wie viele der gezählten Kontakte an anderen Standorten
liegen. Einen Kontakt öffnet sie nur dort, wo eine Seite es der
Teamleitung schon erlaubt: in ihrer QS-Stichprobe (qs:bewertung, konten.zugriff.darf_qs_bewertung_sehen).

Dieselbe Liste steht hinter den Zahlen der Anlage 7 (regelkontakte.py: `Regelauswahl`, gelesen in
anlage7_liste.py): die Kontakte einer Regel und die mit Weg über ihre Schritte, je Standortgruppe und Zeit zur
Weisung."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from kundenportal import lesbar
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.verdrahtung import katalog

from . import kennzahlen as k5
from .abgaben import STELLEN, abgabe_ausdruck, stelle_name
from .kennzahlen import Bericht, Zeile, Zeitraum, pilotstandorte, segment_name, tageszahlen
from .kennzahlen_zeit import BERLIN, WEISUNG_TAG

JE_SEITE = 50
# Wie die Qualitätssicherung (qs/pseudonym.py): die Kundennummer steht nie im Klartext auf der Seite.
KUNDENNUMMER_VERBORGEN = "[Kundennummer]"
VERGLEICHE: dict[str, tuple[str, bool]] = {"pilot-vor": ("pilot", False), "pilot-ab": ("pilot", True),
                                           "andere-vor": ("andere", False), "andere-ab": ("andere", True)}
# Kennzahl der Anlage 5 → Bedingung über den Merkmalen einer Tageszahl (kennzahlen._segmente zählt dasselbe).
BEDINGUNGEN: dict[str, Callable[[str], Q]] = {
    "kontakte_je_anliegen": lambda _: Q(),
    "erstkontaktloesung": lambda _: Q(abgabe="") & ~Q(ergebnis__in=sorted(k5.OHNE_LOESUNG)),
    "abgabequote": lambda stelle: Q(abgabe=stelle),
    "identitaet_abbrueche": lambda _: Q(ergebnis="abbruch_identitaet"),
    "terminabsagen": lambda _: Q(ergebnis="termin_abgesagt"),
    "insolvenzgeld_wege": lambda _: Q(leitfaden__in=k5.INSOLVENZGELD, ergebnis__in=k5.INSG_ONLINE),
    "email_bearbeitung": lambda _: Q(kanal="emb"),
}


class AuswahlFehler(ValueError):
    """Eine Zelle, die die Anlage 5 oder 7 nicht hat (unbekannte Kennzahl, Regel, Backoffice oder Vergleichsgruppe)."""


def vergleich_von(pilot: str, nach: bool) -> str:
    return f"{pilot}-{'ab' if nach else 'vor'}"


@dataclass(frozen=True)
class Auswahl:
    """Eine Zelle der Anlage 5: Kennzahl, Backoffice (nur Abgabequote) und Vergleichsgruppe."""

    kennzahl: str
    stelle: str
    vergleich: str

    def pruefen(self, z: Zeitraum) -> Auswahl:
        if self.kennzahl not in BEDINGUNGEN:
            raise AuswahlFehler(f"Die Anlage 5 hat keine Kennzahl „{self.kennzahl}“.")
        if (self.kennzahl == "abgabequote") != bool(self.stelle):
            raise AuswahlFehler("Ein Backoffice gibt es nur zur Abgabequote, und dort ist es nötig.")
        if self.stelle and self.stelle not in STELLEN:
            raise AuswahlFehler(f"Unbekanntes Backoffice „{self.stelle}“.")
        if VERGLEICHE.get(self.vergleich) not in z.segmente:
            raise AuswahlFehler(f"Die Vergleichsgruppe „{self.vergleich}“ liegt nicht in der Auswahl ({z.beschreibung}).")
        return self

    @property
    def titel(self) -> str:
        if self.kennzahl == "abgabequote":
            return f"Abgaben an {stelle_name(self.stelle)}"
        return TITEL[self.kennzahl]

    @property
    def gruppe_name(self) -> str:
        return segment_name(*VERGLEICHE[self.vergleich])

    @property
    def aktion(self) -> str:
        """Der Code im Zugriffsprotokoll: welche Zahl (Kennzahl, Backoffice, Vergleichsgruppe). Der Zweck steht eigens
        im Eintrag (services.kennzahl_kontakte_lesen: „Frühere Kontakte einsehen“), nicht aus dem Anfang des Codes."""
        return "_".join(t for t in ("qs_anlage5", self.kennzahl, self.stelle, self.vergleich.replace("-", "_")) if t)

    @property
    def beschreibung(self) -> str:
        """Die Zahl in Worten, für Menschen (Zugriffsprotokoll): „Erstkontaktlösungen (abgeschlossen ohne Abgabe);
        Vergleich: andere Standorte, ab dem 20.03.2020“."""
        pilot, nach = VERGLEICHE[self.vergleich]
        wer = "Pilotstandorte" if pilot == "pilot" else "andere Standorte"
        zeit = f"ab dem {WEISUNG_TAG:%d.%m.%Y}" if nach else f"vor dem {WEISUNG_TAG:%d.%m.%Y}"
        return f"{self.titel}; Vergleich: {wer}, {zeit}"


def aktion_beschreiben(aktion: str) -> str | None:
    """Die Zahl hinter einem Code des Zugriffsprotokolls (`Auswahl.aktion`) in Worten, None für einen anderen Code.
    Für die Anzeige des Protokolls (konten.aktionen: die Angaben nach „Kontakte hinter einer Zahl der Anlage 5
    gelesen“)."""
    rest = aktion.removeprefix("qs_anlage5_")
    if rest == aktion:
        return None
    for vergleich in VERGLEICHE:
        ende = "_" + vergleich.replace("-", "_")
        if not rest.endswith(ende):
            continue
        kopf = rest.removesuffix(ende)
        for kennzahl in sorted(BEDINGUNGEN, key=len, reverse=True):
            stelle = kopf.removeprefix(kennzahl).removeprefix("_")
            if kopf.startswith(kennzahl) and (stelle in STELLEN if kennzahl == "abgabequote" else not stelle):
                return Auswahl(kennzahl, stelle, vergleich).beschreibung
    return None


# Was die Liste zeigt (der Zähler der Kennzahl, nicht ihr Nenner).
TITEL = {"kontakte_je_anliegen": "Kontakte", "erstkontaktloesung": "Erstkontaktlösungen (abgeschlossen ohne Abgabe)",
         "identitaet_abbrueche": "Abbrüche: Identität nicht bestätigt",
         "terminabsagen": "Terminkontakte mit Termin „abgesagt“ im ATV",
         "insolvenzgeld_wege": "Insolvenzgeld: online (statt Papierantrag)",
         "email_bearbeitung": "E-Mail-Kontakte (mittlere Bearbeitungszeit)"}


def kanaele_der_teamleitung(user: Any) -> list[str]:
    """Die Kanäle, deren Kontakte `user` hinter den Zahlen der Anlage 5 sieht: die der Anlage (SGB III), soweit
    sie zu den Kennzahl-Kanälen seiner Rollen gehören (konten.zugriff.kennzahl_kanaele)."""
    eigene = zugriff.kennzahl_kanaele(user)
    return [k for k in k5.SGB3_KANAELE if k in eigene]


def vergleichsgruppe(liste: QuerySet[Kontakt], pilot: bool | None, nach: bool, standort: str | None
                     ) -> QuerySet[Kontakt]:
    """Die Kontakte einer Vergleichsgruppe: an Pilotstandorten (`pilot` True), an anderen (False) oder an beiden
    (None), vor oder ab dem Weisungstag; mit `standort` nur die dieses Standorts."""
    tag = dt.datetime.combine(WEISUNG_TAG, dt.time(0), BERLIN)
    if standort:
        liste = liste.filter(standort=standort)
    if pilot is not None:
        piloten = pilotstandorte()
        liste = liste.filter(standort__in=piloten) if pilot else liste.exclude(standort__in=piloten)
    return liste.filter(abgeschlossen__gte=tag) if nach else liste.filter(abgeschlossen__lt=tag)


def zum_lesen(liste: QuerySet[Kontakt]) -> QuerySet[Kontakt]:
    """Was `listenzeile` liest, in wenigen Abfragen; älteste zuerst."""
    return (liste.select_related("user").prefetch_related("qs_bewertungen__stichprobe", "qs_bewertungen__kontakt")
            .order_by("abgeschlossen", "id"))


def kontakte(z: Zeitraum, auswahl: Auswahl, kanaele: list[str], standort: str | None = None) -> QuerySet[Kontakt]:
    """Die abgeschlossenen Kontakte der Zelle, in den `kanaele`, älteste zuerst, mit `abgabe` (Backoffice); mit
    `standort` nur die dieses Standorts."""
    anfang, ende = z.grenzen()
    pilot, nach = VERGLEICHE[auswahl.vergleich]
    auswahl_kanaele = [k for k in kanaele if not z.kanal or k == z.kanal]
    liste = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende,
                                   kanal__in=auswahl_kanaele)
    if z.standort:
        liste = liste.filter(standort=z.standort)
    liste = vergleichsgruppe(liste, pilot == "pilot", nach, standort)
    bedingung = BEDINGUNGEN[auswahl.kennzahl](auswahl.stelle)
    return zum_lesen(liste.annotate(abgabe=abgabe_ausdruck()).filter(bedingung))


def gezaehlt(z: Zeitraum, auswahl: Auswahl, kanaele: list[str]) -> int:
    """Die Zahl, die die Anlage 5 für die Zelle zeigt (aus den Tageszahlen), in den `kanaele`."""
    pilot, nach = VERGLEICHE[auswahl.vergleich]
    zahlen = tageszahlen(z, nur_sgb3=True).filter(kanal__in=kanaele, pilot=pilot == "pilot", nach=nach)
    return int(zahlen.filter(BEDINGUNGEN[auswahl.kennzahl](auswahl.stelle)).aggregate(n=Sum("anzahl"))["n"] or 0)


@dataclass(frozen=True)
class Listenzeile:
    """Ein Kontakt, wie die Liste ihn zeigt — Texte, keine Codes; `bewertung`: die QS-Bewertung, die die
    Teamleitung öffnen darf, sonst None."""

    abgeschlossen: str
    standort: str
    kanal: str
    leitfaden: str
    fassung: str
    ergebnis: str
    beschaeftigte: str
    abgabe: str
    kundennummer: str
    bewertung: int | None
    regelweg: str = ""      # Anlage 7: ob der Weg über die Schritte der Regel ging (ja, nein, nicht aufgezeichnet)


def listenzeile(k: Any, sichtbar: Callable[[Any], bool], eigener_standort: str | None) -> Listenzeile:
    """`sichtbar`: welche QS-Bewertungen die Teamleitung öffnen darf (zugriff.qs_bewertungen_sichtbar); `regelweg`
    liest sie aus der Liste der Anlage 7 (regelkontakte.regel_kontakte)."""
    titel = katalog().leitfaeden.get(k.leitfaden)
    bewertung = next((b.pk for b in k.qs_bewertungen.all() if sichtbar(b)), None)
    return Listenzeile(
        abgeschlossen=lesbar.datum(k.abgeschlossen, mit_zeit=True), standort=k.standort or "–",
        kanal=KANAL_NAMEN.get(k.kanal, k.kanal),
        leitfaden=f"{k.leitfaden}: {titel.kopf.titel}" if titel else k.leitfaden,
        fassung=f"Stand {k.stand:%d.%m.%Y}", ergebnis=lesbar.code(k.ergebnis) if k.ergebnis else "ohne Ergebnis",
        beschaeftigte=(k.user.get_username() if eigener_standort and k.standort == eigener_standort
                       else "anderer Standort (nicht angezeigt)"),
        abgabe=f"ja, an {stelle_name(k.abgabe)}" if k.abgabe else "nein",
        kundennummer=KUNDENNUMMER_VERBORGEN if k.kundennummer else "keine (Kontakt ohne Kundennummer)",
        bewertung=bewertung, regelweg=str(getattr(k, "regelweg", "") or ""))


def verweis_filter(z: Zeitraum) -> dict[str, str]:
    """Die Filter für die Adresse eines Verweises. Mit einem Standort ohne die Standortgruppe: sie folgt aus ihm
    (kennzahlen.gruppe_des_standorts); in der Adresse stünde sie im Formular als eigene Wahl, und wer danach einen
    Standort der anderen Gruppe wählt, bekäme statt der Zahlen die Meldung, die Gruppe schließe ihn aus."""
    gruppe = "" if z.standort else z.gruppe
    return {k: v for k, v in (("von", f"{z.von:%d.%m.%Y}"), ("bis", f"{z.bis:%d.%m.%Y}"), ("standort", z.standort or ""),
                              ("gruppe", gruppe), ("phase", z.phase), ("kanal", z.kanal)) if v}


def verweis(z: Zeitraum, auswahl: Auswahl) -> str:
    """Die Adresse der Liste: Filter und Zelle — nie eine Kundennummer."""
    zelle = {"kennzahl": auswahl.kennzahl, "stelle": auswahl.stelle, "vergleich": auswahl.vergleich}
    return reverse("fuehrung:anlage5_kontakte") + "?" + urlencode(
        {**verweis_filter(z), **{k: v for k, v in zelle.items() if v}})


def anlage5_verweis(z: Zeitraum) -> str:
    return reverse("fuehrung:anlage5") + "?" + urlencode(verweis_filter(z))


@dataclass(frozen=True)
class Zelle:
    wert: float | None
    anteil: tuple[int, int] | None
    kontakte: int
    verweis: str            # "" ohne Kontakte dahinter
    beschriftung: str       # der Name des Verweises für Screenreader, beginnt mit der sichtbaren Zahl


def kontakte_zahl(n: int) -> str:
    """„1 Kontakt“, „3 Kontakte“ — der Anfang der Beschriftung eines Verweises (Screenreader)."""
    return f"{n} Kontakt" if n == 1 else f"{n} Kontakte"


def zellen(b: Bericht, zeile: Zeile) -> list[Zelle]:
    """Die Zellen einer Zeile der Anlage 5, jede mit dem Verweis auf die Kontakte dahinter."""
    ergebnis = []
    for i, (wert, anteil) in enumerate(zeile.zellen):
        n = zeile.kontakte[i] if zeile.kontakte else 0
        auswahl = Auswahl(zeile.kennzahl, zeile.stelle, vergleich_von(*b.segmente[i]))
        ziel = verweis(b.zeitraum, auswahl) if n and zeile.kennzahl in BEDINGUNGEN else ""
        ergebnis.append(Zelle(wert, anteil, n, ziel, f"{kontakte_zahl(n)}: {zeile.titel}, {b.spalten_namen[i]}"))
    return ergebnis
