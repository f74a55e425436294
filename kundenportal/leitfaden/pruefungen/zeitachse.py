"""Wann, wo und auf welcher Grundlage eine Fassung gilt: ihre Weisung, gueltig_ab vor gueltig_bis, ihr
Geltungsbereich, das Siegel der veröffentlichten Fassung; je Leitfaden die Zeitachse seiner Fassungen
(keine Überlappung, keine Lücke, die die Weisung nicht vorsieht)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from ..fehler import Befund, Befunddaten
from ..katalog import Fassung, Katalog, Leitfaden
from ..standorte import Standorte
from .registrierung import TAG, fassungspruefung, leitfadenpruefung

# --- Was die Zeitachse meldet, maschinenlesbar (Befund.daten) --------------------------------------------------
# Der Befund steht an der Datei der neueren Fassung; `andere` ist die Datei der älteren, `stand` ihr Stand.


@dataclass(frozen=True)
class Zeitachsendaten(Befunddaten):
    """Ein Befund der Zeitachse zwischen der Fassung am Befund und der älteren Fassung `andere` (Datei, Stand)."""

    andere: str
    stand: dt.date


@dataclass(frozen=True)
class Ueberlappung(Zeitachsendaten):
    """„überlappt mit …“: die ältere Fassung gilt noch am ersten Tag der neueren; ihr `gueltig_bis` gehört auf `bis`."""

    art: ClassVar[str] = "ueberlappung"
    bis: dt.date


@dataclass(frozen=True)
class Luecke(Zeitachsendaten):
    """„Lücke vom … bis …“: von `von` bis `bis` gilt nach der älteren Fassung keine; die Weisung sieht das nicht vor."""

    art: ClassVar[str] = "luecke"
    von: dt.date
    bis: dt.date


Wo = Literal["ueberall", "an_denselben_standorten"]


@dataclass(frozen=True)
class Verdeckt(Zeitachsendaten):
    """„gilt ab … wie …“: die neuere Fassung verdeckt die ältere (gültig ab `gueltig_ab`) an jedem Tag — `wo`:
    überall (die ältere gilt überall) oder an denselben Standorten (die ältere hat einen Geltungsbereich)."""

    art: ClassVar[str] = "verdeckt"
    gueltig_ab: dt.date
    wo: Wo


_WO_IN_WORTEN: dict[Wo, str] = {"ueberall": "überall", "an_denselben_standorten": "an denselben Standorten"}


@fassungspruefung
def _weisung(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    if f.weisung not in katalog.weisungen:
        yield Befund(f.datei, 1, "weisung", f"unbekannte Weisung {f.weisung}: content/weisungen/{f.weisung}.yaml fehlt")
    if f.gueltig_bis is not None and f.gueltig_bis < f.gueltig_ab:
        yield Befund(f.datei, 1, "gueltig_bis", "endet vor gueltig_ab")


@fassungspruefung
def _geltungsbereich(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Standortregeln nennen nur Verbünde und Agenturen aus standorte.yaml."""
    bereich = f.geltungsbereich
    if bereich is None:
        return
    for v in bereich.verbuende:
        if v not in katalog.standorte.verbuende:
            yield Befund(f.datei, 1, "geltungsbereich.verbuende", f"unbekannter Verbund {v!r} (standorte.yaml: "
                         f"{', '.join(sorted(katalog.standorte.verbuende))})")
    for a in bereich.agenturen:
        if a not in katalog.standorte.agenturen:
            yield Befund(f.datei, 1, "geltungsbereich.agenturen", f"unbekannte Agentur {a!r} (nicht in standorte.yaml)")


def _hash_ohne_gueltig_bis(katalog: Katalog, f: Fassung) -> str:
    """Das Siegel ohne die Zeile `gueltig_bis:` — die einzige Angabe, die eine veröffentlichte Fassung
    nachträglich erhält, wenn eine Korrektur sie ablöst (docs/leitfaden-format.md)."""
    pfad = Path(katalog.wurzel).parent / f.datei
    if not pfad.exists():
        return ""
    zeilen = pfad.read_bytes().splitlines(keepends=True)
    return hashlib.sha256(b"".join(z for z in zeilen if not z.startswith(b"gueltig_bis:"))).hexdigest()


@fassungspruefung
def _unveraendert(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Veröffentlicht ist unveränderlich (docs/hausstil.md, Gewohnheit 6): eine Korrektur ist eine neue Fassung."""
    gesiegelt = katalog.veroeffentlicht.get(f.schluessel)
    if gesiegelt is not None and gesiegelt not in (f.inhalt_hash, _hash_ohne_gueltig_bis(katalog, f)):
        yield Befund(f.datei, 1, "", f"veröffentlichte Fassung {f.schluessel} wurde geändert (Inhalts-Hash weicht "
                     "von content/veroeffentlicht.yaml ab): eine Korrektur ist eine neue Datei <stand>.yaml, "
                     "die Vorgängerin erhält gueltig_bis")


@leitfadenpruefung
def _zeitachse(katalog: Katalog, lf: Leitfaden) -> Iterator[Befund]:
    if lf.kopf.variante_von and lf.kopf.variante_von not in katalog.leitfaeden:
        yield Befund(f"{lf.ordner}/leitfaden.yaml", 1, "variante_von", f"Basis-Leitfaden {lf.kopf.variante_von} fehlt")
    if not lf.fassungen:
        yield Befund(f"{lf.ordner}/leitfaden.yaml", 1, "", "Leitfaden ohne Fassung: <stand>.yaml anlegen")
    # Die Zeitachse gilt für die Fassungen ohne Geltungsbereich; eine Fassung mit Geltungsbereich gilt an
    # ihren Standorten neben ihnen (gueltigkeit: die neueste dort gültige gewinnt).
    ueberall = [f for f in lf.fassungen if f.geltungsbereich is None]
    for alt, neu in itertools.pairwise(ueberall):
        if alt.gueltig_bis is None or alt.gueltig_bis >= neu.gueltig_ab:
            yield Befund(neu.datei, 1, "gueltig_ab", f"überlappt mit {alt.datei} (Stand {alt.stand:%d.%m.%Y}): "
                         f"dort gueltig_bis auf {neu.gueltig_ab - TAG:%Y-%m-%d} setzen",
                         Ueberlappung(alt.datei, alt.stand, bis=neu.gueltig_ab - TAG))
        elif alt.gueltig_bis + TAG < neu.gueltig_ab:
            gewollt = any(lf.id in w.beabsichtigte_luecken for w in katalog.weisungen.values())
            if not gewollt:
                yield Befund(neu.datei, 1, "gueltig_ab", f"Lücke vom {alt.gueltig_bis + TAG:%d.%m.%Y} bis "
                             f"{neu.gueltig_ab - TAG:%d.%m.%Y} nach {alt.datei}; die Weisung sieht keine vor",
                             Luecke(alt.datei, alt.stand, von=alt.gueltig_bis + TAG, bis=neu.gueltig_ab - TAG))


def _agenturen(f: Fassung, standorte: Standorte) -> frozenset[str] | None:
    """Wo die Fassung gilt: None überall, sonst die Agenturen ihres Geltungsbereichs (Verbünde aufgelöst)."""
    bereich = f.geltungsbereich
    if bereich is None:
        return None
    verbund_von = {n: a.verbund for n, a in standorte.agenturen.items()}
    return frozenset(a for a in standorte.agenturen if bereich.umfasst(a, verbund_von))


def _verdeckt(alt: Fassung, neu: Fassung, standorte: Standorte) -> bool:
    """Gilt `neu` (neuerer Stand) an jedem Tag und jedem Standort, an dem `alt` gilt? Dann gewinnt sie dort immer
    (gueltigkeit: der neueste Stand unter den gültigen), und `alt` gälte nie."""
    if neu.gueltig_ab > alt.gueltig_ab:
        return False
    if neu.gueltig_bis is not None and (alt.gueltig_bis is None or neu.gueltig_bis < alt.gueltig_bis):
        return False
    wo_neu = _agenturen(neu, standorte)
    if wo_neu is None:
        return True
    wo_alt = _agenturen(alt, standorte)
    return wo_alt is not None and wo_alt <= wo_neu


@leitfadenpruefung
def _mehrdeutig(katalog: Katalog, lf: Leitfaden) -> Iterator[Befund]:
    """Zwei Fassungen, die am selben Tag am selben Standort gelten, entscheidet der neuere Stand (gueltigkeit).
    Mehrdeutig ist, wenn die neuere die ältere ganz verdeckt — gleicher oder früherer Beginn, mindestens so lange,
    an allen ihren Standorten: dann gälte die ältere an keinem Tag, und es ist unklar, welche gemeint war (etwa ein
    Entwurf mit demselben „gültig ab“ wie eine schon geplante Fassung). Eine Ablösung beginnt später."""
    for alt, neu in itertools.combinations(sorted(lf.fassungen, key=lambda f: f.stand), 2):
        if alt.stand < neu.stand and _verdeckt(alt, neu, katalog.standorte):
            wo: Wo = "an_denselben_standorten" if alt.geltungsbereich is not None else "ueberall"
            yield Befund(neu.datei, 1, "gueltig_ab", f"gilt ab {neu.gueltig_ab:%d.%m.%Y} {_WO_IN_WORTEN[wo]} wie "
                         f"{lf.id}, Stand {alt.stand:%d.%m.%Y} (gültig ab {alt.gueltig_ab:%d.%m.%Y}): der neuere "
                         "Stand gewinnt an jedem Tag, die ältere Fassung gälte nie — unklar, welche gelten soll. "
                         f"gueltig_ab nach dem {alt.gueltig_ab:%d.%m.%Y} setzen (dann löst diese Fassung die ältere "
                         "ab) oder die ältere zurückrufen",
                         Verdeckt(alt.datei, alt.stand, gueltig_ab=alt.gueltig_ab, wo=wo))
