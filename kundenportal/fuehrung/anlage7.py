"""Anlage 7: Protokoll des Umsetzungsdialogs einer Weisung (domain.md A12) — je Regel die Umsetzung,
gemessen an den aufgezeichneten Wegen der Kontakte (Anteil der Gespräche auf den Leitfäden der Regel, deren
Weg einen ihrer Schritte ausgeführt hat — vor und ab dem Weisungstag, Pilot- und andere Standorte), die
QS-Quote der Kriterien, die die Regel prüfen, und die vereinbarten Maßnahmen. Welche Leitfäden, Schritte und
Kriterien zu einer Regel gehören, sagt die Anlage selbst (content/arbeitsmittel/fuehrungsprozess-anlage/anlage-7).

Standort, Standortgruppe und Zeit zur Weisung schränken alles ein — auch die QS-Quoten (die QS rechnet je
Standort und Zeitraum: die Gruppe wird zu ihren Standorten, die Zeit zur Weisung zum Zeitraum davor oder ab dem
Tag) und die Maßnahmen (je Standort festgehalten).

Gezählt werden nur Kontakte der Kanäle der Teamleitung (konten.zugriff.kennzahl_kanaele; die Teamleitung E-Mail:
E-Mail-Bearbeitung), QS-Quoten nur aus ihren QS-Kanälen. Eine Regel, die an keinem ihrer Kanäle misst (die Regeln
der Familienkasse für die Teamleitung SGB III und umgekehrt), zeigt keine Zahlen: Titel, Leitfäden und Maßnahmen."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When

from kundenportal import lesbar
from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import rechtskreis
from kundenportal.leitfaden.modell import Aktion, Ende, Frage, Hinweis, Pruefung, nachfolger
from kundenportal.qs import queries as qs_queries
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .kennzahlen import Anteil, Zeitraum, pilotstandorte, tageszahlen, zeitraum_ergaenzen
from .kennzahlen_zeit import BERLIN, WEISUNG_TAG
from .models import Massnahme

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
    dazustehen). Dieselben Gruppen öffnet die Liste hinter den Zahlen (kontaktliste.Regelauswahl)."""
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
    kanaele: tuple[str, ...] = ()                 # die Kanäle ihrer Leitfäden (`regel_kanaele`)
    # False: die Regel misst keinen Kanal der Teamleitung (`anlage7(kanaele=…)`) — sie hat dann keine Zahlen und
    # keine QS-Quoten (andere Kanäle, womöglich ein anderer Rechtskreis), nur Titel, Leitfäden und Maßnahmen.
    gezaehlt: bool = True
    schritte: tuple[str, ...] = ()                # die gemessenen Schritte, lesbar: „FK 4.001: oed_erfassen (Aktion)“
    nicht_messbar: str = ""                       # warum der Weg nicht zu messen ist ("" wenn er es ist)
    # die Auswahl des Filters (Zeitraum.gruppe, Zeitraum.standort): die Zeilen nennen, was gezählt ist
    filter_gruppe: str = ""
    filter_standort: str = ""

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


def anlage7_fassung(z: Zeitraum) -> Arbeitsmittel | None:
    return arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", z.bis)


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


def _qs_quoten(z: Zeitraum, kanaele: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """(erfüllt, bewertet) je „Anlage:Kriterium“ für Standort, Standortgruppe und Zeit zur Weisung. Die QS
    rechnet je Standort und Zeitraum (qs.queries.quoten): die Gruppe wird zu ihren Standorten (andere = alle
    ohne die Pilotstandorte), die Zeit zur Weisung zum Zeitraum vor oder ab dem Tag; `kanaele`: nur Bewertungen
    von Kontakten dieser Kanäle (der Rechtskreis der Teamleitung, konten.zugriff.qs_kanaele)."""
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
            for q in qs_queries.quoten(standort=standort, von=von, bis=bis, kanaele=kanaele):
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
    auswahl = Massnahme.objects.filter(weisung=weisung).select_related("user")
    if z.standort:
        auswahl = auswahl.filter(standort=z.standort)
    elif z.gruppe:
        piloten = pilotstandorte()
        auswahl = auswahl.filter(standort__in=piloten) if z.gruppe == "pilot" else auswahl.exclude(standort__in=piloten)
    je_regel: dict[str, list[Massnahme]] = defaultdict(list)
    for m in auswahl:
        je_regel[m.regel].append(m)
    return je_regel


def _kanaele(leitfaeden: set[str]) -> tuple[str, ...]:
    k = katalog()
    return tuple(sorted({kanal for lf in leitfaeden if (gefunden := k.leitfaeden.get(lf)) for kanal in gefunden.kopf.kanaele}))


def regel_kanaele(regel: str, tag: dt.date) -> tuple[str, ...] | None:
    """Die Kanäle, auf denen die Anlage 7 (gültig am `tag`) die Umsetzung der `regel` misst: die ihrer Leitfäden
    und der Leitfäden, die sie einbinden. None, wenn die Anlage die Regel nicht misst."""
    anlage = arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", tag)
    for u in (anlage.inhalt.get("umsetzung") or []) if anlage is not None else []:
        if str(u["regel"]) == regel:
            return _kanaele(set().union(*(_traeger(str(m["leitfaden"])) for m in u.get("messung") or [])))
    return None


def _traeger(leitfaden: str) -> set[str]:
    """Die Leitfäden, deren Kontakte eine Regel in `leitfaden` messen: er selbst (außer als Baustein) und
    alle, die ihn einbinden (FK 4.001 etwa steckt in jedem Leitfaden der Familienkasse)."""
    k = katalog()
    lf = k.leitfaeden.get(leitfaden)
    selbst = set() if lf is not None and lf.kopf.baustein else {leitfaden}
    return selbst | {f.leitfaden_id for f in k.fassungen() if any(e.leitfaden == leitfaden for e in f.einbindungen())}


@dataclass
class Spuren:
    """Woran ein aufgezeichneter Lauf zeigt, dass er einen Schritt genommen hat: ein erledigter Auftrag
    (Aktion, Abgabe, Prüfung ohne Parameter; im eingebundenen Leitfaden mit dem Namen des Einbinden-Schritts
    davor: „absage/absagen“), eine Antwort (Frage) oder das Ergebnis (Ende). Ein Hinweis hinterlässt keine
    Spur: eine Regel nur aus Hinweisen ist nicht messbar."""

    auftraege: set[str]
    antworten: set[str]
    ergebnisse: set[str]

    def q(self) -> Q | None:
        teile = ([Q(lauf__auftraege__has_any_keys=sorted(self.auftraege))] if self.auftraege else []) + \
            ([Q(lauf__antworten__has_any_keys=sorted(self.antworten))] if self.antworten else []) + \
            ([Q(ergebnis__in=sorted(self.ergebnisse))] if self.ergebnisse else [])
        if not teile:
            return None
        bedingung = teile[0]
        for t in teile[1:]:
            bedingung |= t
        return bedingung


def _spuren(leitfaden: str, schritte: list[str]) -> Spuren:
    """Die Spuren der `schritte` in allen Fassungen des Leitfadens (jede Fassung kann gelten, ein Kontakt bleibt auf
    seiner). Ein Hinweis hinterlässt selbst keine Spur; führt er ohne Verzweigung zu einem Schritt, den nur er
    erreicht, zeigt dessen Spur, dass der Weg über ihn ging (FK 4.404: Hinweis „nachweise“ → Ende „auskunft“)."""
    k = katalog()
    spuren = Spuren(set(), set(), set())
    lf = k.leitfaeden.get(leitfaden)
    if lf is None:
        return spuren
    praefixe = ([] if lf.kopf.baustein else [""]) + sorted(
        {f"{e.id}/" for f in k.fassungen() for e in f.einbindungen() if e.leitfaden == leitfaden})
    for f in lf.fassungen:
        nach_id = {s.id: s for s in f.daten.schritte}
        vorgaenger: dict[str, int] = defaultdict(int)
        for s in f.daten.schritte:
            for ziel in set(nachfolger(s)):
                vorgaenger[ziel] += 1
        for s in f.daten.schritte:
            if s.id not in schritte:
                continue
            gesehen = {s.id}
            while isinstance(s, Hinweis) and len(ziele := nachfolger(s)) == 1 and vorgaenger[ziele[0]] == 1 \
                    and ziele[0] in nach_id and ziele[0] not in gesehen:
                s = nach_id[ziele[0]]
                gesehen.add(s.id)
            if isinstance(s, Frage):
                spuren.antworten.add(s.fakt)
            elif isinstance(s, Ende):
                spuren.ergebnisse.add(s.ergebnis)
            elif isinstance(s, Aktion) or (isinstance(s, Pruefung) and not s.parameter):
                spuren.auftraege |= {p + s.id for p in praefixe}
    return spuren


def _art(leitfaden: str, schritt: str) -> str:
    """Die Art eines gemessenen Schritts in Worten (aus der jüngsten Fassung, die ihn hat)."""
    lf = katalog().leitfaeden.get(leitfaden)
    for f in reversed(lf.fassungen if lf is not None else []):
        for s in f.daten.schritte:
            if s.id == schritt:
                return {Frage: "Frage beantwortet", Ende: "Ende erreicht", Hinweis: "Hinweis",
                        Aktion: "Aktion ausgeführt", Pruefung: "Prüfung ausgeführt"}.get(type(s), "Auftrag erledigt")
    return "unbekannt"


def _schritt_lesbar(leitfaden: str, schritt: str) -> str:
    """Ein gemessener Schritt, wie die Teamleitung ihn liest: Leitfaden, Anfang seines Textes (oder sein Ergebnis)
    und Art — statt der Kennung („abmelden_regel“), die nur die Redaktion kennt."""
    lf = katalog().leitfaeden.get(leitfaden)
    text = ""
    for f in reversed(lf.fassungen if lf is not None else []):
        s = f.schritte.get(schritt)
        if s is not None:
            roh = getattr(s, "text", "") or getattr(s, "vermerk", "") or (
                lesbar.code(str(getattr(s, "ergebnis", ""))) if isinstance(s, Ende) else "")
            text = lesbar.im_text(str(roh))
            break
    kurz = lesbar.zitat(text, 70)
    return f"{leitfaden}: „{kurz}“ ({_art(leitfaden, schritt)})" if kurz else f"{leitfaden}: {schritt} " \
        f"({_art(leitfaden, schritt)})"


def _bedingung(messungen: list[tuple[str, list[str]]]) -> Q | None:
    """Die Bedingung „Weg über einen Schritt der Regel“: je Messung ihre Spuren; ein Ergebnis (Ende) zählt nur an
    Kontakten der Leitfäden dieser Messung (ein gleichnamiges Ergebnis anderer Leitfäden ist kein Schritt der Regel)."""
    teile: list[Q] = []
    for leitfaden, schritte in messungen:
        sp = _spuren(leitfaden, schritte)
        if q := Spuren(sp.auftraege, sp.antworten, set()).q():
            teile.append(q)
        if sp.ergebnisse:
            teile.append(Q(leitfaden__in=sorted(_traeger(leitfaden)), ergebnis__in=sorted(sp.ergebnisse)))
    if not teile:
        return None
    bedingung = teile[0]
    for t in teile[1:]:
        bedingung |= t
    return bedingung


def aufgezeichnet(z: Zeitraum, leitfaeden: Iterable[str], kanaele: list[str] | None = None) -> QuerySet[Kontakt]:
    """Die abgeschlossenen, aufgezeichneten Gespräche (Lauf mit Fassung) auf den `leitfaeden` unter den Filtern des
    Zeitraums, in den `kanaele` (None: allen) — der Nenner des Wegs über die Schritte einer Regel (`_wege`); mit der
    Bedingung der Regel (`Messung.bedingung`) sein Zähler, wie ihn die Liste hinter der Zahl zeigt."""
    anfang, ende = z.grenzen()
    kontakte = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende,
                                      leitfaden__in=sorted(leitfaeden), lauf__has_key="fassung")
    piloten = pilotstandorte()
    if z.standort:
        kontakte = kontakte.filter(standort=z.standort)
    if z.kanal:
        kontakte = kontakte.filter(kanal=z.kanal)
    if kanaele is not None:
        kontakte = kontakte.filter(kanal__in=list(kanaele))
    if z.gruppe:
        kontakte = kontakte.filter(standort__in=piloten) if z.gruppe == "pilot" else kontakte.exclude(standort__in=piloten)
    if z.phase:
        tag = dt.datetime.combine(WEISUNG_TAG, dt.time(0), BERLIN)
        kontakte = kontakte.filter(abgeschlossen__gte=tag) if z.phase == "ab" else kontakte.filter(abgeschlossen__lt=tag)
    return kontakte


def _wege(z: Zeitraum, leitfaeden: set[str], bedingung: Q, kanaele: list[str] | None = None
          ) -> dict[tuple[bool, bool], tuple[int, int]]:
    """Je (Pilot, ab dem Tag): aufgezeichnete Gespräche auf den Leitfäden (in den `kanaele`; None: allen) und davon
    die mit einer Spur der Regel — gezählt in der Datenbank (JSON-Schlüssel des Laufs, Ergebnis), nicht durch
    Laden der Läufe."""
    kontakte = aufgezeichnet(z, leitfaeden, kanaele)
    piloten = pilotstandorte()
    tag = dt.datetime.combine(WEISUNG_TAG, dt.time(0), BERLIN)
    zahlen = kontakte.annotate(
        pilot=Case(When(standort__in=piloten, then=Value(True)), default=Value(False), output_field=BooleanField()),
        nach=Case(When(abgeschlossen__gte=tag, then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).values("pilot", "nach").annotate(
        n=Count("id"), regel=Count("id", filter=bedingung)).order_by()
    return {(bool(r["pilot"]), bool(r["nach"])): (r["n"], r["regel"]) for r in zahlen}


@dataclass(frozen=True)
class Messung:
    """Woran die Anlage 7 eine Regel misst: die Leitfäden (mit denen, die sie einbinden, `_traeger`), deren Kanäle
    und die Bedingung „Weg über einen Schritt der Regel“ (None: nicht messbar)."""

    regel: str
    leitfaeden: frozenset[str]
    kanaele: tuple[str, ...]
    bedingung: Q | None
    titel: str = ""


def _leitfaeden(u: dict[str, Any]) -> set[str]:
    return set().union(*(_traeger(str(m["leitfaden"])) for m in u.get("messung") or []))


def _messungen(u: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(str(m["leitfaden"]), [str(s) for s in m.get("schritte") or []]) for m in u.get("messung") or []]


def regel_messung(z: Zeitraum, regel: str) -> Messung | None:
    """Woran die Anlage 7, die am Ende des Zeitraums gilt, die `regel` misst; None, wenn sie die Regel nicht hat."""
    anlage = anlage7_fassung(z)
    for u in (anlage.inhalt.get("umsetzung") or []) if anlage is not None else []:
        if str(u["regel"]) == regel:
            leitfaeden = _leitfaeden(u)
            w = katalog().weisungen.get(str(anlage.weisung)) if anlage is not None else None
            titel = next((r.titel for r in w.regeln if r.punkt == regel), "") if w else ""
            return Messung(regel, frozenset(leitfaeden), _kanaele(leitfaeden), _bedingung(_messungen(u)), titel)
    return None


def prozent(teil: int, ganz: int) -> float | None:
    return round(100 * teil / ganz, 1) if ganz else None


def anlage7(z: Zeitraum, weisung: str = "202003006", kanaele: list[str] | None = None,
            qs_kanaele: list[str] | None = None) -> list[Regelzeile]:
    """Je Regel der Anlage 7 (gültig am Ende des Zeitraums) Kontakte, Umsetzung, QS-Quoten und Maßnahmen.
    `kanaele`: nur Kontakte dieser Kanäle zählen (die der Teamleitung, konten.zugriff.kennzahl_kanaele; None: alle);
    eine Regel, die keinen davon misst, bleibt ohne Zahlen (`Regelzeile.gezaehlt`). `qs_kanaele`: nur Bewertungen
    von Kontakten dieser Kanäle (konten.zugriff.qs_kanaele; None: wie `kanaele`)."""
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
    quoten = _qs_quoten(z, qs_kanaele)
    titel = {r.punkt: r.titel for r in katalog().weisungen[weisung].regeln}
    je_regel = massnahmen(z, weisung)
    ergebnis = []
    for u in anlage.inhalt.get("umsetzung") or []:
        leitfaeden = _leitfaeden(u)
        regel = str(u["regel"])
        gemessen = _kanaele(leitfaeden)
        if kanaele is not None and gemessen and not set(gemessen) & set(kanaele):
            ergebnis.append(Regelzeile(regel, titel.get(regel, ""), tuple(sorted(leitfaeden)), (0, 0, 0, 0),
                                       (None,) * 4, (None, None), [], str(u.get("massnahme_vorschlag", "")),
                                       je_regel.get(regel, []), kanaele=gemessen, gezaehlt=False))
            continue        # fremde Kanäle: keine Zahlen, keine QS-Quoten (nicht einmal gerechnet)
        messungen = _messungen(u)
        bedingung = _bedingung(messungen)
        schritte = tuple(_schritt_lesbar(lf, s) for lf, ss in messungen for s in ss)
        nicht_messbar = "" if bedingung is not None else (
            "Nicht messbar: Die gemessenen Schritte der Regel (" + "; ".join(schritte) + ") hinterlassen im "
            "aufgezeichneten Weg keine Spur (ein Hinweis wird nur angezeigt). Die Kontakte sind gezählt, der Anteil "
            "über die Schritte der Regel lässt sich nicht angeben.")
        wege = _wege(z, leitfaeden, bedingung, kanaele) if leitfaeden and bedingung is not None else {}

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
