"""Die Kalender des ATV (Referenz und Zwilling im Speicher) — Regeln, kein Datenbankinhalt, kein Django.

Je Agentur und Team gibt es einen Kalender `<Agentur>/<bereich>` (ports.atv.kalender_fuer), je
Familienkassen-Cluster einen Kalender für die KiZ-Videoberatung, benannt nach der Cluster-id
(`kiz-video-sued`, domain.md A7). Die Agenturen, ihr Bundesland und der Start der BBiE kommen aus
content/standorte.yaml, das Land jeder anderen Agentur aus content/agenturen.yaml; geschlossen ist an
Wochenenden, an den Feiertagen des Landes der Agentur (Cluster: bundesweite Feiertage) und am 24. und
31. Dezember (Heiligabend, Silvester: Dienststellen der BA geschlossen). Öffnungszeiten: Mo–Fr 8–16 Uhr im 30-Minuten-Raster, je Kalender
oder Team überschreibbar (in der Referenz über settings.ATV_OEFFNUNGSZEITEN) = {"Köln/av": "07:30-15:00", "kiz_video": ...}.

Der Kalender der Berufsberatung im Erwerbsleben einer Agentur öffnet erst mit ihrem `bbie_ab`;
eine Agentur ohne BBiE hat keinen solchen Kalender (A8). Der Kalender der Weiterbildungsberatung gibt
es nur an Pilotstandorten; er schließt am Vortag ihres `bbie_ab` (Weisung 2.1)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import holidays
import yaml

from kundenportal.fachverfahren.ports.atv import BEREICHE
from kundenportal.fachverfahren.ports.standorte import Standorte
from kundenportal.fachverfahren.ports.zeitpunkt import BERLIN as BERLIN

OEFFNUNG = (dt.time(8, 0), dt.time(16, 0))
GESCHLOSSEN = ((12, 24), (12, 31))          # Heiligabend und Silvester, jedes Jahr
RASTER = dt.timedelta(minutes=30)
KIZ_VIDEO = "kiz_video"


@dataclass(frozen=True)
class Kalender:
    name: str
    bereich: str                 # Team (ports.atv.BEREICHE) oder kiz_video
    agentur: str = ""            # leer bei einem Cluster-Kalender
    land: str = ""               # Bundesland der Feiertage; leer = bundesweite Feiertage
    oeffnung: tuple[dt.time, dt.time] = OEFFNUNG
    raster: dt.timedelta = RASTER
    ab: dt.date | None = None    # erster Tag, an dem gebucht werden kann (BBiE: bbie_ab)
    bis: dt.date | None = None   # letzter Tag (Pilot Weiterbildungsberatung: Vortag von bbie_ab)

    def offen(self, beginn: dt.datetime) -> bool:
        """Liegt `beginn` auf einem Zeitfenster dieses Kalenders (Raster, Öffnungszeit, Werktag)?"""
        lokal = beginn.astimezone(BERLIN)
        if self.ab is not None and lokal.date() < self.ab:
            return False
        if self.bis is not None and lokal.date() > self.bis:
            return False
        if lokal.weekday() >= 5 or lokal.date() in _feiertage(self.land, lokal.year) \
                or (lokal.month, lokal.day) in GESCHLOSSEN:
            return False
        start = dt.datetime.combine(lokal.date(), self.oeffnung[0], BERLIN)
        if lokal < start or lokal.time() >= self.oeffnung[1]:
            return False
        return (lokal - start) % self.raster == dt.timedelta(0)

    def zeitfenster(self, tag: dt.date) -> list[dt.datetime]:
        """Alle Zeitfenster eines Tages (leer an Wochenenden, Feiertagen und vor `ab`)."""
        zeit = dt.datetime.combine(tag, self.oeffnung[0], BERLIN)
        fenster = []
        while zeit.time() < self.oeffnung[1] and zeit.date() == tag:
            if self.offen(zeit):
                fenster.append(zeit)
            zeit += self.raster
        return fenster


def _content() -> Path:
    """Wie settings.CONTENT_DIR (ohne Django): KUNDENPORTAL_CONTENT oder content/ des Projekts."""
    return Path(os.environ.get("KUNDENPORTAL_CONTENT", Path(__file__).resolve().parents[2] / "content"))


@cache
def agentur_laender(pfad: Path | None = None) -> dict[str, str]:
    """Agentur → Bundesland aus content/agenturen.yaml; ein unbekanntes Land nennt Datei:Zeile."""
    datei = pfad or _content() / "agenturen.yaml"
    if not datei.exists():
        return {}
    laender = set(holidays.country_holidays("DE").subdivisions)
    text = datei.read_text(encoding="utf-8")
    for nummer, zeile in enumerate(text.splitlines(), start=1):
        schluessel = zeile.split(":", 1)[0]
        if zeile[:1].isupper() and ":" in zeile and schluessel not in laender:
            raise ValueError(f"{datei}:{nummer}: {schluessel!r} ist kein Bundesland-Kürzel")
    roh = yaml.safe_load(text) or {}
    return {str(name): str(land) for land, agenturen in roh.items() for name in agenturen or []}


def land_der_agentur(name: str, st: Standorte, laender: Mapping[str, str] | None = None) -> str:
    """Das Bundesland einer Agentur: aus standorte.yaml, sonst aus agenturen.yaml ("" = unbekannt)."""
    agentur = st.agenturen.get(name)
    return (agentur.land if agentur else "") or (agentur_laender() if laender is None else laender).get(name, "")


@cache
def _feiertage(land: str, jahr: int) -> holidays.HolidayBase:
    if land:
        return holidays.country_holidays("DE", subdiv=land, years=jahr)
    return holidays.country_holidays("DE", years=jahr)


def _oeffnung(name: str, bereich: str, zeiten: Mapping[str, str]) -> tuple[dt.time, dt.time]:
    wert = zeiten.get(name) or zeiten.get(bereich)
    if not wert:
        return OEFFNUNG
    von, bis = wert.split("-")
    return dt.time.fromisoformat(von.strip()), dt.time.fromisoformat(bis.strip())


def kalender_aus(name: str, st: Standorte, zeiten: Mapping[str, str],
                 laender: Mapping[str, str] | None = None) -> Kalender | None:
    """Der Kalender zu `name`, oder None, wenn es ihn nicht gibt.

    Eine Agentur, die nicht in der Standortliste steht, hat die Kalender aller Teams mit den Feiertagen
    ihres Landes aus content/agenturen.yaml (nur wo auch dort kein Land steht: bundesweite Feiertage)."""
    if name in st.cluster:
        return Kalender(name=name, bereich=KIZ_VIDEO, oeffnung=_oeffnung(name, KIZ_VIDEO, zeiten))
    agentur_name, _, bereich = name.rpartition("/")
    if not agentur_name or bereich not in BEREICHE:
        return None
    agentur = st.agenturen.get(agentur_name)
    ab = bis = None
    if bereich == "weiterbildungsberatung":
        # Der Pilot Weiterbildungsberatung läuft nur an Pilotstandorten und endet mit dem BBiE-Start.
        if agentur is None or not agentur.pilot_weiterbildungsberatung:
            return None
        bis = agentur.bbie_ab - dt.timedelta(days=1) if agentur.bbie_ab else None
    if bereich == "bb_im_erwerbsleben" and agentur is not None:
        if agentur.bbie_ab is None:
            return None
        ab = agentur.bbie_ab
    return Kalender(name=name, bereich=bereich, agentur=agentur_name, land=land_der_agentur(agentur_name, st, laender),
                    oeffnung=_oeffnung(name, bereich, zeiten), ab=ab, bis=bis)
