"""Anlage 7: Protokoll des Umsetzungsdialogs einer Weisung (domain.md A12) — je Regel die Umsetzung,
gemessen an den aufgezeichneten Wegen der Kontakte (Anteil der Gespräche auf den Leitfäden der Regel, deren
Weg einen ihrer Schritte ausgeführt hat — vor und ab dem Weisungstag, Pilot- und andere Standorte), die
QS-Quote der Kriterien, die die Regel prüfen, und die vereinbarten Maßnahmen. Welche Leitfäden, Schritte und
Kriterien zu einer Regel gehören, sagt die Anlage selbst (content/arbeitsmittel/fuehrungsprozess-anlage/anlage-7);
woran der Weg über ihre Schritte gemessen wird, sagt regelmessung.py.

Standort, Standortgruppe und Zeit zur Weisung schränken alles ein — auch die QS-Quoten (die QS rechnet je
Standort und Zeitraum: die Gruppe wird zu ihren Standorten, die Zeit zur Weisung zum Zeitraum davor oder ab dem
Tag) und die Maßnahmen (je Standort festgehalten).

Gezählt werden nur Kontakte der Kanäle der Teamleitung (konten.zugriff.kennzahl_kanaele; die Teamleitung E-Mail:
E-Mail-Bearbeitung), QS-Quoten nur aus ihren QS-Kanälen. Eine Regel, die an keinem ihrer Kanäle misst (die Regeln
der Familienkasse für die Teamleitung SGB III und umgekehrt), zeigt keine Zahlen: Titel, Leitfäden und — nur im
eigenen Rechtskreis (`eigener_rechtskreis`) — Maßnahmen: sie sind freier Text einer Teamleitung, und was das Team
des anderen Rechtskreises vereinbart, bleibt in dessen Rechtskreis (§ 35 SGB I, § 30 AO)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from kundenportal.konten import rechtskreis
from kundenportal.qs import queries as qs_queries
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel
from kundenportal.zeitraum import monatserster

from .kennzahlen import (
    Anteil,
    Zeitraum,
    letzter_tag_mit_kontakten,
    pilotstandorte,
    tageszahlen,
    zeitraum_ergaenzen,
)
from .kennzahlen_zeit import WEISUNG_TAG
from .models import Massnahme
from .regelmessung import (
    anlage7_fassung,
    leitfaden_kanaele,
    leitfaden_lesbar,
    regel_leitfaeden,
    regel_schritte,
    schritt_lesbar,
    weg_bedingung,
    wege_zaehlen,
)

GRUPPEN = ((True, False), (True, True), (False, False), (False, True))   # (Pilot, ab dem Tag) wie `kontakte`


@dataclass(frozen=True)
class QSZeile:
    """Die QS-Quote eines Kriteriums (Anteil „erfüllt“ an erfüllt/nicht erfüllt bewerteten Kontakten)."""

    kriterium: str           # "2.2.1:a2_abgesagt"
    text: str
    erfuellt: int
    bewertet: int

    @property
    def anlage(self) -> str:
        """Die QS-Anlage des Kriteriums („2.2.1“); der Text des Kriteriums steht daneben, nicht seine Kennung."""
        return self.kriterium.partition(":")[0]

    @property
    def prozent(self) -> float | None:
        return round(100 * self.erfuellt / self.bewertet, 1) if self.bewertet else None


def pilotvergleich(kanaele: tuple[str, ...]) -> bool:
    """Ob die Pilotstandorte (Pilot Weiterbildungsberatung, ein Projekt des SGB III) der Vergleich einer Regel auf
    den `kanaele` sind: nur für Regeln auf Kanälen des SGB III. Die Regeln der Familienkasse zeigen alle Standorte
    zusammen — die Weisung nennt für sie keine Pilotstandorte."""
    return not kanaele or any(rechtskreis.KANAL.get(k) == rechtskreis.SGB_III for k in kanaele)


def gruppen(kanaele: tuple[str, ...], filter_gruppe: str = "", filter_standort: str = ""
            ) -> list[tuple[str, tuple[int, ...]]]:
    """Die Standortgruppen der Tabelle und CSV einer Regel auf den `kanaele`: Name und Indizes in `GRUPPEN`
    (0: Pilot, 1: andere), ohne Pilotvergleich eine Gruppe „Alle Standorte“ aus beiden. Ist nach Standort oder
    Standortgruppe gefiltert, nennt die Zeile die Auswahl (und die ausgefilterte Gruppe fehlt, statt mit 0 Kontakten
    dazustehen). Dieselben Gruppen öffnet die Liste hinter den Zahlen (regelkontakte.Regelauswahl)."""
    if filter_standort:
        return [(f"Standort {filter_standort}", (0, 1))]
    if pilotvergleich(kanaele):
        return [g for g in (("Pilotstandorte", (0,)), ("Andere Standorte", (1,)))
                if filter_gruppe in ("", "pilot" if g[1] == (0,) else "andere")]
    if filter_gruppe:
        return [("Pilotstandorte" if filter_gruppe == "pilot" else "Andere Standorte", (0, 1))]
    return [("Alle Standorte", (0, 1))]


Tabellenzeile = tuple[str, int, int, tuple[float | None, Anteil | None], tuple[float | None, Anteil | None],
                      tuple[float | None, Anteil | None]]


@dataclass(frozen=True)
class Regelzeile:
    regel: str
    titel: str
    leitfaeden: tuple[str, ...]
    kontakte: tuple[int, int, int, int]           # Pilot vor, Pilot ab, andere vor, andere ab
    umgesetzt: tuple[float | None, ...]           # Anteil der Wege über die Schritte der Regel, wie `kontakte`
    auf_weisung: tuple[float | None, float | None]   # ab dem Tag: Anteil auf Fassungen der Weisung (Pilot, andere)
    qs: list[QSZeile]
    vorschlag: str
    massnahmen: list[Massnahme]
    wege: tuple[Anteil, ...] = ()                 # Zähler/Nenner zu `umgesetzt`
    auf_weisung_anteile: tuple[Anteil, ...] = ()  # Zähler/Nenner zu `auf_weisung`
    kanaele: tuple[str, ...] = ()                 # die Kanäle ihrer Leitfäden (`regelmessung.regel_kanaele`)
    # False: die Regel misst keinen Kanal der Teamleitung (`anlage7(kanaele=…)`) — sie hat dann keine Zahlen und
    # keine QS-Quoten (andere Kanäle, womöglich ein anderer Rechtskreis), nur Titel, Leitfäden und Maßnahmen.
    gezaehlt: bool = True
    # False: die Regel gehört einem anderen Rechtskreis (`eigener_rechtskreis`) — ihre Maßnahmen fehlen dann
    # (`massnahmen` leer), statt als „noch keine vereinbart“ zu gelten.
    massnahmen_sichtbar: bool = True
    schritte: tuple[str, ...] = ()                # die gemessenen Schritte, lesbar (`regelmessung.schritt_lesbar`)
    nicht_messbar: str = ""                       # warum der Weg nicht zu messen ist ("" wenn er es ist)
    # die Auswahl des Filters (Zeitraum.gruppe, Zeitraum.standort): die Zeilen nennen, was gezählt ist
    filter_gruppe: str = ""
    filter_standort: str = ""

    @property
    def leitfaeden_lesbar(self) -> tuple[str, ...]:
        """Die Leitfäden, wie die Seite sie nennt (`regelmessung.leitfaden_lesbar`): Nummer oder Titel."""
        return tuple(leitfaden_lesbar(lf) for lf in self.leitfaeden)

    @property
    def pilotvergleich(self) -> bool:
        """Ob die Pilotstandorte der Vergleich der Regel sind (`pilotvergleich`)."""
        return pilotvergleich(self.kanaele)

    def gruppen(self) -> list[tuple[str, tuple[int, ...]]]:
        """Die Standortgruppen der Tabelle und CSV (`gruppen`)."""
        return gruppen(self.kanaele, self.filter_gruppe, self.filter_standort)

    def summe(self, teile: tuple[int, ...], nach: bool) -> tuple[int, Anteil, Anteil]:
        """Kontakte, Weg über die Schritte (Zähler, Nenner) und Anteil auf der Weisung (Zähler, Nenner) der
        Standortgruppen `teile` (0: Pilot, 1: andere) vor oder ab dem Tag."""
        wege = self.wege or ((0, 0),) * 4
        auf = self.auf_weisung_anteile or ((0, 0),) * 2
        kontakte = sum(self.kontakte[2 * i + nach] for i in teile)
        weg = (sum(wege[2 * i + nach][0] for i in teile), sum(wege[2 * i + nach][1] for i in teile))
        return kontakte, weg, (sum(auf[i][0] for i in teile), sum(auf[i][1] for i in teile))

    @property
    def zeilen(self) -> list[Tabellenzeile]:
        """Je Standortgruppe: Name, Kontakte vor/ab, Umsetzung vor/ab, ab dem Tag auf der Weisung — für die Tabelle."""
        zeilen: list[Tabellenzeile] = []
        for name, teile in self.gruppen():
            vor, weg_vor, _ = self.summe(teile, False)
            ab, weg_ab, auf = self.summe(teile, True)
            zeilen.append((name, vor, ab, (prozent(*weg_vor), weg_vor), (prozent(*weg_ab), weg_ab),
                           (prozent(*auf), auf)))
        return zeilen


def anlage7_vorgabe(heute: dt.date) -> tuple[dt.date, dt.date]:
    """Der Zeitraum der Anlage 7 ohne Eingaben: die letzten drei Kalendermonate bis heute (wie ein leeres „Von“,
    kundenportal.zeitraum) — die Kontakte von heute zählen mit. Den Vergleich vor und ab dem Weisungstag zeigt ein
    Zeitraum um den Tag (die Seite verweist darauf)."""
    return zeitraum_ergaenzen(None, heute)


@dataclass(frozen=True)
class Vorgabe:
    """Der Zeitraum der Anlage 7 ohne Eingaben (`von`–`bis`) und die letzten drei Monate bis heute (`drei_monate`,
    `anlage7_vorgabe`). Weicht er davon ab (`ausgewichen`), lagen darin keine Kontakte der Kanäle der Teamleitung:
    er sind dann die letzten drei Kalendermonate mit Kontakten — die Seite sagt das in einem Satz."""

    von: dt.date
    bis: dt.date
    drei_monate: tuple[dt.date, dt.date]

    @property
    def zeitraum(self) -> tuple[dt.date, dt.date]:
        return self.von, self.bis

    @property
    def ausgewichen(self) -> bool:
        return self.zeitraum != self.drei_monate


def anlage7_vorgabe_mit_kontakten(heute: dt.date, kanaele: list[str] | None, *, nachsehen: bool = True) -> Vorgabe:
    """Der Zeitraum der Anlage 7 ohne Eingaben: die letzten drei Monate bis heute (`anlage7_vorgabe`) — oder, liegt
    darin kein Kontakt der `kanaele` (der Teamleitung; an allen Standorten, wie die Seite ohne Eingaben zählt), die
    drei Kalendermonate bis zum Ende des Monats mit dem letzten Kontakt davor (Schulung, Demo: das Frühjahr 2020
    um den Weisungstag). Ohne jeden Kontakt bis heute bleiben es die letzten drei Monate. Eine Abfrage
    (kennzahlen.letzter_tag_mit_kontakten), keine Schleife über Kontakte; kein Datum wird verschoben. `nachsehen`
    False (die Teamleitung hat einen Zeitraum gewählt): ohne Abfrage die letzten drei Monate."""
    drei = anlage7_vorgabe(heute)
    letzter = letzter_tag_mit_kontakten(heute, kanaele) if nachsehen else None
    if letzter is None or letzter >= drei[0]:
        return Vorgabe(*drei, drei)
    monatsende = monatserster(letzter, 1) - dt.timedelta(days=1)
    return Vorgabe(*zeitraum_ergaenzen(None, monatsende), drei)


def ohne_regeln_grund(z: Zeitraum, weisung: str = "202003006") -> str:
    """Warum die Anlage 7 für den Zeitraum keine Regel zeigt ("" wenn sie welche zeigt)."""
    anlage = anlage7_fassung(z)
    if anlage is not None and anlage.inhalt.get("umsetzung"):
        return ""
    w = katalog().weisungen.get(weisung)
    ab = w.gueltig_ab if w else WEISUNG_TAG
    if z.bis < ab:
        stand = f" in der Fassung vom {anlage.stand:%d.%m.%Y}" if anlage else ""
        return (f"Die Weisung {weisung} gilt ab dem {ab:%d.%m.%Y}; der Zeitraum endet am {z.bis:%d.%m.%Y}. Bis dahin "
                f"gilt die Anlage 7{stand} ohne ihre Regeln, es gibt also noch keine Umsetzung zu messen. Bitte einen "
                f"Zeitraum wählen, der den {ab:%d.%m.%Y} einschließt; die Spalten „vor dem {ab:%d.%m.%Y}“ zeigen "
                "dann den Vergleich davor.")
    return f"Für den Zeitraum gibt es keine Anlage 7 mit Regeln der Weisung {weisung}."


def _qs_quoten(z: Zeitraum, kanaele: list[str] | None = None, blind_fuer: Any = None) -> dict[str, tuple[int, int]]:
    """(erfüllt, bewertet) je „Anlage:Kriterium“ für Standort, Standortgruppe und Zeit zur Weisung. Die QS
    rechnet je Standort und Zeitraum (qs.queries.quoten): die Gruppe wird zu ihren Standorten (andere = alle
    ohne die Pilotstandorte), die Zeit zur Weisung zum Zeitraum vor oder ab dem Tag; `kanaele`: nur Bewertungen
    von Kontakten dieser Kanäle (der Rechtskreis der Teamleitung, konten.zugriff.qs_kanaele); `blind_fuer`: die
    Teamleitung, die die Zahlen sieht — Kontakte in laufender Kalibrierung, die sie noch nicht bewertet hat,
    zählen nicht mit (qs.queries.quoten: sonst verriete ein kurzer Zeitraum die Urteile vor ihrer eigenen)."""
    von, bis = z.von, z.bis
    if z.kanal:
        kanaele = [k for k in kanaele if k == z.kanal] if kanaele is not None else [z.kanal]
    if z.phase == "ab":
        von = max(von, WEISUNG_TAG)
    elif z.phase == "vor":
        bis = min(bis, WEISUNG_TAG - dt.timedelta(days=1))

    def summe(standorte: list[str | None]) -> dict[str, tuple[int, int]]:
        zahlen: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for standort in standorte:
            for q in qs_queries.quoten(standort=standort, von=von, bis=bis, kanaele=kanaele,
                                          blind_fuer=blind_fuer):
                e, b = zahlen[q.schluessel]
                zahlen[q.schluessel] = (e + q.quote.erfuellt, b + q.quote.bewertet)
        return zahlen

    if z.standort:
        return summe([z.standort])
    piloten: list[str | None] = list(pilotstandorte())
    if z.gruppe == "pilot":
        return summe(piloten)
    if z.gruppe == "andere":
        alle, pilot = summe([None]), summe(piloten)
        return {k: (e - pilot[k][0], b - pilot[k][1]) for k, (e, b) in alle.items() if b - pilot[k][1]}
    return summe([None])


def massnahmen(z: Zeitraum, weisung: str) -> dict[str, list[Massnahme]]:
    """Die Maßnahmen je Regel an den Standorten des Filters (Standort, sonst Standortgruppe, sonst alle)."""
    auswahl = Massnahme.objects.filter(weisung=weisung).select_related("user", "geaendert_von")
    if z.standort:
        auswahl = auswahl.filter(standort=z.standort)
    elif z.gruppe:
        piloten = pilotstandorte()
        auswahl = auswahl.filter(standort__in=piloten) if z.gruppe == "pilot" else auswahl.exclude(standort__in=piloten)
    je_regel: dict[str, list[Massnahme]] = defaultdict(list)
    for m in auswahl:
        je_regel[m.regel].append(m)
    return je_regel


def eigener_rechtskreis(gemessen: tuple[str, ...], kanaele: list[str] | None) -> bool:
    """Ob eine Regel, die die Anlage 7 an den Kanälen `gemessen` misst, zum Rechtskreis der Teamleitung gehört,
    deren Kennzahlen die `kanaele` zählen (konten.rechtskreis.KANAL): die Teamleitung E-Mail gehört mit ihrem
    Kanal zum SGB III, die Teamleitung Familienkasse nicht. Ohne Kanäle (None: alle; eine Regel ohne gemessene
    Leitfäden gehört keinem Kanal) gilt sie als eigene."""
    if kanaele is None or not gemessen:
        return True
    eigene = {rechtskreis.KANAL.get(k) for k in kanaele} - {None}
    return bool({rechtskreis.KANAL.get(k) for k in gemessen} & eigene)


def prozent(teil: int, ganz: int) -> float | None:
    return round(100 * teil / ganz, 1) if ganz else None


def anlage7(z: Zeitraum, weisung: str = "202003006", kanaele: list[str] | None = None,
            qs_kanaele: list[str] | None = None, blind_fuer: Any = None) -> list[Regelzeile]:
    """Je Regel der Anlage 7 (gültig am Ende des Zeitraums) Kontakte, Umsetzung, QS-Quoten und Maßnahmen.
    `kanaele`: nur Kontakte dieser Kanäle zählen (die der Teamleitung, konten.zugriff.kennzahl_kanaele; None: alle);
    eine Regel, die keinen davon misst, bleibt ohne Zahlen (`Regelzeile.gezaehlt`). `qs_kanaele`: nur Bewertungen
    von Kontakten dieser Kanäle (konten.zugriff.qs_kanaele; None: wie `kanaele`). `blind_fuer`: die Teamleitung,
    die die Seite sieht (`_qs_quoten`: die blinde Kalibrierung bleibt blind)."""
    z = z.pruefen()
    anlage = anlage7_fassung(z)
    if anlage is None:
        return []
    if qs_kanaele is None:
        qs_kanaele = kanaele
    zaehler: dict[tuple[str, bool, bool, bool], int] = defaultdict(int)
    for r in tageszahlen(z, kanaele=kanaele).values("leitfaden", "pilot", "nach", "weisung").annotate(
            n=Sum("anzahl")).order_by():
        zaehler[(r["leitfaden"], bool(r["pilot"]), bool(r["nach"]), r["weisung"] == weisung)] += r["n"]
    quoten = _qs_quoten(z, qs_kanaele, blind_fuer)
    titel = {r.punkt: r.titel for r in katalog().weisungen[weisung].regeln}
    je_regel = massnahmen(z, weisung)
    ergebnis = []
    for u in anlage.inhalt.get("umsetzung") or []:
        leitfaeden = regel_leitfaeden(u)
        regel = str(u["regel"])
        gemessen = leitfaden_kanaele(leitfaeden)
        if kanaele is not None and gemessen and not set(gemessen) & set(kanaele):
            sichtbar = eigener_rechtskreis(gemessen, kanaele)
            ergebnis.append(Regelzeile(regel, titel.get(regel, ""), tuple(sorted(leitfaeden)), (0, 0, 0, 0),
                                       (None,) * 4, (None, None), [], str(u.get("massnahme_vorschlag", "")),
                                       je_regel.get(regel, []) if sichtbar else [], kanaele=gemessen,
                                       gezaehlt=False, massnahmen_sichtbar=sichtbar))
            continue        # fremde Kanäle: keine Zahlen, keine QS-Quoten (nicht einmal gerechnet)
        messungen = regel_schritte(u)
        bedingung = weg_bedingung(messungen)
        schritte = tuple(schritt_lesbar(lf, s, z.bis) for lf, ss in messungen for s in ss)
        nicht_messbar = "" if bedingung is not None else (
            "Nicht messbar: Die gemessenen Schritte der Regel (" + "; ".join(schritte) + ") hinterlassen im "
            "aufgezeichneten Weg keine Spur (ein Hinweis wird nur angezeigt). Die Kontakte sind gezählt, der Anteil "
            "über die Schritte der Regel lässt sich nicht angeben.")
        wege = wege_zaehlen(z, leitfaeden, bedingung, kanaele) if leitfaeden and bedingung is not None else {}

        def summe(pilot: bool, nach: bool, neu: bool | None = None, lfs: set[str] = leitfaeden) -> int:
            return sum(n for (lf, p, a, w), n in zaehler.items()
                       if lf in lfs and p == pilot and a == nach and (neu is None or w == neu))

        zahlen = (summe(True, False), summe(True, True), summe(False, False), summe(False, True))
        auf = tuple((summe(p, True, True), summe(p, True)) for p in (True, False))
        auf_weisung = tuple(prozent(*a) for a in auf)
        anteile = tuple((w[1], w[0]) if (w := wege.get(g)) else (0, 0) for g in GRUPPEN)
        umgesetzt = tuple(prozent(*a) for a in anteile)
        qs = []
        for ref in u.get("qs_kriterien") or []:
            erfuellt, bewertet = quoten.get(str(ref), (0, 0))
            nummer, _, kid = str(ref).partition(":")
            bogen = arbeitsmittel().gueltig("qs_anlage", nummer, z.bis)
            if qs_kanaele is not None and bogen and not set(bogen.inhalt.get("kanaele") or ()) & set(qs_kanaele):
                continue        # ein Bogen anderer Kanäle (Rechtskreis): seine Bewertungen zählen hier nicht mit
            kriterium = bogen.kriterium(kid) if bogen else None
            qs.append(QSZeile(str(ref), kriterium.text if kriterium else str(ref), erfuellt, bewertet))
        ergebnis.append(Regelzeile(regel, titel.get(regel, ""), tuple(sorted(leitfaeden)), zahlen, umgesetzt,
                                   (auf_weisung[0], auf_weisung[1]), qs, str(u.get("massnahme_vorschlag", "")),
                                   je_regel.get(regel, []), anteile, auf, gemessen, schritte=schritte,
                                   nicht_messbar=nicht_messbar, filter_gruppe=z.gruppe,
                                   filter_standort=z.standort or ""))
    return ergebnis
