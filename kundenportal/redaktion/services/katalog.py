"""Den Katalog in die Datenbank importieren und als Dateien exportieren (content/ bleibt das
Austauschformat). Import ist alles oder nichts: jeder Befund mit Datei:Zeile, dann nichts geschrieben."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F

from kundenportal import zeit
from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.laden import VEROEFFENTLICHT, katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen

from ..katalogquelle import gelesen
from ..mitarbeit import vermerken
from ..models import Entwurf, Generation, Katalogdatei, ohne_gueltig_bis
from ..queries import katalog_aus_datenbank, veroeffentlichte
from .entwurf import befunde_auffrischen
from .protokoll import eintragen

STAMMDATEIEN = ("fakten.yaml", "standorte.yaml")


def generation_erhoehen() -> int:
    """Jeder Prozess sieht die Änderung bei seiner nächsten Anfrage (queries.katalog_aus_datenbank)."""
    Generation.objects.get_or_create(pk=1)
    Generation.objects.filter(pk=1).update(nummer=F("nummer") + 1)
    return int(Generation.objects.values_list("nummer", flat=True).get(pk=1))


def _text(pfad: Path, anzeige: str) -> str:
    try:
        return pfad.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as fehler:
        raise KatalogFehler([Befund(anzeige, 0, "", f"Datei nicht lesbar: {fehler}")]) from None


@dataclass(frozen=True)
class Zeile:
    """Eine Katalogdatei im Ordner: Art, Pfad relativ zu content/, Datei, Leitfaden und Kopfdaten der Fassung."""

    art: str
    pfad: str
    datei: Path
    leitfaden_id: str = ""
    stand: dt.date | None = None
    gueltig_ab: dt.date | None = None
    gueltig_bis: dt.date | None = None
    geltungsbereich: dict[str, Any] = field(default_factory=dict)


def _dateien(ordner: Path) -> list[Zeile]:
    katalog = katalog_laden(ordner)
    befunde = katalog_pruefen(katalog)
    if befunde:
        raise KatalogFehler(befunde)
    ergebnis: list[Zeile] = []
    for pfad in sorted((ordner / "weisungen").glob("*.yaml")):
        ergebnis.append(Zeile(Katalogdatei.WEISUNG, str(pfad.relative_to(ordner)), pfad))
    for lf in katalog.leitfaeden.values():
        kopf = ordner.parent / lf.ordner / "leitfaden.yaml"
        ergebnis.append(Zeile(Katalogdatei.KOPF, str(kopf.relative_to(ordner)), kopf, lf.id))
        for f in lf.fassungen:
            datei = kopf.parent / f"{f.stand.isoformat()}.yaml"
            ergebnis.append(Zeile(Katalogdatei.FASSUNG, str(datei.relative_to(ordner)), datei, lf.id, f.stand,
                                  f.gueltig_ab, f.gueltig_bis,
                                  f.geltungsbereich.model_dump() if f.geltungsbereich else {}))
    return ergebnis


@transaction.atomic
def katalog_importieren(ordner: Path, *, veroeffentlicht: bool, user: Any = None) -> dict[str, int]:
    """Lädt und prüft `ordner` wie `katalog pruefen`; mit `veroeffentlicht` als gesiegelte Fassungen,
    sonst als Entwürfe. Eine veröffentlichte Fassung mit anderem Inhalt bricht alles ab (habit 6)."""
    ordner = ordner.resolve()
    dateien = _dateien(ordner)
    jetzt = zeit.jetzt()
    zaehler = {"neu": 0, "abgeloest": 0, "unveraendert": 0, "entwuerfe": 0}
    befunde: list[Befund] = []
    vorhanden = {d.pfad: d for d in veroeffentlichte()}
    for z in dateien:
        art, pfad, datei, leitfaden_id = z.art, z.pfad, z.datei, z.leitfaden_id
        text = _text(datei, f"{ordner.name}/{pfad}")
        alt = vorhanden.get(pfad)
        if not veroeffentlicht:
            if art == Katalogdatei.FASSUNG:
                kopf = "" if leitfaden_id in {d.leitfaden_id for d in vorhanden.values()} else \
                    _text(datei.parent / "leitfaden.yaml", pfad)
                Entwurf.objects.create(leitfaden_id=leitfaden_id, basis=alt, kopf_text=kopf,
                                       ordner=str(Path(pfad).parent), text=text, autor=user,
                                       angelegt=jetzt, geaendert=jetzt,
                                       bearbeiter=vermerken([], user, "Entwurf importiert"))
                zaehler["entwuerfe"] += 1
            continue
        neu = Katalogdatei(art=art, pfad=pfad, text=text, inhalt_hash=sha256(text.encode("utf-8")).hexdigest(),
                           leitfaden_id=leitfaden_id, stand=z.stand, gueltig_ab=z.gueltig_ab,
                           gueltig_bis=z.gueltig_bis, geltungsbereich=z.geltungsbereich, angelegt=jetzt,
                           gelesen=gelesen(art, text, pfad, leitfaden_id))
        if alt is not None and alt.inhalt_hash == neu.inhalt_hash:
            zaehler["unveraendert"] += 1
            continue
        if alt is not None and art == Katalogdatei.FASSUNG and ohne_gueltig_bis(alt.text) == ohne_gueltig_bis(text):
            # Abgelöst: die Vorgängerin hat gueltig_bis erhalten (außerhalb des Siegels) — nur das ändert sich.
            alt.text, alt.inhalt_hash, alt.gelesen, alt.gueltig_bis = text, neu.inhalt_hash, neu.gelesen, z.gueltig_bis
            alt.save(update_fields=["text", "inhalt_hash", "gelesen", "gueltig_bis"])
            zaehler["abgeloest"] += 1
            continue
        if alt is not None and art == Katalogdatei.FASSUNG:
            befunde.append(Befund(f"{ordner.name}/{pfad}", 1, "", f"veröffentlichte Fassung {alt.schluessel} "
                                  "hat in der Datenbank einen anderen Inhalt: eine Korrektur ist eine neue Fassung"))
            continue
        if alt is not None:
            alt.status = Katalogdatei.ZURUECKGERUFEN     # Kopf und Weisung: die neue Datei ersetzt die alte
            alt.save(update_fields=["status"])
        neu.save()
        zaehler["neu"] += 1
    if befunde:
        raise KatalogFehler(befunde)
    if zaehler["neu"] or zaehler["abgeloest"]:
        generation_erhoehen()
        # Die Befunde offener Entwürfe gelten für den Katalog von vorher: neu prüfen (Übersicht = Seite des Entwurfs).
        befunde_auffrischen(katalog_aus_datenbank(), set(Entwurf.objects.values_list("leitfaden_id", flat=True)))
    eintragen(user, "katalog_importiert", str(ordner.name), veroeffentlicht=veroeffentlicht, **zaehler)
    return zaehler


def katalog_exportieren(ziel: Path, *, user: Any = None) -> int:
    """Schreibt jede veröffentlichte Datei Byte für Byte zurück, dazu das Siegel und die Stammdaten."""
    ziel.mkdir(parents=True, exist_ok=True)
    siegel: dict[str, str] = {}
    anzahl = 0
    for d in veroeffentlichte().order_by("pfad"):
        pfad = ziel / d.pfad
        pfad.parent.mkdir(parents=True, exist_ok=True)
        pfad.write_bytes(d.text.encode("utf-8"))
        anzahl += 1
        if d.art == Katalogdatei.FASSUNG:
            siegel[d.schluessel] = d.inhalt_hash
    for name in STAMMDATEIEN:
        (ziel / name).write_bytes((Path(settings.CONTENT_DIR) / name).read_bytes())
    zeilen = ["# Inhalts-Hash (SHA-256) jeder veröffentlichten Fassung. Geschrieben von",
              "# `kundenportal katalog veroeffentlichen`; nie von Hand ändern.",
              *(f'"{k}": {v}' for k, v in sorted(siegel.items()))]
    (ziel / VEROEFFENTLICHT).write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    eintragen(user, "katalog_exportiert", str(ziel.name), dateien=anzahl)
    return anzahl
