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
dem Halt als weiterem Grund).

Abfrageergebnisse gelten über Fassungen hinweg: Eine Abfrage liest nur, ihr aufgezeichnetes Ergebnis ist der Zustand
des Fachverfahrens im Kontakt. Braucht der nachgespielte Weg ein Ergebnis, das unter seinem Schlüssel fehlt (der
Kontakt lief auf einer Fassung, in der der Prüfschritt anders heißt, etwa `konto` statt `stufe`), nimmt er das der
gleichen Abfrage mit denselben Parametern und denselben zuvor ausgeführten Aktionen aus dem Weg des Kontakts. Gibt
es keins, bleibt er dort stehen: „Ergebnis der Abfrage … nicht aufgezeichnet (Kontakt lief auf …)“. Bleibt ein Weg
dort (oder bei einem Abbruch) stehen, ist nur der Weg bis dahin verglichen: Fragen und Aktionen des anderen Wegs
danach, und wie er endet, zählen nicht als Unterschied."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.leitfaden.auftraege import ABFRAGEN, SYSTEM_NAMEN
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import LaufFehler
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Aktion, Frage, Pruefung
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.wortlaut import frage_text

from .services.protokoll import fassung_kurz


@dataclass
class Weg:
    fragen: list[str] = field(default_factory=list)
    ergebnis: str = ""
    aktionen: list[str] = field(default_factory=list)
    halt: str = ""                       # warum der Weg vor dem Ende stehen bleibt
    offen: bool = False                  # gehalten, ohne dass der nächste Schritt feststeht (Lesen, Abbruch)
    wortlaute: dict[str, str] = field(default_factory=dict)   # Fakt → Wortlaut der Frage in der Fassung dieses Wegs


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


_FRAGT = re.compile(r"fragt ([a-z0-9_]+)")
_FUEHRT = re.compile(r"führt ([a-z0-9_]+)/([a-z0-9_]+) aus")
_ABFRAGE = "#abfrage#"                   # trennt Schritt und Parameter im Schlüssel (engine.abfrage_schluessel)
_FEHLT = object()


@dataclass
class _Lesung:
    """Ein Abfrageergebnis auf dem Weg des Kontakts."""

    abfrage: str
    parameter: str                       # der Parameterteil des Schlüssels ("" ohne Parameter)
    aktionen_vorher: list[Any]           # die davor ausgeführten Aktionen (ihre Sätze, in Reihenfolge)
    wert: Any


class _Aufzeichnung:
    """Der Kontakt, wie er lief: sein Lauf und — erst wenn ein Nachspielen sie braucht — die Abfrageergebnisse
    seines Wegs, gegangen auf seinen eigenen Fassungen im veröffentlichten Katalog."""

    def __init__(self, katalog: Katalog, systeme: Systeme, lauf_json: dict[str, Any], lauf: Lauf) -> None:
        self.katalog, self.systeme, self.lauf_json, self.lauf = katalog, systeme, lauf_json, lauf
        self._lesungen: list[_Lesung] | None = None

    def lesungen(self) -> list[_Lesung]:
        if self._lesungen is None:
            self._lesungen = []
            lauf = Lauf.aus_json(self.lauf_json)
            try:
                weg = _sitzung(self.katalog, self.systeme, lauf).stand().weg
            except (LaufFehler, KeyError):      # seine Fassung fehlt (etwa zurückgerufen): nichts zu übertragen
                return self._lesungen
            aktionen: list[Any] = []
            for s in weg:
                if type(s.schritt) is Aktion:
                    aktionen.append(s.wert)
                elif type(s.schritt) is Pruefung:
                    for schluessel, wert in lauf.auftraege.items():   # der Schlüssel, unter dem der Weg las
                        if schluessel.partition(_ABFRAGE)[0] == s.schluessel and wert == s.wert:
                            self._lesungen.append(_Lesung(s.schritt.abfrage, schluessel.partition(_ABFRAGE)[2],
                                                          list(aktionen), wert))
                            break
        return self._lesungen

    def ergebnis(self, zug: Zug) -> Any:
        """Das Ergebnis für die anstehende Abfrage `zug` aus dem Weg des Kontakts — dieselbe Abfrage, dieselben
        Parameter, dieselben Aktionen davor (sonst läse sie einen anderen Zustand) und eindeutig; sonst _FEHLT."""
        assert isinstance(zug.schritt, Pruefung)
        parameter = zug.schluessel.partition(_ABFRAGE)[2]
        vorher = [s.wert for s in zug.weg if type(s.schritt) is Aktion]
        werte = [x.wert for x in self.lesungen()
                 if (x.abfrage, x.parameter) == (zug.schritt.abfrage, parameter) and x.aktionen_vorher == vorher]
        return werte[0] if werte and all(w == werte[0] for w in werte) else _FEHLT

    def fehlt(self, zug: Zug) -> str:
        """Der Halt in Worten, wenn `ergebnis(zug)` nichts fand."""
        assert isinstance(zug.schritt, Pruefung)
        abfrage = zug.schritt.abfrage
        name = re.split(r" \(| — ", ABFRAGEN[abfrage].beschreibung)[0] if abfrage in ABFRAGEN else abfrage
        gleich = [x for x in self.lesungen() if x.abfrage == abfrage]
        wie = ""
        if any(x.parameter == zug.schluessel.partition(_ABFRAGE)[2] for x in gleich):
            wie = " für diese Stelle des Wegs"             # nur vor/nach anderen Aktionen (oder nicht eindeutig)
        elif gleich:
            wie = " mit diesen Parametern"
        lief = self.lauf.fassung
        if zug.fassung.leitfaden_id != lief.rpartition("@")[0]:
            lief = self.lauf.eingebunden.get(zug.fassung.leitfaden_id, lief)
        return (f"liest neu aus einem Fachverfahren, Schritt {zug.schritt.id}: Ergebnis der Abfrage „{name}“{wie} "
                f"nicht aufgezeichnet (Kontakt lief auf {fassung_kurz(lief)})")


def _weg(zug: Zug, aufzeichnung: _Aufzeichnung, sitzung: Sitzung) -> Weg:
    """Der Weg bis `zug`: Fakten der Fragen (verglichen wird nach ihnen — eine reine Textänderung ist kein
    anderes Verhalten) und je Fakt der Wortlaut der Frage in der Fassung dieses Wegs (für die Seite)."""
    gefragt = [s.schritt for s in zug.weg if type(s.schritt) is Frage]
    offen = [zug.schritt] if zug.art == "frage" and type(zug.schritt) is Frage else []
    vok, kanal = sitzung.katalog.vokabular, sitzung.lauf.kanal
    weg = Weg(fragen=[s.fakt for s in gefragt],
              wortlaute={s.fakt: frage_text(vok, s, kanal) for s in [*gefragt, *offen]})
    for s in zug.weg:
        if s.schritt.art in ("aktion", "abgabe") and isinstance(s.wert, dict):
            weg.aktionen.append(f"{s.wert.get('system')}/{s.wert.get('vorgang')}")
    if zug.art == "ende":
        weg.ergebnis = zug.ergebnis
    elif zug.art == "frage":
        weg.halt = f"fragt {zug.fakt}"
    elif zug.art in ("aktion", "bestaetigung"):     # eine Bestätigung steht vor einer Aktion, die liest nichts
        weg.halt = f"führt {getattr(zug.schritt, 'system', '')}/{getattr(zug.schritt, 'vorgang', '')} aus"
    elif zug.art == "abfrage":
        weg.halt, weg.offen = aufzeichnung.fehlt(zug), True
    else:
        weg.halt, weg.offen = f"liest neu aus einem Fachverfahren (Schritt {zug.schritt.id})", True
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


def _gehen(sitzung: Sitzung, aufzeichnung: _Aufzeichnung) -> Weg:
    """Nur `stand()`: die Engine geht den Weg mit den aufgezeichneten Antworten und Aufträgen, ohne ein
    Fachverfahren zu fragen; eine anstehende Abfrage bekommt ihr Ergebnis aus dem Weg des Kontakts (siehe oben)."""
    try:
        zug = sitzung.stand()
        while zug.art == "abfrage" and (wert := aufzeichnung.ergebnis(zug)) is not _FEHLT:
            sitzung.lauf.auftraege[zug.schluessel] = wert
            zug = sitzung.stand()
        return _weg(zug, aufzeichnung, sitzung)
    except LaufFehler as fehler:
        return Weg(halt=f"bricht ab: {fehler}", offen=True)
    except KeyError as fehler:
        return Weg(halt=f"bricht ab: „{fassung_kurz(str(fehler.args[0] if fehler.args else fehler))}“ fehlt",
                   offen=True)


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


def _bis_zum_halt(vorher: list[str], nachher: list[str], vorher_offen: bool, nachher_offen: bool) -> bool:
    """Unterscheiden sich die Folgen (Fragen oder Aktionen), soweit beide Wege bekannt sind? Nach einem offenen
    Halt ist der Rest unbekannt: verglichen wird nur bis dorthin."""
    if vorher_offen:
        nachher = nachher[:len(vorher)]
    if nachher_offen:                    # beide offen: beide auf den kürzeren gekürzt
        vorher = vorher[:len(nachher)]
    return vorher != nachher


def _unterschiede(vorher: Weg, nachher: Weg) -> list[str]:
    """Die Gründe, warum sich der Kontakt anders verhielte. Ein Halt an einer Frage oder Aktion ist ein bekannter
    nächster Schritt; ein offener Halt (Lesen, Abbruch) nicht — dann zählt nur der Weg bis dorthin."""
    if not vorher.offen and not nachher.offen:
        anders = nachher.halt != vorher.halt
        fragen = nachher.fragen != vorher.fragen or (anders and nachher.halt.startswith("fragt"))
        aktionen = nachher.aktionen != vorher.aktionen or (anders and nachher.halt.startswith("führt"))
        endet = nachher.ergebnis != vorher.ergebnis
    else:
        fragen = _bis_zum_halt(_mit_halt(vorher.fragen, vorher, _FRAGT), _mit_halt(nachher.fragen, nachher, _FRAGT),
                               vorher.offen, nachher.offen)
        aktionen = _bis_zum_halt(_mit_halt(vorher.aktionen, vorher, _FUEHRT),
                                 _mit_halt(nachher.aktionen, nachher, _FUEHRT), vorher.offen, nachher.offen)
        endet = nachher.ergebnis != vorher.ergebnis and (fragen or aktionen)  # der Weg ging schon vorher anders
    return [g for g, ja in (("fragt etwas anderes", fragen), ("endet anders", endet), ("andere Aktionen", aktionen))
            if ja]


def _mit_halt(folge: list[str], weg: Weg, muster: re.Pattern[str]) -> list[str]:
    """Die Folge samt dem bekannten nächsten Schritt (die offene Frage, die anstehende Aktion)."""
    m = muster.fullmatch(weg.halt)
    return [*folge, "/".join(m.groups())] if m else folge


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
    aufzeichnung = _Aufzeichnung(alt, systeme, lauf_json, aufgezeichnet)
    vorher_sitzung = _sitzung(alt, systeme, vorher_lauf)
    vorher = _gehen(vorher_sitzung, aufzeichnung)
    nachher = _gehen(_sitzung(neu, systeme, nachher_lauf), aufzeichnung)
    wie_aufgezeichnet = (vorher_lauf.fassung, vorher_lauf.eingebunden) == (aufgezeichnet.fassung,
                                                                           aufgezeichnet.eingebunden)
    if not vorher.aktionen and wie_aufgezeichnet:
        vorher.aktionen = [f"{a.get('system')}/{a.get('vorgang')}" for a in vorher_sitzung.aktionen()]
    gruende = _unterschiede(vorher, nachher)
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


def _aktion(system: str, vorgang: str) -> str:
    return f"{SYSTEM_NAMEN.get(system, system)}: {vorgang.replace('_', ' ')}"


def lesbar(a: Abweichung, katalog: Katalog) -> Abweichung:
    """Die Abweichung, wie die Seite sie zeigt: Fragen mit ihrem Wortlaut in der Fassung des Wegs (bisher: der
    abgelösten, mit dem Entwurf: des Entwurfs; sonst der Beschriftung des Fakts), Ergebnisse mit
    ihrem Text, Aktionen mit System und Vorgang in Worten, Fassungen als „SC 3.307, Stand 06.12.2026“ — keine
    Kennungen (die Kennung bleibt am Ergebnis des Diffs für Tests und API)."""
    vok = katalog.vokabular

    def fakt(name: str, wortlaute: dict[str, str]) -> str:
        if wortlaute.get(name):             # der Wortlaut der Frage in der Fassung dieses Wegs
            return f"„{wortlaute[name]}“"
        f = vok.fakten.get(name)
        return f"„{f.label}“" if f is not None and f.label else name

    def text(wert: str, wortlaute: dict[str, str]) -> str:
        wert = _FRAGT.sub(lambda m: f"fragt {fakt(m[1], wortlaute)}", wert)
        return _FUEHRT.sub(lambda m: f"führt „{_aktion(m[1], m[2])}“ aus", wert)

    def weg(w: Weg) -> Weg:
        return Weg(fragen=[fakt(f, w.wortlaute) for f in w.fragen],
                   ergebnis=vok.ergebnisse.get(w.ergebnis, w.ergebnis),
                   aktionen=[_aktion(*x.split("/", 1)) if "/" in x else x for x in w.aktionen],
                   halt=text(w.halt, w.wortlaute), offen=w.offen, wortlaute=w.wortlaute)

    def grund(g: str) -> str:             # nennt beide Wege: „bisher fragt …; mit dem Entwurf fragt …“
        bisher, _, entwurf = g.partition("mit dem Entwurf ")
        return text(bisher, a.alt.wortlaute) + (f"mit dem Entwurf {text(entwurf, a.neu.wortlaute)}" if _ else "")

    return replace(a, alt=weg(a.alt), neu=weg(a.neu), gruende=[grund(g) for g in a.gruende],
                   fassung_alt=fassung_kurz(a.fassung_alt), fassung_neu=fassung_kurz(a.fassung_neu),
                   fassung_kontakt=fassung_kurz(a.fassung_kontakt) if a.fassung_kontakt else "")
