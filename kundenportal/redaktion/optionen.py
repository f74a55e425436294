"""Neue Antwortoptionen einer Frage, im Browser erfasst: Wert und deutsche Beschriftung je Option am Freigabepaket
(`Freigabepaket.neue_optionen`). Das Vokabular (content/fakten.yaml) ändert nur die Entwicklung; die Redaktion ergänzt
es mit dem Paket einer Weisung — geprüft (Form, Beschriftung, keine Kollision, keine Umbenennung), im Vier-Augen-Prinzip
freigegeben und als eigene, gesiegelte Katalogdatei veröffentlicht (leitfaden/vokabular_zusatz.py).

Ab dem Tag des Pakets bieten die Fassungen des Pakets (und jede spätere) die Option an; was vorher galt, bleibt wie es
war. Darum verlangt die Prüfung (`abdeckung_befunde`), dass jede Fassung, die die Frage stellt und ab diesem Tag noch
gelten würde, im Paket einen Nachfolger hat — sonst bekäme sie eine Option, die sie nicht kennt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.vokabular import Vokabular
from kundenportal.leitfaden.vokabular_zusatz import NeueOption, Zusatz, mit_zusaetzen

from .katalogquelle import WURZEL


def aus_paket(angaben: Iterable[dict[str, Any]] | None) -> list[NeueOption]:
    """Die neuen Optionen, wie sie am Paket stehen (JSON: [{fakt, wert, label}])."""
    return [NeueOption(str(a.get("fakt", "")), str(a.get("wert", "")), str(a.get("label", ""))) for a in angaben or []]


def als_json(optionen: Iterable[NeueOption]) -> list[dict[str, str]]:
    return [{"fakt": o.fakt, "wert": o.wert.strip(), "label": o.label.strip()} for o in optionen]


def zusatz_des_pakets(optionen: list[NeueOption], gilt_ab: dt.date | None, weisung: str,
                      fassungen: Iterable[str] = ()) -> Zusatz | None:
    """Die Ergänzung, die das Paket mitbringt (noch nicht veröffentlicht), zum Prüfen; ohne Optionen None."""
    if not optionen:
        return None
    return Zusatz(datei=f"{WURZEL}/vokabular (Freigabepaket)", gilt_ab=gilt_ab or dt.date.min, weisung=weisung,
                  fassungen=tuple(fassungen), optionen=tuple(optionen))


def mit_optionen(katalog: Katalog, zusatz: Zusatz | None) -> Katalog:
    """Eine Kopie des Katalogs, deren Vokabular die neuen Optionen des Pakets kennt; ohne: der Katalog selbst."""
    if zusatz is None:
        return katalog
    try:
        vokabular = mit_zusaetzen(katalog.vokabular, [zusatz])
    except KatalogFehler:       # widerspricht dem Vokabular: das melden Erfassen und Freigabe (services/optionen.py)
        return katalog
    neu = Katalog(vokabular=vokabular, standorte=katalog.standorte,
                  leitfaeden=katalog.leitfaeden, weisungen=katalog.weisungen, wurzel=katalog.wurzel,
                  veroeffentlicht=katalog.veroeffentlicht)
    umgebung = getattr(katalog, "_umgebung", None)     # Typen der Fakten unverändert (auswahl): weiterverwenden
    if umgebung is not None:
        neu._umgebung = umgebung  # type: ignore[attr-defined]
    return neu


def frage_text(vok: Vokabular, fakt: str) -> str:
    f = vok.fakten.get(fakt)
    return f.label if f is not None else fakt


def lesbar(vok: Vokabular, optionen: Iterable[NeueOption]) -> list[str]:
    """Je Option ein Satz für die Änderungsübersicht und die Freigabe."""
    return [f"Neue Antwortoption „{o.label}“ (Wert {o.wert}) für die Frage „{frage_text(vok, o.fakt)}“ ({o.fakt})"
            for o in optionen]


def _fragt(f: Fassung, fakten: set[str]) -> list[str]:
    return [s.id for s in f.daten.schritte if type(s) is Frage and s.fakt in fakten]


def _ende(lf_fassungen: list[Fassung], f: Fassung) -> dt.date | None:
    """Bis wann `f` gilt: `gueltig_bis`, sonst bis zum Tag vor der nächsten Fassung gleichen Geltungsbereichs."""
    if f.gueltig_bis is not None:
        return f.gueltig_bis
    spaeter = [n.gueltig_ab for n in lf_fassungen if n.gueltig_ab > f.gueltig_ab and
               (n.geltungsbereich is None) == (f.geltungsbereich is None)]
    return min(spaeter) - dt.timedelta(days=1) if spaeter else None


def abdeckung_befunde(katalog: Katalog, optionen: list[NeueOption], ab: dt.date | None,
                      im_paket: set[str]) -> list[str]:
    """Jede veröffentlichte Fassung außerhalb des Pakets, die eine ergänzte Frage stellt und ab `ab` (noch oder schon)
    gelten würde: sie bekäme die neue Option, ohne sie zu kennen. Abhilfe: einen Entwurf von ihr ins Paket aufnehmen."""
    fakten = {o.fakt for o in optionen}
    if not fakten or ab is None:
        return []
    befunde: list[str] = []
    for lf in katalog.leitfaeden.values():
        for f in lf.fassungen:
            if f.schluessel in im_paket or not (schritte := _fragt(f, fakten)):
                continue
            ende = _ende(lf.fassungen, f)
            if ende is not None and ende < ab:
                continue
            frage = frage_text(katalog.vokabular, next(s.fakt for s in f.daten.schritte if s.id == schritte[0]
                                                       and type(s) is Frage))
            befunde.append(f"{lf.id}, Stand {f.stand:%d.%m.%Y} stellt die Frage „{frage}“ (Schritt "
                           f"„{schritte[0]}“) und gilt ab dem {ab:%d.%m.%Y} noch: sie kennt die neue Antwortoption nicht. "
                           f"Einen Entwurf von {lf.id} ins Paket aufnehmen, der die Option behandelt.")
    return befunde
