"""Der Schrittgraph einer Fassung: jeder Schritt vom Start aus erreichbar, Schleifen, und Einbindungen, die es
im Katalog gibt, zurückkehren und an denselben Tagen gelten wie die einbindende Fassung."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from ..fehler import Befund
from ..katalog import Fassung, Katalog
from ..modell import Frage, Schritt, nachfolger
from .lauf import _hat_rueckkehr
from .registrierung import TAG, _befund, fassungspruefung


@fassungspruefung
def _graph(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    schritte = f.schritte
    start = f.daten.start
    if start not in schritte:
        return
    ziele = f.ziele
    erreicht: set[str] = set()
    offen = [start]
    while offen:
        sid = offen.pop()
        if sid in erreicht or sid not in schritte:
            continue
        erreicht.add(sid)
        offen.extend(ziele[sid])
    for sid in schritte:
        if sid not in erreicht:
            yield _befund(f, sid, "", f"Schritt {sid} ist vom Start {start} aus nicht erreichbar")
    # Schleifen (Tiefensuche): die Engine stellt eine beantwortete Frage nicht erneut.
    yield from _schleifen(f, schritte, start)


def _schleifen(f: Fassung, schritte: Mapping[str, Schritt], start: str) -> Iterator[Befund]:
    """Tiefensuche nach Schleifen ab `start` (Farben: 1 = auf dem Pfad, 2 = fertig), je Kreis ein Befund.
    Ohne Rekursion: ein Stapel der offenen Ausgänge je Schritt auf dem Pfad (keine Generator-Kette je Schritt,
    keine Kopie des Pfads je Schritt, keine Grenze der Rekursionstiefe bei langen Leitfäden). Auf dem Pfad
    stehen genau die Schritte mit Farbe 1."""
    ziele = f.ziele
    farbe: dict[str, int] = {start: 1}
    gemeldet: set[frozenset[str]] = set()
    pfad = [start]
    stapel = [iter(ziele[start])]
    while stapel:
        for ziel in stapel[-1]:
            if ziel not in schritte:
                continue
            if farbe.get(ziel) == 1:
                kreis = pfad[pfad.index(ziel):]
                if frozenset(kreis) not in gemeldet:
                    gemeldet.add(frozenset(kreis))
                    fragt = any(type(schritte[k]) is Frage for k in kreis)
                    art = "Schleife" if fragt else "Schleife ohne Frage"
                    yield _befund(f, ziel, "", f"{art}: {' → '.join([*kreis, ziel])}")
            elif ziel not in farbe:
                farbe[ziel] = 1
                pfad.append(ziel)
                stapel.append(iter(ziele[ziel]))
                break
        else:
            farbe[pfad.pop()] = 2
            stapel.pop()


def _abdeckung(katalog: Katalog, leitfaden_id: str, von: dt.date, bis: dt.date | None) -> str | None:
    """Gilt `leitfaden_id` (reguläre Variante) an jedem Tag von `von` bis `bis`? Sonst die erste Lücke."""
    varianten = [lf for lf in katalog.varianten(leitfaden_id) if lf.kopf.variante_von is None]
    if not varianten and leitfaden_id in katalog.leitfaeden:
        varianten = [katalog.leitfaeden[leitfaden_id]]
    fassungen = sorted((x for lf in varianten for x in lf.fassungen), key=lambda x: x.gueltig_ab)
    tag = von
    for x in fassungen:
        if x.gueltig_ab > tag:
            break
        if x.gueltig_bis is None:
            return None
        tag = max(tag, x.gueltig_bis + TAG)
        if bis is not None and tag > bis:
            return None
    return f"{tag:%d.%m.%Y}"


@fassungspruefung
def _einbindungen(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    for s in f.einbindungen():
        if s.leitfaden not in katalog.leitfaeden and not katalog.varianten(s.leitfaden):
            yield _befund(f, s.id, "leitfaden", f"eingebundener Leitfaden {s.leitfaden} ist nicht im Katalog")
            continue
        if s.leitfaden == f.leitfaden_id:
            yield _befund(f, s.id, "leitfaden", "ein Leitfaden kann sich nicht selbst einbinden")
            continue
        luecke = _abdeckung(katalog, s.leitfaden, f.gueltig_ab, f.gueltig_bis)
        if luecke:
            yield _befund(f, s.id, "leitfaden", f"{s.leitfaden} gilt nicht an denselben Tagen wie diese Fassung "
                          f"(keine gültige Fassung am {luecke})")
        if nachfolger(s) and not _hat_rueckkehr(katalog, s.leitfaden):
            yield _befund(f, s.id, "nach", f"{s.leitfaden} kehrt nie zurück (kein Schritt art: rueckkehr): "
                          "'nach' ist nie erreichbar")

