"""Woran die Anlage 7 die Umsetzung einer Regel misst (domain.md A12): die Anlage, die am Ende des Zeitraums gilt,
die Leitfäden der Regel (mit denen, die sie einbinden), ihre Kanäle und die Bedingung „Weg über einen Schritt der
Regel“ — aus den Spuren, die ein aufgezeichneter Lauf hinterlässt (erledigter Auftrag, Antwort, Ergebnis). Dazu die
aufgezeichneten Gespräche, an denen der Weg gemessen wird, und ihre Zählung je Standortgruppe und Zeit zur Weisung.

Die Tabelle der Anlage 7 rechnet damit (anlage7.py), die Liste hinter ihren Zahlen wählt damit dieselben Kontakte
(regelkontakte.py)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from kundenportal import lesbar
from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.auftraege import aktionstext
from kundenportal.leitfaden.modell import Aktion, Ende, Frage, Hinweis, Pruefung, nachfolger
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .kennzahlen import Zeitraum, pilotstandorte
from .kennzahlen_zeit import BERLIN, WEISUNG_TAG


def anlage7_fassung(z: Zeitraum) -> Arbeitsmittel | None:
    """Die Anlage 7, die am Ende des Zeitraums gilt (None: keine)."""
    return arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", z.bis)


def leitfaden_kanaele(leitfaeden: set[str]) -> tuple[str, ...]:
    """Die Kanäle der `leitfaeden`, sortiert."""
    k = katalog()
    return tuple(sorted({kanal for lf in leitfaeden if (gefunden := k.leitfaeden.get(lf)) for kanal in gefunden.kopf.kanaele}))


def regel_kanaele(regel: str, tag: dt.date) -> tuple[str, ...] | None:
    """Die Kanäle, auf denen die Anlage 7 (gültig am `tag`) die Umsetzung der `regel` misst: die ihrer Leitfäden
    und der Leitfäden, die sie einbinden. None, wenn die Anlage die Regel nicht misst."""
    anlage = arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", tag)
    for u in (anlage.inhalt.get("umsetzung") or []) if anlage is not None else []:
        if str(u["regel"]) == regel:
            return leitfaden_kanaele(set().union(*(traeger(str(m["leitfaden"])) for m in u.get("messung") or [])))
    return None


def traeger(leitfaden: str) -> set[str]:
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
        return _oder(teile)


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


def leitfaden_lesbar(leitfaden: str) -> str:
    """Ein Leitfaden, wie die Teamleitung ihn liest: die nummerierten (SC 3.004a, FK 4.001) mit ihrer Nummer, die
    übrigen — eService, E-Mail, Baustein — mit ihrem Titel statt der Kennung der Redaktion („ES
    Beratungsgespraech“ → eService „Beratungsgespräch vorbereiten“, „BS Terminabsage“ → Baustein „einheitliche
    Terminabsage“)."""
    lf = katalog().leitfaeden.get(leitfaden)
    if lf is None or re.search(r"\d", leitfaden) or not lf.kopf.titel:
        return leitfaden
    titel = lf.kopf.titel
    if lf.kopf.baustein:
        return f"Baustein „{titel.removeprefix('Baustein: ')}“"
    return titel


def _aktion_lesbar(s: Any) -> str:
    """Eine Aktion ohne eigenen Text, wie ihr Vermerk sie nennt (auftraege.AKTIONEN: „VerBIS: Abmeldung erfasst,
    Grund Regelaltersrente, zum …“): feste Parameter mit ihrem Label, Angaben aus dem Gespräch als „…“."""
    vorlage = aktionstext({"system": getattr(s, "system", ""), "vorgang": getattr(s, "vorgang", "")})
    parameter = getattr(s, "parameter", None) or {}

    def wert(m: re.Match[str]) -> str:
        roh = parameter.get(m.group(1))
        return "…" if roh is None or (isinstance(roh, str) and roh.startswith("=")) else lesbar.code(roh)

    return re.sub(r"\{([a-z_][a-z0-9_]*)\}", wert, vorlage)


def _schritt_text(s: Any) -> str:
    roh = str(getattr(s, "text", "") or getattr(s, "vermerk", "") or "")
    if not roh and isinstance(s, Ende):
        roh = lesbar.code(str(s.ergebnis))
    if not roh and isinstance(s, Aktion) and s.vorgang:
        roh = _aktion_lesbar(s)
    return lesbar.im_text(roh) if roh else ""


def schritt_lesbar(leitfaden: str, schritt: str, tag: dt.date | None = None) -> str:
    """Ein gemessener Schritt, wie die Teamleitung ihn liest: Leitfaden (`leitfaden_lesbar`), Anfang seines Textes
    und Art — nie die Kennung („abmelden_regel“), die nur die Redaktion kennt. Der Text kommt aus der Fassung, die
    am `tag` gilt (das Ende des Zeitraums), sonst aus der jüngsten, die einen hat: Text, Vermerk, bei einer Aktion
    ohne beides ihr Vermerk aus dem Fachverfahren (`_aktion_lesbar`), beim Ende sein Ergebnis."""
    lf = katalog().leitfaeden.get(leitfaden)
    fassungen = list(reversed(lf.fassungen)) if lf is not None else []
    if tag is not None:
        fassungen.sort(key=lambda f: not f.gilt_am(tag))      # stabil: die geltende zuerst, sonst die jüngste
    text = next((t for f in fassungen if (s := f.schritte.get(schritt)) is not None and (t := _schritt_text(s))), "")
    kurz = lesbar.zitat(text, 70)
    name = leitfaden_lesbar(leitfaden)
    if lf is not None and lf.kopf.baustein:
        name += " (in den genannten Leitfäden eingebunden)"     # gezählt an ihren Kontakten (`traeger`)
    art = _art(leitfaden, schritt)
    return f"{name}: „{kurz}“ ({art})" if kurz else f"{name}: ein Schritt ({art})"


def weg_bedingung(messungen: list[tuple[str, list[str]]]) -> Q | None:
    """Die Bedingung „Weg über einen Schritt der Regel“: je Messung ihre Spuren; ein Ergebnis (Ende) zählt nur an
    Kontakten der Leitfäden dieser Messung (ein gleichnamiges Ergebnis anderer Leitfäden ist kein Schritt der Regel)."""
    teile: list[Q] = []
    for leitfaden, schritte in messungen:
        sp = _spuren(leitfaden, schritte)
        if q := Spuren(sp.auftraege, sp.antworten, set()).q():
            teile.append(q)
        if sp.ergebnisse:
            teile.append(Q(leitfaden__in=sorted(traeger(leitfaden)), ergebnis__in=sorted(sp.ergebnisse)))
    return _oder(teile)


def _oder(teile: list[Q]) -> Q | None:
    """Die Teile mit ODER verbunden; keine Teile: None (nichts messbar)."""
    return functools.reduce(operator.or_, teile) if teile else None


def aufgezeichnet(z: Zeitraum, leitfaeden: Iterable[str], kanaele: list[str] | None = None) -> QuerySet[Kontakt]:
    """Die abgeschlossenen, aufgezeichneten Gespräche (Lauf mit Fassung) auf den `leitfaeden` unter den Filtern des
    Zeitraums, in den `kanaele` (None: allen) — der Nenner des Wegs über die Schritte einer Regel
    (`wege_zaehlen`); mit der Bedingung der Regel (`Messung.bedingung`) sein Zähler, wie ihn die Liste hinter der
    Zahl zeigt."""
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


def wege_zaehlen(z: Zeitraum, leitfaeden: set[str], bedingung: Q, kanaele: list[str] | None = None
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
    """Woran die Anlage 7 eine Regel misst: die Leitfäden (mit denen, die sie einbinden, `traeger`), deren Kanäle
    und die Bedingung „Weg über einen Schritt der Regel“ (None: nicht messbar)."""

    regel: str
    leitfaeden: frozenset[str]
    kanaele: tuple[str, ...]
    bedingung: Q | None
    titel: str = ""


def regel_leitfaeden(u: dict[str, Any]) -> set[str]:
    """Die Leitfäden, an deren Kontakten eine Regel der Anlage (`u`: ihr Eintrag unter „umsetzung“) gemessen wird."""
    return set().union(*(traeger(str(m["leitfaden"])) for m in u.get("messung") or []))


def regel_schritte(u: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Je Messung einer Regel der Anlage (`u`: ihr Eintrag unter „umsetzung“) der Leitfaden und seine Schritte."""
    return [(str(m["leitfaden"]), [str(s) for s in m.get("schritte") or []]) for m in u.get("messung") or []]


def regel_messung(z: Zeitraum, regel: str) -> Messung | None:
    """Woran die Anlage 7, die am Ende des Zeitraums gilt, die `regel` misst; None, wenn sie die Regel nicht hat."""
    anlage = anlage7_fassung(z)
    for u in (anlage.inhalt.get("umsetzung") or []) if anlage is not None else []:
        if str(u["regel"]) == regel:
            leitfaeden = regel_leitfaeden(u)
            w = katalog().weisungen.get(str(anlage.weisung)) if anlage is not None else None
            titel = next((r.titel for r in w.regeln if r.punkt == regel), "") if w else ""
            return Messung(regel, frozenset(leitfaeden), leitfaden_kanaele(leitfaeden),
                           weg_bedingung(regel_schritte(u)), titel)
    return None
