"""Der Katalog eines Freigabepakets: der veröffentlichte Katalog mit allen Entwürfen des Pakets, die
Änderungsübersicht (Diff je Entwurf zu seiner Basis) und die Regelspur (Regel → Schritte). Nach der Freigabe
sind die Entwürfe Fassungen geworden: `freigegeben` zeigt dieselbe Übersicht aus den Fassungen des Pakets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Fassung, Katalog, Weisung
from kundenportal.leitfaden.laden import fassung_aus_text
from kundenportal.leitfaden.vokabular_zusatz import NeueOption
from kundenportal.leitfaden.weisung import punkte, vorgaenger

from .befundort import befund_in_worten
from .katalogquelle import WURZEL, mit_entwurf
from .models import Entwurf, Freigabepaket, Katalogdatei
from .neue_weisung import mit_weisung
from .optionen import abdeckung_befunde, mit_optionen, zusatz_des_pakets
from .pruefung import Pruefung, entwurf_pruefen


@dataclass
class Paketstand:
    katalog: Katalog
    pruefungen: list[tuple[Entwurf, Pruefung]] = field(default_factory=list)
    aenderungen: list[tuple[Entwurf, Fassung, Fassung | None, Diff | None]] = field(default_factory=list)
    optionen: list[NeueOption] = field(default_factory=list)          # neue Antwortoptionen des Pakets
    optionen_befunde: list[str] = field(default_factory=list)         # optionen.abdeckung_befunde

    @property
    def befunde(self) -> list[str]:
        """Die Befunde in den Worten der Redaktion: Leitfaden, Schritt und Feld statt Datei:Zeile und Schlüssel."""
        return [befund_in_worten(b, e.leitfaden_id, p.schritt_von(b), p.datei) for e, p in self.pruefungen
                for b in p.befunde] + self.optionen_befunde

    @property
    def leitfaden_ids(self) -> set[str]:
        ids = {e.leitfaden_id for e, _ in self.pruefungen}
        return ids | {self.katalog.leitfaeden[i].basis_id for i in ids if i in self.katalog.leitfaeden}

    def geaenderte_schritte(self) -> list[tuple[str, str]]:
        """(Fassungs-Schlüssel, Schritt-id) jedes neuen oder geänderten Schritts — das Tor verlangt je
        einen Szenario-Weg darüber."""
        ergebnis: list[tuple[str, str]] = []
        for _, neu, _, d in self.aenderungen:
            if d is None:
                ergebnis.extend((neu.schluessel, s.id) for s in neu.daten.schritte)
            else:
                ergebnis.extend((neu.schluessel, ae.schritt_id) for ae in d.schritte if ae.art != "entfallen")
        return ergebnis


@dataclass
class Freigegeben:
    """Was ein freigegebenes Paket veröffentlicht hat: je Fassung (kein Entwurf mehr) die Vorgängerin und der
    Unterschied — dieselbe Gestalt wie `Paketstand.aenderungen`, nur lesend."""

    katalog: Katalog
    aenderungen: list[tuple[None, Fassung, Fassung | None, Diff | None]] = field(default_factory=list)

    @property
    def leitfaden_ids(self) -> set[str]:
        ids = {neu.leitfaden_id for _, neu, _, _ in self.aenderungen}
        return ids | {self.katalog.leitfaeden[i].basis_id for i in ids if i in self.katalog.leitfaeden}


def _fassung_der_datei(katalog: Katalog, datei: Katalogdatei) -> Fassung | None:
    """Die Fassung einer Datei des Pakets: veröffentlicht aus dem Katalog, zurückgerufen aus ihrem Text."""
    if datei.status == Katalogdatei.VEROEFFENTLICHT and datei.leitfaden_id in katalog.leitfaeden:
        try:
            return katalog.fassung(datei.schluessel)
        except KeyError:
            pass
    befunde: list[Befund] = []          # eine gesiegelte Fassung ist geprüft; hier zählt nur ihr Inhalt
    return fassung_aus_text(datei.text, datei.leitfaden_id, f"{WURZEL}/{datei.pfad}", befunde)


def freigegeben(katalog: Katalog, dateien: Iterable[Katalogdatei]) -> Freigegeben | None:
    """Die Änderungsübersicht eines freigegebenen (oder zurückgerufenen) Pakets aus seinen Fassungen: Vorgängerin
    ist die veröffentlichte Fassung mit dem letzten früheren „gültig ab“ (wie beim Entwurf, `vorgaenger`)."""
    stand = Freigegeben(katalog=katalog)
    for datei in sorted(dateien, key=lambda d: d.pfad):
        if datei.art != Katalogdatei.FASSUNG or (neu := _fassung_der_datei(katalog, datei)) is None:
            continue
        lf = katalog.leitfaeden.get(neu.leitfaden_id)
        frueher = [f for f in (lf.fassungen if lf is not None else [])
                   if f.gueltig_ab < neu.gueltig_ab and f.schluessel != neu.schluessel]
        alt = max(frueher, key=lambda f: (f.gueltig_ab, f.stand)) if frueher else None
        stand.aenderungen.append((None, neu, alt, diff(alt, neu) if alt is not None else None))
    return stand if stand.aenderungen else None


def paket_katalog(veroeffentlicht: Katalog, entwuerfe: list[Entwurf], weisung: Weisung | None = None,
                  optionen: list[NeueOption] | None = None, ab: dt.date | None = None) -> Paketstand:
    """Prüft jeden Entwurf und stellt alle zusammen in einen Katalog (Entwürfe sehen einander). `weisung`: die neue
    Weisung, die das Paket mitbringt (services/weisung.py) — die Entwürfe werden mit ihr geprüft; `optionen`: die neuen
    Antwortoptionen des Pakets (optionen.py), gültig ab `ab` (sonst ab dem frühesten Entwurf)."""
    veroeffentlicht = mit_optionen(mit_weisung(veroeffentlicht, weisung),
                                   zusatz_des_pakets(optionen or [], ab, weisung.nummer if weisung else ""))
    katalog = veroeffentlicht
    stand = Paketstand(katalog=katalog, optionen=list(optionen or []))
    for e in entwuerfe:
        p = entwurf_pruefen(veroeffentlicht, e.leitfaden_id, e.ordner, e.text, e.kopf_text)
        stand.pruefungen.append((e, p))
        if p.fassung is not None and p.katalog is not None:
            kopf = p.katalog.leitfaeden[e.leitfaden_id].kopf
            katalog = mit_entwurf(katalog, e.leitfaden_id, p.katalog.leitfaeden[e.leitfaden_id].ordner, kopf,
                                  p.fassung)
    stand.katalog = katalog
    for e, p in stand.pruefungen:
        if p.fassung is None:
            continue
        alt = vorgaenger(katalog, p.fassung) if e.leitfaden_id in katalog.leitfaeden else None
        if alt is None and e.basis is not None and e.basis.stand is not None:
            alt = katalog.leitfaeden[e.leitfaden_id].fassung(e.basis.stand)
        stand.aenderungen.append((e, p.fassung, alt, diff(alt, p.fassung) if alt else None))
    if stand.optionen:
        ab = ab or min((neu.gueltig_ab for _, neu, _, _ in stand.aenderungen), default=None)
        stand.optionen_befunde = abdeckung_befunde(katalog, stand.optionen, ab,
                                                   {neu.schluessel for _, neu, _, _ in stand.aenderungen})
    return stand


def regelspur(paket: Freigabepaket, stand: Paketstand | Freigegeben) -> list[tuple[str, str, list[str]]]:
    """(Regel, Leitfaden, Schritte): aus der Weisung, sonst aus dem Feld `regel` der Schritte."""
    spur: dict[tuple[str, str], list[str]] = {}
    weisung = stand.katalog.weisungen.get(paket.weisung)
    if weisung is not None:
        for r in weisung.regeln:
            for u in r.umsetzung:
                if u.leitfaden in stand.leitfaden_ids:
                    spur.setdefault((r.punkt, u.leitfaden), []).extend(u.schritte)
    for _, neu, _, _ in stand.aenderungen:
        for s in neu.daten.schritte:
            regel = getattr(s, "regel", "")
            if regel and s.id not in spur.get((regel, neu.leitfaden_id), []):
                spur.setdefault((regel, neu.leitfaden_id), []).append(s.id)
    return [(r, lf, schritte) for (r, lf), schritte in sorted(spur.items())]



@dataclass(frozen=True)
class Regelzeile:
    """Eine Zeile der Regelspur: der Punkt der Weisung (mit Titel), der Leitfaden und seine Schritte — oder, ohne
    Leitfaden, wo der Punkt sonst umgesetzt ist (`ausserhalb`), dass ihn kein Schritt umsetzt (`offen`) oder dass er
    laut Weisung keinen Schritt braucht (`ohne_schritt`: die Begründung)."""

    punkt: str
    titel: str = ""
    leitfaden: str = ""
    schritte: tuple[str, ...] = ()
    ausserhalb: bool = False
    offen: bool = False
    ohne_schritt: str = ""          # die Begründung der Weisung, warum der Punkt keinen Schritt braucht


def _fassungen_der_weisung(nummer: str, stand: Paketstand | Freigegeben) -> list[Fassung]:
    """Die Fassungen der Weisung des Pakets: die des Pakets (Entwürfe bzw. freigegebene) und die veröffentlichten."""
    eigene = [neu for _, neu, _, _ in stand.aenderungen]
    schon = {f.schluessel for f in eigene}
    return eigene + [f for f in stand.katalog.fassungen() if f.weisung == nummer and f.schluessel not in schon]


def offene_punkte(nummer: str, stand: Paketstand | Freigegeben) -> list[tuple[str, str]]:
    """(Punkt, Titel) je Punkt der Weisung `nummer` (die des Pakets), den kein Schritt umsetzt: weder ein Schritt einer Fassung des
    Pakets noch einer veröffentlichten Fassung der Weisung verweist mit `regel:` auf ihn, und die Weisung selbst
    nennt keine Umsetzung in einem Leitfaden des Katalogs. Solche Punkte halten nichts auf (manche sind
    organisatorisch, etwa eine Meldepflicht) — aber Redaktion und Freigabe sehen sie. Ein Punkt, den die Weisung mit
    Begründung als „kein Schritt nötig“ führt (`ohne_schritt`), ist nicht offen (`ohne_schritt_punkte`)."""
    weisung = stand.katalog.weisungen.get(nummer)
    if weisung is None:
        return []
    gedeckt = _gedeckt(weisung, stand)
    return [(r.punkt, r.titel) for r in weisung.regeln if r.punkt not in gedeckt and not r.ohne_schritt]


def _gedeckt(weisung: Weisung, stand: Paketstand | Freigegeben) -> set[str]:
    """Die Punkte der Weisung, die ein Schritt umsetzt: laut ihrer Umsetzung in einem Leitfaden des Katalogs oder
    weil ein Schritt einer Fassung der Weisung (des Pakets oder veröffentlicht) mit `regel:` auf sie verweist."""
    gedeckt = {r.punkt for r in weisung.regeln
               if any(u.schritte and u.leitfaden in stand.katalog.leitfaeden for u in r.umsetzung)}
    for f in _fassungen_der_weisung(weisung.nummer, stand):
        for s in f.daten.schritte:
            if regel := getattr(s, "regel", ""):
                gedeckt |= punkte(regel) | {regel}
    return gedeckt


def ohne_schritt_punkte(nummer: str, stand: Paketstand | Freigegeben) -> list[tuple[str, str, str]]:
    """(Punkt, Titel, Begründung) je Punkt der Weisung `nummer`, den sie als „kein Schritt nötig“ führt und den auch
    kein Schritt umsetzt: verweist doch ein Schritt darauf, entfällt die Begründung beim Veröffentlichen
    (neue_weisung.weisung_yaml), und die Regelspur zeigt den Schritt — die Freigabe prüft dann keine Begründung."""
    weisung = stand.katalog.weisungen.get(nummer)
    if weisung is None:
        return []
    gedeckt = _gedeckt(weisung, stand)
    return [(r.punkt, r.titel, r.ohne_schritt) for r in weisung.regeln if r.ohne_schritt and r.punkt not in gedeckt]


def regelspur_punkte(paket: Freigabepaket, stand: Paketstand | Freigegeben) -> list[Regelzeile]:
    """Die Regelspur mit jedem Punkt der Weisung, in ihrer Reihenfolge: je Punkt die Leitfäden und Schritte des
    Pakets (`regelspur`); ohne solche, ob veröffentlichte Fassungen ihn umsetzen, kein Schritt (`offen`) oder laut
    Weisung keiner nötig ist (`ohne_schritt`). Zeilen
    der Spur zu Verweisen, die keinen Punkt der Weisung treffen, stehen am Ende."""
    spur = regelspur(paket, stand)
    offen = dict(offene_punkte(paket.weisung, stand))
    ohne = {punkt for punkt, _, _ in ohne_schritt_punkte(paket.weisung, stand)}
    weisung = stand.katalog.weisungen.get(paket.weisung)
    zeilen: list[Regelzeile] = []
    benutzt: set[int] = set()
    for r in weisung.regeln if weisung is not None else []:
        eigene = [i for i, (regel, _, _) in enumerate(spur) if regel == r.punkt or r.punkt in punkte(regel)]
        benutzt.update(eigene)
        zeilen.extend(Regelzeile(r.punkt, r.titel, spur[i][1], tuple(spur[i][2])) for i in eigene)
        if not eigene:
            zeilen.append(Regelzeile(r.punkt, r.titel, ohne_schritt=r.ohne_schritt) if r.punkt in ohne else
                          Regelzeile(r.punkt, r.titel, ausserhalb=r.punkt not in offen, offen=r.punkt in offen))
    zeilen.extend(Regelzeile(regel, "", lf, tuple(schritte)) for i, (regel, lf, schritte) in enumerate(spur)
                  if i not in benutzt)
    return zeilen


def offen_satz(offen: list[tuple[str, str]] | list[list[str]]) -> str:
    """„Punkt 2.1 (Titel): von keinem Schritt umgesetzt“ — für Meldungen und das Ergebnis des Tors."""
    return "; ".join(f"Punkt {punkt} („{titel}“)" if titel else f"Punkt {punkt}" for punkt, titel in offen)
