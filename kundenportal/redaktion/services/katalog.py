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
from kundenportal.arbeitsmittel.laden import bestand_laden
from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.laden import VEROEFFENTLICHT, katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.leitfaden.vokabular_zusatz import ORDNER, zusaetze_laden

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
    for z in zusaetze_laden(ordner, ordner.name):       # neue Antwortoptionen (vokabular/*.yaml), gesiegelt
        pfad = ordner / ORDNER / z.datei.rpartition("/")[2]
        ergebnis.append(Zeile(Katalogdatei.VOKABULAR, str(pfad.relative_to(ordner)), pfad, gueltig_ab=z.gilt_ab))
    # Die anderen Arbeitsmittel (arbeitsmittel/<art>/<nummer>/<stand>.yaml), geprüft gegen diesen Katalog: gesiegelt
    # wie Fassungen; nur wenn es den Ordner gibt (ein Katalog ohne Arbeitsmittel bleibt importierbar).
    if (ordner / "arbeitsmittel").is_dir():
        for a in bestand_laden(ordner, katalog).fassungen:
            datei = ordner.parent / a.datei
            ergebnis.append(Zeile(Katalogdatei.ARBEITSMITTEL, str(datei.relative_to(ordner)), datei, "", a.stand,
                                  a.gueltig_ab, a.gueltig_bis))
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
    neue_fassungen: list[Katalogdatei] = []
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
        gesiegelt = art in (Katalogdatei.FASSUNG, Katalogdatei.ARBEITSMITTEL)
        if alt is not None and gesiegelt and ohne_gueltig_bis(alt.text) == ohne_gueltig_bis(text) \
                and alt.gueltig_bis is not None and (z.gueltig_bis is None or z.gueltig_bis > alt.gueltig_bis):
            # Die Datenbank ist weiter als die Datei: im Browser wurde eine Nachfolgerin freigegeben, die die
            # Fassung früher enden lässt (die Datei in content/ kennt sie nicht). Ein erneutes `einrichten`
            # (jedes `make run`) setzte sonst das Ende zurück — zwei Fassungen überlappten, der Start brach ab.
            zaehler["unveraendert"] += 1
            continue
        if alt is not None and gesiegelt and ohne_gueltig_bis(alt.text) == ohne_gueltig_bis(text):
            # Abgelöst: die Vorgängerin hat gueltig_bis erhalten (außerhalb des Siegels) — nur das ändert sich.
            alt.text, alt.inhalt_hash, alt.gelesen, alt.gueltig_bis = text, neu.inhalt_hash, neu.gelesen, z.gueltig_bis
            alt.save(update_fields=["text", "inhalt_hash", "gelesen", "gueltig_bis"])
            zaehler["abgeloest"] += 1
            continue
        if alt is not None and art in (Katalogdatei.FASSUNG, Katalogdatei.VOKABULAR, Katalogdatei.ARBEITSMITTEL):
            befunde.append(Befund(f"{ordner.name}/{pfad}", 1, "", f"veröffentlichte {alt.get_art_display()} "
                                  f"{alt.schluessel} hat in der Datenbank einen anderen Inhalt: eine Korrektur ist eine "
                                  "neue Datei"))
            continue
        if alt is not None:
            alt.status = Katalogdatei.ZURUECKGERUFEN     # Kopf und Weisung: die neue Datei ersetzt die alte
            alt.save(update_fields=["status"])
        neu.save()
        if art == Katalogdatei.FASSUNG and z.gueltig_ab is not None:
            neue_fassungen.append(neu)
        zaehler["neu"] += 1
    if befunde:
        raise KatalogFehler(befunde)
    if zaehler["neu"] or zaehler["abgeloest"]:
        generation_erhoehen()
        zaehler["hinweise"] = _hinweise_anlegen(neue_fassungen)
        # Die Befunde offener Entwürfe gelten für den Katalog von vorher: neu prüfen (Übersicht = Seite des Entwurfs).
        befunde_auffrischen(katalog_aus_datenbank(), set(Entwurf.objects.values_list("leitfaden_id", flat=True)))
    eintragen(user, "katalog_importiert", str(ordner.name), veroeffentlicht=veroeffentlicht, **zaehler)
    return zaehler


# Wie weit zurück eine importierte Fassung noch einen Änderungshinweis bekommt (wie „neu seit“, hinweise.neu_seit):
# eine Fassung von 2020 in einer neuen Installation ist Geschichte, keine Neuigkeit für die Beschäftigten.
HINWEIS_TAGE = 30


def _hinweise_anlegen(neue: list[Katalogdatei]) -> int:
    """Änderungshinweise für neu importierte Fassungen, die eine Vorgängerin ablösen und ab heute (minus
    HINWEIS_TAGE) oder später gelten — wie bei einer Freigabe im Browser: Beschäftigte sehen „neu seit …“ und was
    sich geändert hat, auch wenn die Fassung als Datei in content/ kam (etwa die Korrekturen ab 08.12.2026)."""
    from kundenportal.leitfaden.diff import diff
    from kundenportal.leitfaden.weisung import vorgaenger

    from ..klartext import klartext
    from ..models import Aenderungshinweis

    ab = zeit.heute() - dt.timedelta(days=HINWEIS_TAGE)
    kandidaten = [d for d in neue if d.gueltig_ab is not None and d.gueltig_ab >= ab and d.stand is not None]
    if not kandidaten:
        return 0
    katalog = katalog_aus_datenbank()
    angelegt = 0
    for d in kandidaten:
        lf = katalog.leitfaeden.get(d.leitfaden_id)
        neu = lf.fassung(d.stand) if lf is not None and d.stand is not None else None
        alt = vorgaenger(katalog, neu) if neu is not None else None
        if lf is None or neu is None or alt is None:
            continue                                        # ein neuer Leitfaden ohne Vorgängerin: kein „geändert“
        Aenderungshinweis.objects.create(fassung=d, leitfaden_id=d.leitfaden_id, gilt_ab=neu.gueltig_ab,
                                         text=klartext(lf.kopf.titel, diff(alt, neu), katalog))
        angelegt += 1
    return angelegt


def _mit_ende(d: Katalogdatei, alle: list[Katalogdatei]) -> str:
    """Der Text einer Fassung für den Export: löst eine spätere Fassung sie ab (im Browser freigegeben — in der
    Datenbank ohne `gueltig_bis` der Vorgängerin, redaktion.pruefung.katalog_befunde), bekommt die Datei das Ende wie
    eine Vorgängerin in content/ (außerhalb des Siegels). Sonst bestünde der exportierte Ordner `katalog pruefen`
    nicht („überlappt mit …“)."""
    if d.art not in (Katalogdatei.FASSUNG, Katalogdatei.ARBEITSMITTEL) or d.gueltig_ab is None or d.geltungsbereich:
        return d.text
    ordner = d.pfad.rsplit("/", 1)[0]
    spaeter = [n.gueltig_ab for n in alle if n.art == d.art and not n.geltungsbereich and n.gueltig_ab is not None
               and n.gueltig_ab > d.gueltig_ab and (n.leitfaden_id == d.leitfaden_id if d.art == Katalogdatei.FASSUNG
                                                     else n.pfad.rsplit("/", 1)[0] == ordner)]
    if not spaeter:
        return d.text
    ende = min(spaeter) - dt.timedelta(days=1)
    if d.gueltig_bis is not None and d.gueltig_bis <= ende:
        return d.text
    from .entwurf import kopf_setzen

    return kopf_setzen(d.text, "gueltig_bis", ende.isoformat())


def katalog_exportieren(ziel: Path, *, user: Any = None) -> int:
    """Schreibt jede veröffentlichte Datei Byte für Byte zurück, dazu das Siegel und die Stammdaten."""
    ziel.mkdir(parents=True, exist_ok=True)
    siegel: dict[str, str] = {}
    anzahl = 0
    alle = list(veroeffentlichte().order_by("pfad"))
    for d in alle:
        pfad = ziel / d.pfad
        pfad.parent.mkdir(parents=True, exist_ok=True)
        pfad.write_bytes(_mit_ende(d, alle).encode("utf-8"))
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
