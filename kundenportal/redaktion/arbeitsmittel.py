"""Die anderen Arbeitsmittel (Aufgabensteckbriefe, QS-Anlagen, Führungsprozess-Anlagen) aus der Datenbank: die
veröffentlichten Katalogdateien (art arbeitsmittel) als (Pfad, Text)-Paare für `arbeitsmittel.laden.bestand_laden`,
und die Prüfung eines Entwurfs gegen sie — dieselben Befunde wie aus content/ (Datei:Zeile, Feld).

Das Ende einer abgelösten Fassung (`gueltig_bis`) steht außerhalb des Siegels: der Katalog leitet es aus der
Nachfolgerin ab (ihr `gueltig_ab` minus einen Tag), wie der Export eine Fassung abschließt (services/katalog.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from kundenportal.arbeitsmittel.diff import Aenderung, vergleichen
from kundenportal.arbeitsmittel.laden import bestand_und_befunde
from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.quelle import ZDict, lesen_text

from .models import Katalogdatei

_STAND = re.compile(r"^stand:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.M)


def kopf_datum(text: str, feld: str) -> dt.date | None:
    """Ein Datum der obersten Ebene (`stand`, `gueltig_ab` …) aus einem Quelltext; None, wenn unlesbar."""
    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return None
    wert = roh.get(feld) if isinstance(roh, ZDict) else None
    return wert if isinstance(wert, dt.date) and not isinstance(wert, dt.datetime) else None


def mit_enden(dateien: Iterable[tuple[str, str, dt.date | None]]) -> list[tuple[str, str]]:
    """(Pfad, Text) je Fassung; eine Fassung mit Nachfolgerin im selben Ordner endet am Tag vor deren `gueltig_ab`
    (steht dort schon ein früheres Ende, bleibt es)."""
    from .services.entwurf import kopf_setzen

    liste = sorted(dateien, key=lambda d: (d[0].rpartition("/")[0], d[2] or dt.date.min, d[0]))
    ergebnis = []
    for i, (pfad, text, ab) in enumerate(liste):
        naechste = liste[i + 1] if i + 1 < len(liste) else None
        if naechste is not None and naechste[0].rpartition("/")[0] == pfad.rpartition("/")[0] and naechste[2] and ab:
            ende = naechste[2] - dt.timedelta(days=1)
            bisher = kopf_datum(text, "gueltig_bis")
            if bisher is None or bisher > ende:
                text = kopf_setzen(text, "gueltig_bis", ende.isoformat())
        ergebnis.append((pfad, text))
    return ergebnis


def veroeffentlichte_dateien(ausser: str = "") -> list[tuple[str, str, dt.date | None]]:
    """(Pfad, Text, gültig ab) jeder veröffentlichten Fassung eines Arbeitsmittels (ohne `ausser`)."""
    return [(p, t, ab) for p, t, ab in Katalogdatei.objects.filter(
        art=Katalogdatei.ARBEITSMITTEL, status=Katalogdatei.VEROEFFENTLICHT).exclude(pfad=ausser)
        .values_list("pfad", "text", "gueltig_ab")]


def aus_datenbank() -> list[tuple[str, str]] | None:
    """Die veröffentlichten Arbeitsmittel als (Pfad, Text)-Paare; None, wenn die Datenbank noch keine hat (dann
    lädt die Wurzel wie bisher content/arbeitsmittel)."""
    dateien = veroeffentlichte_dateien()
    return mit_enden(dateien) if dateien else None


def entwurfspfad(ordner: str, text: str, stand: dt.date | None) -> str:
    """Der Pfad, unter dem der Entwurf veröffentlicht würde: Ordner / <stand aus dem Text>.yaml."""
    tag = kopf_datum(text, "stand")
    if tag is None and (treffer := _STAND.search(text)):    # unlesbares YAML: der Stand steht meist noch da
        try:
            tag = dt.date.fromisoformat(treffer.group(1))
        except ValueError:
            tag = None
    tag = tag or stand
    return f"{ordner}/{tag.isoformat() if tag else 'ohne-stand'}.yaml"


def entwurf_pruefen(katalog: Katalog, ordner: str, text: str, stand: dt.date | None) -> tuple[
        list[Befund], Arbeitsmittel | None]:
    """Prüft den Entwurf mit allen veröffentlichten Arbeitsmitteln (als stünde er schon neben ihnen) gegen den
    Katalog: die Befunde — die der Datei des Entwurfs zuerst — und den gelesenen Entwurf (None: nicht lesbar)."""
    pfad = entwurfspfad(ordner, text, stand)
    name = f"content/{pfad}"
    dateien = [*veroeffentlichte_dateien(ausser=pfad), (pfad, text, kopf_datum(text, "gueltig_ab"))]
    bestand, befunde = bestand_und_befunde(Path(settings.CONTENT_DIR), katalog, mit_enden(dateien))
    befunde.sort(key=lambda b: b.datei != name)        # stabil: je Datei weiter nach Zeile
    return befunde, next((a for a in bestand.fassungen if a.datei == name), None)


def unterschied(katalog: Katalog, basis: Katalogdatei, neu: Arbeitsmittel | None) -> list[Aenderung]:
    """Was der Entwurf gegenüber seiner Basis ändert (arbeitsmittel/diff.py); leer, wenn er nicht lesbar ist."""
    bestand, _ = bestand_und_befunde(Path(settings.CONTENT_DIR), katalog, mit_enden(veroeffentlichte_dateien()))
    alt = next((a for a in bestand.fassungen if a.datei == f"content/{basis.pfad}"), None)
    return vergleichen(alt, neu) if alt is not None and neu is not None else []


def befunde_json(befunde: list[Befund]) -> list[dict[str, Any]]:
    return [{"datei": b.datei, "zeile": b.zeile, "feld": b.feld, "meldung": b.meldung} for b in befunde]
