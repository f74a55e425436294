"""Verhaltens-Diff: die aufgezeichneten Wege vergangener Kontakte (Antworten und erledigte Aufträge
aus dem gepinnten Lauf) gegen den Entwurf nachspielen — ohne ein Fachverfahren zu berühren, denn die
Engine entscheidet nur (house style, habit 2). Gemeldet wird jeder Kontakt, der jetzt etwas anderes
fragen, anders enden oder andere Aktionen ausführen würde; gezeigt werden nur Fakt-, Ergebnis- und
Aktionsnamen, keine Antworten (Sozialdaten bleiben im Kontakt).

Verglichen wird unter denselben Bedingungen: derselbe Tag (der des Kontakts), dieselben Antworten, dieselben
eingebundenen Fassungen — „bisher“ ist je Kontakt die veröffentlichte Fassung, die der Entwurf für ihn ablöst:
die am `gueltig_ab` des Entwurfs am Standort des Kontakts gültige (Gültigkeitsauflösung des Katalogs, also mit
Geltungsbereich und Standortvarianten; gilt an dem Tag dort noch keine: die erste danach; nie ein Entwurf).
„Mit dem Entwurf“ ist der Entwurf; beide behandelt, als gälten sie am Tag des Kontakts. Liegt der Standort des
Kontakts außerhalb des Geltungsbereichs des Entwurfs, ist der Kontakt nicht betroffen (gezählt, nicht
nachgespielt). Eingebunden wird, was der Entwurf des Pakets vorsieht (sonst „bisher“ wie oben), sonst was
der Kontakt gepinnt hatte, sonst die am Tag des Kontakts gültige Fassung (gilt an dem Tag noch keine: die
erste danach). So meldet eine reine Textänderung keinen Kontakt, auch wenn der Kontakt auf einer älteren
Fassung lief oder der Entwurf erst ab heute gilt. Bleibt einer der beiden Wege vor dem Ende stehen (offene
Frage, Aktion, Abbruch) und unterscheidet sich bis dahin nichts, ist der Kontakt „nicht vollständig
nachspielbar“: eigens gezählt und gezeigt, nie als „unverändert“ und nie als „verhält sich anders“ — was nach
dem Halt käme, ist nicht verglichen. Unterscheidet sich schon der Weg bis dahin, verhält er sich anders (mit
dem Halt als weiterem Grund)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.leitfaden.auftraege import SYSTEM_NAMEN
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import LaufFehler
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.sitzung import Sitzung

from .services.protokoll import fassung_kurz


@dataclass
class Weg:
    fragen: list[str] = field(default_factory=list)
    ergebnis: str = ""
    aktionen: list[str] = field(default_factory=list)
    halt: str = ""                       # warum der Weg vor dem Ende stehen bleibt


@dataclass
class Abweichung:
    kontakt: str
    begonnen: dt.datetime | None
    fassung_alt: str                     # nachgespielt als „bisher“ (die für den Kontakt abgelöste Fassung)
    fassung_neu: str
    alt: Weg
    neu: Weg
    gruende: list[str]
    fassung_kontakt: str = ""            # auf der der Kontakt lief, wenn nicht fassung_alt
    verglichen: bool = True              # False: nicht vollständig nachspielbar, bis zum Halt kein Unterschied


def _weg(zug: Zug) -> Weg:
    weg = Weg(fragen=[s.schritt.fakt for s in zug.weg if isinstance(s.schritt, Frage)])
    for s in zug.weg:
        if s.schritt.art in ("aktion", "abgabe") and isinstance(s.wert, dict):
            weg.aktionen.append(f"{s.wert.get('system')}/{s.wert.get('vorgang')}")
    if zug.art == "ende":
        weg.ergebnis = zug.ergebnis
    elif zug.art == "frage":
        weg.halt = f"fragt {zug.fakt}"
    elif zug.art == "aktion":
        weg.halt = f"führt {getattr(zug.schritt, 'system', '')}/{getattr(zug.schritt, 'vorgang', '')} aus"
    else:
        weg.halt = f"liest neu aus einem Fachverfahren (Schritt {zug.schritt.id})"
    return weg


def _sitzung(katalog: Katalog, systeme: Systeme, lauf: Lauf) -> Sitzung:
    return Sitzung.fortsetzen(katalog, systeme, lauf, jetzt=lauf.jetzt, benutzer="redaktion:verhalten",
                              kontakt="verhalten")


def _ab_tag(katalog: Katalog, leitfaden_id: str, datum: dt.date, standort: str | None) -> str | None:
    """Die am `datum` gültige Fassung von `leitfaden_id` — gilt an dem Tag noch keine, die erste danach."""
    gefunden = aufloesen(katalog, leitfaden_id, datum, standort)
    if gefunden is None and leitfaden_id in katalog.leitfaeden:
        spaeter = sorted(f.gueltig_ab for f in katalog.leitfaeden[leitfaden_id].fassungen if f.gueltig_ab > datum)
        gefunden = aufloesen(katalog, leitfaden_id, spaeter[0], standort) if spaeter else None
    return gefunden.schluessel if gefunden is not None else None


def _lauf(katalog: Katalog, lauf_json: dict[str, Any], aufgezeichnet: Lauf, wahl: dict[str, str]) -> Lauf:
    """Der Lauf des Kontakts auf den Fassungen `wahl` (Leitfaden-id → Schlüssel), mit den eingebundenen
    Fassungen unter denselben Bedingungen für bisher und neu (siehe oben)."""
    lauf = Lauf.aus_json(lauf_json)
    lauf.fassung = wahl.get(lauf.fassung.rpartition("@")[0], lauf.fassung)
    eingebunden: dict[str, str] = {}
    offen = [katalog.fassung(lauf.fassung)]
    while offen:
        for schritt in offen.pop().einbindungen():
            if schritt.leitfaden in eingebunden:
                continue
            ziel = wahl.get(schritt.leitfaden) or aufgezeichnet.eingebunden.get(schritt.leitfaden) or \
                _ab_tag(katalog, schritt.leitfaden, lauf.datum, lauf.standort)
            if ziel is not None:
                eingebunden[schritt.leitfaden] = ziel
                offen.append(katalog.fassung(ziel))
    lauf.eingebunden = eingebunden
    return lauf


def _gehen(sitzung: Sitzung) -> Weg:
    """Nur `stand()`: die Engine geht den Weg mit den aufgezeichneten Antworten und Aufträgen, ohne ein
    Fachverfahren zu fragen."""
    try:
        return _weg(sitzung.stand())
    except (LaufFehler, KeyError) as fehler:
        return Weg(halt=f"bricht ab: {fehler}")


NICHT_BETROFFEN = "nicht betroffen"
NICHT_VOLLSTAENDIG = "nicht vollständig nachspielbar"


def _bisher(alt: Katalog, entwurf: Fassung, standort: str | None) -> str | None:
    """Die veröffentlichte Fassung, die `entwurf` für einen Kontakt in `standort` ablöst: die an seinem
    `gueltig_ab` dort gültige (sonst die erste danach) — aus `alt`, dem veröffentlichten Katalog, also nie ein
    Entwurf. None, wenn es keine gibt (neuer Leitfaden) oder dort eine andere Standortvariante gilt."""
    gefunden = _ab_tag(alt, entwurf.leitfaden_id, entwurf.gueltig_ab, standort)
    return gefunden if gefunden is not None and gefunden.rpartition("@")[0] == entwurf.leitfaden_id else None


def _halt(vorher: Weg, nachher: Weg) -> str:
    """Der Grund, wenn ein Weg vor dem Ende stehen bleibt: was nach dem Halt käme, ist nicht verglichen."""
    if vorher.halt == nachher.halt:
        wo = f"bisher und mit dem Entwurf {nachher.halt}"
    else:
        wo = "; ".join(t for t in (f"bisher {vorher.halt}" if vorher.halt else "",
                                   f"mit dem Entwurf {nachher.halt}" if nachher.halt else "") if t)
    return f"{NICHT_VOLLSTAENDIG} ({wo})"


def _nachspielen(alt: Katalog, neu: Katalog, systeme: Systeme, lauf_json: dict[str, Any], ersetzt: dict[str, str],
                 kontakt: str, begonnen: dt.datetime | None) -> Abweichung | str | None:
    aufgezeichnet = Lauf.aus_json(lauf_json)
    leitfaden_id = aufgezeichnet.fassung.rpartition("@")[0]
    beruehrt = {leitfaden_id, *aufgezeichnet.eingebunden} & set(ersetzt)
    if not beruehrt:
        return None
    try:
        entwuerfe = {lf: neu.fassung(k) for lf, k in ersetzt.items()}
        gilt = {lf: k for lf, k in ersetzt.items() if entwuerfe[lf].gilt_in(aufgezeichnet.standort, neu.standorte)}
        if not beruehrt & set(gilt):          # außerhalb des Geltungsbereichs jedes berührten Entwurfs
            return NICHT_BETROFFEN
        bisher = {lf: b for lf, f in entwuerfe.items() if (b := _bisher(alt, f, aufgezeichnet.standort)) is not None}
        vorher_lauf = _lauf(alt, lauf_json, aufgezeichnet, bisher)
        nachher_lauf = _lauf(neu, lauf_json, aufgezeichnet, {**bisher, **gilt})
    except KeyError as fehler:            # eine Fassung fehlt im Katalog (etwa zurückgerufen)
        return Abweichung(kontakt=kontakt, begonnen=begonnen, fassung_alt=aufgezeichnet.fassung,
                          fassung_neu=ersetzt.get(leitfaden_id, aufgezeichnet.fassung), alt=Weg(), neu=Weg(),
                          gruende=[f"nicht nachspielbar: Fassung {fehler} fehlt"], verglichen=False)
    vorher_sitzung = _sitzung(alt, systeme, vorher_lauf)
    vorher = _gehen(vorher_sitzung)
    nachher = _gehen(_sitzung(neu, systeme, nachher_lauf))
    wie_aufgezeichnet = (vorher_lauf.fassung, vorher_lauf.eingebunden) == (aufgezeichnet.fassung,
                                                                           aufgezeichnet.eingebunden)
    if not vorher.aktionen and wie_aufgezeichnet:
        vorher.aktionen = [f"{a.get('system')}/{a.get('vorgang')}" for a in vorher_sitzung.aktionen()]
    anders = nachher.halt != vorher.halt
    gruende = []
    if nachher.fragen != vorher.fragen or (anders and nachher.halt.startswith("fragt")):
        gruende.append("fragt etwas anderes")
    if nachher.ergebnis != vorher.ergebnis:
        gruende.append("endet anders")
    if nachher.aktionen != vorher.aktionen or (anders and nachher.halt.startswith("führt")):
        gruende.append("andere Aktionen")
    verglichen = bool(gruende)            # bis zum Halt (oder bis zum Ende) ein Unterschied
    if vorher.halt or nachher.halt:       # was nach dem Halt käme, ist nicht verglichen: nie „unverändert“
        gruende.append(_halt(vorher, nachher))
    if not gruende:
        return None
    return Abweichung(kontakt=kontakt, begonnen=begonnen, fassung_alt=vorher_lauf.fassung,
                      fassung_neu=nachher_lauf.fassung, alt=vorher, neu=nachher, gruende=gruende,
                      fassung_kontakt="" if aufgezeichnet.fassung == vorher_lauf.fassung else aufgezeichnet.fassung,
                      verglichen=verglichen)


def nachspielen(alt: Katalog, neu: Katalog, systeme: Systeme, lauf_json: dict[str, Any], ersetzt: dict[str, str],
                kontakt: str = "", begonnen: dt.datetime | None = None) -> Abweichung | None:
    """`alt`: der veröffentlichte Katalog, `neu`: der des Pakets; `ersetzt`: Leitfaden-id → Schlüssel der
    Entwurfsfassung in `neu`. None, wenn sich nichts ändert oder der Kontakt nicht betroffen ist; eine Abweichung
    mit `verglichen=False`, wenn er nicht vollständig nachspielbar ist."""
    a = _nachspielen(alt, neu, systeme, lauf_json, ersetzt, kontakt, begonnen)
    return a if isinstance(a, Abweichung) else None


@dataclass
class Verhaltensdiff:
    nachgespielt: int                    # Kontakte insgesamt (höchstens die Grenze je Leitfaden)
    abweichungen: list[Abweichung]       # würden sich anders verhalten
    nicht_betroffen: int = 0             # außerhalb des Geltungsbereichs der Entwürfe
    nicht_nachspielbar: list[Abweichung] = field(default_factory=list)   # bis zum Halt gleich, danach unverglichen

    def __iter__(self) -> Iterator[Any]:    # (nachgespielt, abweichungen) = verhaltensdiff(...)
        return iter((self.nachgespielt, self.abweichungen))


def verhaltensdiff(alt: Katalog, neu: Katalog, laeufe: list[tuple[str, dt.datetime | None, dict[str, Any]]],
                   ersetzt: dict[str, str], systeme: Systeme) -> Verhaltensdiff:
    """Über die Läufe (Kontakt-id, Beginn, Lauf-JSON): Anzahl, Abweichungen, nicht betroffene und nicht
    vollständig nachspielbare Kontakte (eigens gezählt: sie verhalten sich bis zum Halt nicht anders).
    `alt` ist der veröffentlichte Katalog (daraus „bisher“ je Kontakt), `neu` der des Pakets mit den Entwürfen
    `ersetzt`. `systeme` braucht die Sitzung zum Bau; `stand()` fragt sie nie."""
    ergebnis = Verhaltensdiff(len(laeufe), [])
    for kontakt, begonnen, lauf in laeufe:
        a = _nachspielen(alt, neu, systeme, lauf, ersetzt, kontakt, begonnen)
        if isinstance(a, Abweichung):
            (ergebnis.abweichungen if a.verglichen else ergebnis.nicht_nachspielbar).append(a)
        elif a == NICHT_BETROFFEN:
            ergebnis.nicht_betroffen += 1
    return ergebnis


# --- Für die Seite: Beschriftungen statt Kennungen -------------------------------------------------------------

_FRAGT = re.compile(r"fragt ([a-z0-9_]+)")
_FUEHRT = re.compile(r"führt ([a-z0-9_]+)/([a-z0-9_]+) aus")


def _aktion(system: str, vorgang: str) -> str:
    return f"{SYSTEM_NAMEN.get(system, system)}: {vorgang.replace('_', ' ')}"


def lesbar(a: Abweichung, katalog: Katalog) -> Abweichung:
    """Die Abweichung, wie die Seite sie zeigt: Fakten mit ihrer Beschriftung („Identität geprüft“), Ergebnisse mit
    ihrem Text, Aktionen mit System und Vorgang in Worten, Fassungen als „SC 3.307, Stand 06.12.2026“ — keine
    Kennungen (die Kennung bleibt am Ergebnis des Diffs für Tests und API)."""
    vok = katalog.vokabular

    def fakt(name: str) -> str:
        f = vok.fakten.get(name)
        return f"„{f.label}“" if f is not None and f.label else name

    def text(wert: str) -> str:
        wert = _FRAGT.sub(lambda m: f"fragt {fakt(m[1])}", wert)
        return _FUEHRT.sub(lambda m: f"führt „{_aktion(m[1], m[2])}“ aus", wert)

    def weg(w: Weg) -> Weg:
        return Weg(fragen=[fakt(f) for f in w.fragen], ergebnis=vok.ergebnisse.get(w.ergebnis, w.ergebnis),
                   aktionen=[_aktion(*x.split("/", 1)) if "/" in x else x for x in w.aktionen], halt=text(w.halt))

    return replace(a, alt=weg(a.alt), neu=weg(a.neu), gruende=[text(g) for g in a.gruende],
                   fassung_alt=fassung_kurz(a.fassung_alt), fassung_neu=fassung_kurz(a.fassung_neu),
                   fassung_kontakt=fassung_kurz(a.fassung_kontakt) if a.fassung_kontakt else "")
