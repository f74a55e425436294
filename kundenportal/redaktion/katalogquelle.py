"""Den Katalog aus der Datenbank bauen: dieselben Lader des Kerns wie für content/, nur auf dem
gespeicherten YAML-Text (Zeilennummern und Inhalts-Hash wie aus der Datei).

Fassungen sind unveränderlich: ihr geladenes Objekt wird je Inhalts-Hash im Prozess behalten; nach
einer neuen Generation wird nur Neues geparst. Vokabular und Standorte kommen aus content/ (sie
gehören zum Code: Aktionen und Abfragen sind dort registriert)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden, Weisung
from kundenportal.leitfaden.laden import fassung_aus_text, kopf_aus_text, weisung_aus_text
from kundenportal.leitfaden.modell import FassungsDatei, KopfDatei
from kundenportal.leitfaden.standorte import Standorte, standorte_laden
from kundenportal.leitfaden.vokabular import Vokabular, vokabular_laden
from kundenportal.leitfaden.vokabular_zusatz import Zusatz, mit_zusaetzen, texte_merken, zusatz_lesen

WURZEL = "content"      # so heißen die Dateien in Befunden: content/leitfaeden/sc/3.307/2020-03-20.yaml


@dataclass(frozen=True)
class Datei:
    """Eine Katalogdatei als Text: Art (kopf | fassung | weisung), Pfad relativ zu content/."""

    art: str
    pfad: str
    text: str
    inhalt_hash: str = ""
    gelesen: str = ""

    @property
    def anzeige(self) -> str:
        return f"{WURZEL}/{self.pfad}"

    @property
    def ordner(self) -> str:
        return self.anzeige.rpartition("/")[0]


@cache
def stammdaten() -> tuple[Vokabular, Standorte]:
    wurzel = Path(settings.CONTENT_DIR)
    return vokabular_laden(wurzel / "fakten.yaml"), standorte_laden(wurzel / "standorte.yaml")


_FASSUNGEN: dict[tuple[str, str, str], Fassung] = {}
_KOEPFE: dict[tuple[str, str], KopfDatei] = {}
_WEISUNGEN: dict[tuple[str, str], Weisung] = {}


def gelesen(art: str, text: str, pfad: str, leitfaden_id: str = "") -> str:
    """Das gelesene Modell einer Kopf- oder Fassungsdatei als JSON (beim Schreiben in die Datenbank)."""
    d, befunde = Datei(art, pfad, text), list[Befund]()
    if art == "kopf":
        kopf = kopf_aus_text(text, d.anzeige, befunde)
        return kopf.model_dump_json(by_alias=True) if kopf else ""
    if art == "fassung":
        f = fassung_aus_text(text, leitfaden_id, d.anzeige, befunde)
        # Erste Zeile: Zeilen je Schritt; dann das Modell (beides JSON, ohne Zeilenumbruch).
        return f"{json.dumps(f.zeilen)}\n{f.daten.model_dump_json(by_alias=True)}" if f else ""
    return ""


def _schluessel(d: Datei) -> tuple[str, str]:
    return (d.inhalt_hash or d.text, d.anzeige)


def bekannt(art: str, pfad: str, inhalt_hash: str, leitfaden_id: str) -> bool:
    """Ist die Datei mit diesem Inhalts-Hash im Prozess schon gelesen? Dann braucht es ihren Text nicht."""
    anzeige = f"{WURZEL}/{pfad}"
    if art == "fassung":
        return (inhalt_hash, anzeige, leitfaden_id) in _FASSUNGEN
    if art == "vokabular":
        return (inhalt_hash, anzeige) in _ZUSAETZE
    return (inhalt_hash, anzeige) in (_KOEPFE if art == "kopf" else _WEISUNGEN)


def _fassung(d: Datei, leitfaden_id: str, befunde: list[Befund]) -> Fassung | None:
    schluessel = (d.inhalt_hash, d.anzeige, leitfaden_id)
    if d.inhalt_hash and schluessel in _FASSUNGEN:
        return _FASSUNGEN[schluessel]
    if d.gelesen and d.inhalt_hash:     # abgeleitet beim Schreiben; der Hash ist der des Texts
        zeilen, _, daten = d.gelesen.partition("\n")
        fassung: Fassung | None = Fassung(leitfaden_id=leitfaden_id, daten=FassungsDatei.model_validate_json(daten),
                                          datei=d.anzeige, inhalt_hash=d.inhalt_hash, zeilen=json.loads(zeilen))
        _FASSUNGEN[schluessel] = fassung  # type: ignore[assignment]
        return fassung
    fassung = fassung_aus_text(d.text, leitfaden_id, d.anzeige, befunde)
    if fassung is not None and d.inhalt_hash == fassung.inhalt_hash:
        _FASSUNGEN[schluessel] = fassung
    return fassung


def _kopf(d: Datei, befunde: list[Befund]) -> KopfDatei | None:
    schluessel = _schluessel(d)
    if schluessel not in _KOEPFE and d.gelesen:
        _KOEPFE[schluessel] = KopfDatei.model_validate_json(d.gelesen)
    if schluessel not in _KOEPFE:
        kopf = kopf_aus_text(d.text, d.anzeige, befunde)
        if kopf is None:
            return None
        _KOEPFE[schluessel] = kopf
    return _KOEPFE[schluessel]


def _weisung(d: Datei, befunde: list[Befund]) -> Weisung | None:
    schluessel = _schluessel(d)
    if schluessel not in _WEISUNGEN:
        weisung = weisung_aus_text(d.text, d.anzeige, befunde)
        if weisung is None:
            return None
        _WEISUNGEN[schluessel] = weisung
    return _WEISUNGEN[schluessel]


_ZUSAETZE: dict[tuple[str, str], Zusatz] = {}


def zusatz(d: Datei, befunde: list[Befund]) -> Zusatz | None:
    """Eine Ergänzung des Vokabulars (neue Antwortoptionen, art vokabular), je Inhalts-Hash einmal gelesen."""
    schluessel = _schluessel(d)
    if schluessel not in _ZUSAETZE:
        try:
            _ZUSAETZE[schluessel] = zusatz_lesen(d.text, d.anzeige)
        except KatalogFehler as fehler:
            befunde.extend(fehler.befunde)
            return None
    return _ZUSAETZE[schluessel]


def zusaetze(dateien: list[Datei], befunde: list[Befund]) -> list[Zusatz]:
    return [z for d in sorted(dateien, key=lambda d: d.pfad) if d.art == "vokabular" and (z := zusatz(d, befunde))]


def katalog_aus_dateien(dateien: list[Datei], siegel: dict[str, str], *, streng: bool = True,
                        heute: dt.date | None = None) -> tuple[Katalog, list[Befund]]:
    """Baut einen Katalog wie `laden.katalog_laden`; mit `streng` wirft ein Befund KatalogFehler. Die neuen
    Antwortoptionen (art vokabular) liegen über dem Vokabular — mit `heute` nur die, die an diesem Tag schon gelten:
    vorher bietet keine Fassung sie an (die bis dahin geltenden kennen sie nicht)."""
    vokabular, standorte = stammdaten()
    befunde: list[Befund] = []
    try:
        vokabular = mit_zusaetzen(vokabular, [z for z in zusaetze(dateien, befunde) if heute is None or z.gilt_ab <= heute])
    except KatalogFehler as fehler:
        befunde.extend(fehler.befunde)
    texte_merken(vokabular)
    katalog = Katalog(vokabular=vokabular, standorte=standorte, wurzel=str(settings.CONTENT_DIR),
                      veroeffentlicht=dict(siegel))
    for d in sorted((d for d in dateien if d.art == "weisung"), key=lambda d: d.pfad):
        weisung = _weisung(d, befunde)
        if weisung is not None:
            katalog.weisungen[weisung.nummer] = weisung
    ordner: dict[str, Leitfaden] = {}
    for d in sorted((d for d in dateien if d.art == "kopf"), key=lambda d: d.pfad):
        kopf = _kopf(d, befunde)
        if kopf is None:
            continue
        if kopf.id in katalog.leitfaeden:
            befunde.append(Befund(d.anzeige, 1, "id", f"Leitfaden {kopf.id} ist doppelt "
                                  f"(auch in {katalog.leitfaeden[kopf.id].ordner})"))
            continue
        leitfaden = Leitfaden(kopf=kopf, ordner=d.ordner)
        katalog.leitfaeden[kopf.id] = ordner[d.ordner] = leitfaden
    for d in sorted((d for d in dateien if d.art == "fassung"), key=lambda d: d.pfad):
        lf = ordner.get(d.ordner)
        if lf is None:
            befunde.append(Befund(d.anzeige, 1, "", f"kein leitfaden.yaml in {d.ordner}"))
            continue
        fassung = _fassung(d, lf.id, befunde)
        if fassung is not None:
            lf.fassungen.append(fassung)
    for lf in katalog.leitfaeden.values():
        lf.fassungen.sort(key=lambda f: (f.gueltig_ab, f.stand))
    if befunde and streng:
        raise KatalogFehler(befunde)
    return katalog, befunde


def mit_entwurf(katalog: Katalog, leitfaden_id: str, ordner: str, kopf: KopfDatei | None,
                fassung: Fassung) -> Katalog:
    """Eine Kopie des Katalogs, in der `fassung` (ein Entwurf) neben den veröffentlichten steht; eine
    veröffentlichte Fassung desselben Stands wird ersetzt. Der Katalog selbst bleibt unberührt."""
    leitfaeden = {k: Leitfaden(kopf=lf.kopf, ordner=lf.ordner, fassungen=list(lf.fassungen))
                  for k, lf in katalog.leitfaeden.items()}
    if leitfaden_id not in leitfaeden:
        if kopf is None:
            raise KeyError(leitfaden_id)
        leitfaeden[leitfaden_id] = Leitfaden(kopf=kopf, ordner=ordner)
    lf = leitfaeden[leitfaden_id]
    lf.fassungen = sorted([f for f in lf.fassungen if f.stand != fassung.stand] + [fassung],
                          key=lambda f: (f.gueltig_ab, f.stand))
    neu = Katalog(vokabular=katalog.vokabular, standorte=katalog.standorte, leitfaeden=leitfaeden,
                  weisungen=dict(katalog.weisungen), wurzel=katalog.wurzel,
                  veroeffentlicht=dict(katalog.veroeffentlicht))
    umgebung = getattr(katalog, "_umgebung", None)     # hängt nur am Vokabular: weiterverwenden
    if umgebung is not None:
        neu._umgebung = umgebung  # type: ignore[attr-defined]
    return neu
