"""Den Katalog aus content/ laden: Vokabular, Standorte, Weisungen, Leitfäden (ein Ordner je
Leitfaden, eine Datei je Fassung). Schemafehler werden gesammelt und mit Datei:Zeile gemeldet."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .fehler import Befund, KatalogFehler
from .katalog import Fassung, GemerkteFassung, Katalog, Leitfaden, Regel, Umsetzung, Weisung, eckdaten
from .modell import FassungsDatei, KopfDatei
from .quelle import ZDict, formfehler, lesen, lesen_text, zeile_von
from .standorte import standorte_laden
from .vokabular import vokabular_laden
from .vokabular_zusatz import vokabular_mit_ordner

M = TypeVar("M", bound=BaseModel)
VEROEFFENTLICHT = "veroeffentlicht.yaml"   # Siegel: Inhalts-Hash jeder veröffentlichten Fassung
# Form der gemerkten Fassung: (Eckdaten, Pickle der Schritte, Zeilen, Zeile des Stands) — die Schritte werden erst
# bei Bedarf entpickelt (GemerkteFassung). Ändert sich die Form, ändert sich das Kennzeichen des Cache-Ordners.
CACHE_FORMAT = b"fassung-2"


def _anzeige(pfad: Path, wurzel: Path) -> str:
    try:
        return str(pfad.relative_to(wurzel.parent))
    except ValueError:
        return str(pfad)


def _namen(ordner: str, nur_ordner: bool = False) -> list[str]:
    """Die Einträge eines Ordners nach Namen sortiert (wie `sorted(Path.glob("*"))`, ohne pathlib: beim Laden
    von 1.000 Leitfäden kostete pathlib ein Drittel der Zeit); fehlt der Ordner, keine."""
    try:
        with os.scandir(ordner) as eintraege:
            return sorted(e.name for e in eintraege if not nur_ordner or e.is_dir())
    except OSError:
        return []


def _leitfadenordner(wurzel: Path) -> list[tuple[str, str]]:
    """Die Ordner `leitfaeden/*/*/` mit einer `leitfaden.yaml`, sortiert: (Pfad, Anzeige relativ zum Katalog)."""
    basis = os.path.join(wurzel, "leitfaeden")
    anzeige = _anzeige(wurzel / "leitfaeden", wurzel)
    gefunden = []
    for gruppe in _namen(basis, nur_ordner=True):
        for name in _namen(os.path.join(basis, gruppe), nur_ordner=True):
            ordner = os.path.join(basis, gruppe, name)
            if os.path.exists(os.path.join(ordner, "leitfaden.yaml")):
                gefunden.append((ordner, f"{anzeige}/{gruppe}/{name}"))
    return gefunden


def _pruefen_gegen(modell: type[M], roh: Any, datei: str, befunde: list[Befund]) -> M | None:
    try:
        return modell.model_validate(roh)
    except ValidationError as fehler:
        for e in fehler.errors():
            ort = tuple(x for x in e["loc"] if isinstance(x, str | int))
            # Diskriminierte Unions fügen den Tag ("frage") hinter dem Index in den Pfad ein: für die Zeile überspringen
            # (nur dort — ein Feld kann so heißen wie eine Art: der Wortlaut einer Frage, `frage:`).
            pfad = tuple(x for i, x in enumerate(ort)
                         if not (isinstance(x, str) and x in _ARTEN and i > 0 and isinstance(ort[i - 1], int)))
            feld = ".".join(str(x) for x in pfad) or "(Datei)"
            meldung = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                meldung = "unbekanntes Feld"
            elif e["type"] == "missing":
                meldung = "Pflichtfeld fehlt"
            befunde.append(Befund(datei, zeile_von(roh, pfad), feld, meldung))
        return None


_ARTEN = {"frage", "hinweis", "pruefung", "aktion", "abgabe", "einbinden", "rueckkehr", "ende"}


@functools.cache
def _modellstand() -> str:
    """Kennzeichen des Schemas (modell.py) und der Python-Version: ein gemerktes Modell eines anderen
    Stands wird nie gelesen."""
    quelle = (Path(__file__).with_name("modell.py")).read_bytes()
    return hashlib.sha256(quelle + sys.version.encode() + CACHE_FORMAT).hexdigest()[:16]


def _gemerkt_lesen(cache: Path | Sammlung | None, inhalt: str) -> Any:
    """Das zu `inhalt` (SHA-256 der Datei) gemerkte Ergebnis, oder None. Der Schlüssel ist der Inhalt,
    nicht Pfad oder Zeitstempel: dieselben Bytes geben dasselbe geprüfte Modell."""
    if isinstance(cache, Sammlung):
        return cache.lesen(inhalt)
    if cache is None:
        return None
    return _datei_lesen(cache / _modellstand() / f"{inhalt}.pickle")


def _datei_lesen(pfad: Path) -> Any:
    try:
        return pickle.loads(pfad.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _merken(cache: Path | Sammlung | None, inhalt: str, wert: Any) -> None:
    """Legt `wert` ab (atomar: erst eine eigene Datei, dann umbenannt); ein nicht beschreibbarer Cache
    kostet nur die Zeit, nicht den Start."""
    if isinstance(cache, Sammlung):
        cache.merken(inhalt, wert)
        return
    if cache is None:
        return
    _ablegen(cache / _modellstand(), f"{inhalt}.pickle", wert)


def _ablegen(ordner: Path, name: str, wert: Any) -> None:
    try:
        ordner.mkdir(parents=True, exist_ok=True)
        tmp = ordner / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(wert, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, ordner / name)
    except OSError:
        pass


class Sammlung:
    """Der Cache beim Laden eines ganzen Katalogs: alle Einträge des letzten Ladens derselben Wurzel in einer
    Datei (eine statt einer je Fassung), dahinter die Einträge je Inhalts-Hash. Nachgeschlagen wird immer
    nach dem Inhalts-Hash der gerade gelesenen Datei: eine geänderte Datei findet nichts und wird geprüft."""

    def __init__(self, cache: Path, wurzel: Path) -> None:
        self.cache = cache
        self.datei = cache / _modellstand() / f"katalog-{hashlib.sha256(str(wurzel).encode()).hexdigest()[:16]}.pickle"
        gelesen = _datei_lesen(self.datei)
        self.vorher: dict[str, Any] = gelesen if isinstance(gelesen, dict) else {}
        self.benutzt: dict[str, Any] = {}

    def lesen(self, inhalt: str) -> Any:
        wert = self.vorher.get(inhalt)
        if wert is None:
            wert = _gemerkt_lesen(self.cache, inhalt)
        if wert is not None:
            self.benutzt[inhalt] = wert
        return wert

    def merken(self, inhalt: str, wert: Any) -> None:
        _merken(self.cache, inhalt, wert)
        self.benutzt[inhalt] = wert

    def abschliessen(self) -> None:
        """Schreibt die Sammeldatei neu, wenn sich die benutzten Einträge geändert haben."""
        if self.benutzt.keys() != self.vorher.keys():
            _ablegen(self.datei.parent, self.datei.name, self.benutzt)


def fassung_lesen(pfad: Path | str, leitfaden_id: str, datei: str, befunde: list[Befund],
                  cache: Path | Sammlung | None = None) -> Fassung | None:
    """Eine Fassung aus ihrer Datei. Mit `cache` (ein Verzeichnis) wird das geprüfte Modell unter dem
    Inhalts-Hash gemerkt und beim nächsten Laden derselben Bytes ohne YAML und Schema übernommen."""
    try:
        with open(pfad, "rb") as f:
            bytes_ = f.read()
    except OSError as fehler:
        raise KatalogFehler([Befund(datei, 0, "", f"Datei nicht lesbar: {fehler}")]) from None
    inhalt = hashlib.sha256(bytes_).hexdigest()
    gemerkt = _gemerkt_lesen(cache, inhalt)
    if isinstance(gemerkt, tuple) and len(gemerkt) == 4 and isinstance(gemerkt[1], bytes):
        eck, roh, zeilen, stand_zeile = gemerkt
        name = os.path.basename(pfad)
        if os.path.splitext(name)[0] != eck[0].isoformat():
            befunde.append(Befund(datei, stand_zeile, "stand", f"Dateiname {name} passt nicht zum Stand "
                                  f"{eck[0]}: die Datei heißt <stand>.yaml"))
        return GemerkteFassung(leitfaden_id=leitfaden_id, roh=roh, eck=eck, datei=datei, inhalt_hash=inhalt,
                               zeilen=zeilen)
    vorher = len(befunde)
    fassung, stand_zeile = _fassung_aus_datei(Path(pfad), leitfaden_id, datei, befunde, inhalt)
    if fassung is not None and len(befunde) == vorher and cache is not None:
        roh = pickle.dumps(fassung.daten, protocol=pickle.HIGHEST_PROTOCOL)
        _merken(cache, inhalt, (eckdaten(fassung.daten), roh, fassung.zeilen, stand_zeile))
    return fassung


def _fassung_aus_datei(pfad: Path, leitfaden_id: str, datei: str, befunde: list[Befund],
                       inhalt: str) -> tuple[Fassung | None, int]:
    roh = lesen(pfad, datei)
    daten = _pruefen_gegen(FassungsDatei, roh, datei, befunde)
    if daten is None:
        return None, 1
    stand_zeile = zeile_von(roh, ("stand",))
    erwartet = pfad.stem
    if erwartet != daten.stand.isoformat():
        befunde.append(Befund(datei, stand_zeile, "stand", f"Dateiname {pfad.name} passt nicht zum Stand "
                              f"{daten.stand}: die Datei heißt <stand>.yaml"))
    zeilen: dict[str, int] = {}
    for i, schritt in enumerate(roh.get("schritte") or []):
        if isinstance(schritt, ZDict) and "id" in schritt:
            zeilen[str(schritt["id"])] = roh["schritte"].zeilen[i]
    return Fassung(leitfaden_id=leitfaden_id, daten=daten, datei=datei, inhalt_hash=inhalt, zeilen=zeilen), stand_zeile


def _liste(wert: Any) -> list[Any]:
    return list(wert) if isinstance(wert, list) else ([] if wert is None else [wert])


def _ohne_schritt(r: dict[str, Any], umsetzung: tuple[Umsetzung, ...], datei: str, zeile: int,
                  befunde: list[Befund]) -> str | None:
    """`ohne_schritt` eines Regelpunkts: die Begründung, warum kein Schritt ihn umsetzt ("" ohne das Feld). None mit
    Befund, wenn sie kein Text ist, leer ist oder der Punkt zugleich eine Umsetzung mit Schritten nennt."""
    if "ohne_schritt" not in r:
        return ""
    wert, punkt = r["ohne_schritt"], r["punkt"]
    wo = r.zeilen.get("ohne_schritt", zeile) if isinstance(r, ZDict) else zeile
    if not isinstance(wert, str) or not wert.strip():
        befunde.append(Befund(datei, wo, "ohne_schritt", f"Punkt {punkt}: erwartet eine Begründung als Text, warum "
                              f"kein Schritt den Punkt umsetzt (z. B. „Meldepflicht der Teamleitung“), nicht "
                              f"{wert!r} — oder das Feld weglassen"))
        return None
    if any(u.schritte for u in umsetzung):
        befunde.append(Befund(datei, wo, "ohne_schritt", f"Punkt {punkt}: „ohne_schritt“ widerspricht der Umsetzung "
                              "mit Schritten unter „umsetzung“ — entweder die Schritte oder „ohne_schritt“ streichen"))
        return None
    return wert.strip()


def _weisung_lesen(pfad: Path, datei: str, befunde: list[Befund]) -> Weisung | None:
    roh = lesen(pfad, datei)
    if not isinstance(roh, ZDict):
        befunde.append(Befund(datei, 1, "", "erwartet eine Abbildung (nummer, titel, regeln, ...)"))
        return None
    fehlend = [k for k in ("nummer", "titel", "datum", "gueltig_ab") if k not in roh]
    if fehlend:
        befunde.append(Befund(datei, 1, fehlend[0], "Pflichtfeld fehlt"))
        return None
    for k in ("datum", "gueltig_ab"):
        if not isinstance(roh[k], dt.date):
            befunde.append(Befund(datei, roh.zeilen[k], k, f"kein Datum: {roh[k]!r}"))
            return None
    regeln = []
    if not isinstance(roh.get("regeln") or [], list):
        befunde.append(Befund(datei, roh.zeilen.get("regeln", 1), "regeln", "erwartet eine Liste"))
        return None
    for i, r in enumerate(roh.get("regeln") or []):
        zeile = roh["regeln"].zeilen[i]
        if not isinstance(r, dict) or "punkt" not in r:
            befunde.append(Befund(datei, zeile, "regeln", "jede Regel braucht punkt, titel, umsetzung"))
            continue
        try:
            umsetzung = tuple(
                Umsetzung(leitfaden=str(u["leitfaden"]), schritte=tuple(str(s) for s in u.get("schritte", [])))
                for u in r.get("umsetzung") or []
            )
        except (KeyError, TypeError, AttributeError) as fehler:     # falsche Form: Befund statt Absturz
            befunde.append(formfehler(datei, zeile, fehler))
            continue
        ohne_schritt = _ohne_schritt(r, umsetzung, datei, zeile, befunde)
        if ohne_schritt is None:
            continue
        regeln.append(Regel(punkt=str(r["punkt"]), titel=str(r.get("titel", "")), umsetzung=umsetzung,
                            zeile=zeile, ohne_schritt=ohne_schritt))
    if not isinstance(roh.get("kopf") or {}, dict):
        befunde.append(Befund(datei, roh.zeilen.get("kopf", 1), "kopf", "erwartet eine Abbildung"))
        return None
    return Weisung(
        nummer=str(roh["nummer"]), titel=str(roh["titel"]), datum=roh["datum"],
        gueltig_ab=roh["gueltig_ab"], datei=datei, kopf=dict(roh.get("kopf") or {}), regeln=regeln,
        beabsichtigte_luecken=[str(x) for x in _liste(roh.get("beabsichtigte_luecken"))],
        bezug=str(roh.get("bezug", "")), geschaeftszeichen=str(roh.get("geschaeftszeichen", "")),
    )


def _kopf_lesen(pfad: str, datei: str, befunde: list[Befund], cache: Path | Sammlung | None) -> KopfDatei | None:
    if cache is not None:
        try:
            with open(pfad, "rb") as f:
                inhalt = "kopf-" + hashlib.sha256(f.read()).hexdigest()
        except OSError:
            inhalt = ""
        if inhalt and isinstance(gemerkt := _gemerkt_lesen(cache, inhalt), KopfDatei):
            return gemerkt
    vorher = len(befunde)
    kopf = _pruefen_gegen(KopfDatei, lesen(Path(pfad), datei), datei, befunde)
    if cache is not None and inhalt and kopf is not None and len(befunde) == vorher:
        _merken(cache, inhalt, kopf)
    return kopf


def katalog_laden(wurzel: Path, cache: Path | None = None) -> Katalog:
    """Lädt den ganzen Katalog unter `wurzel` (content/). Wirft KatalogFehler mit allen Befunden.
    `cache`: Verzeichnis für geprüfte Modelle nach Inhalts-Hash (KUNDENPORTAL_KATALOG_CACHE); ohne
    wird jede Datei gelesen und geprüft."""
    wurzel = wurzel.resolve()
    befunde: list[Befund] = []
    sammlung = Sammlung(cache, wurzel) if cache is not None else None
    try:
        vokabular = vokabular_mit_ordner(wurzel, vokabular_laden(wurzel / "fakten.yaml"))   # + vokabular/*.yaml
        standorte = standorte_laden(wurzel / "standorte.yaml")
    except KatalogFehler as fehler:
        raise KatalogFehler(fehler.befunde) from None
    katalog = Katalog(vokabular=vokabular, standorte=standorte, wurzel=str(wurzel))
    siegel = wurzel / VEROEFFENTLICHT
    if siegel.exists():
        roh = lesen(siegel, _anzeige(siegel, wurzel))
        if isinstance(roh, dict):
            katalog.veroeffentlicht = {str(k): str(v) for k, v in roh.items()}
        else:
            befunde.append(Befund(_anzeige(siegel, wurzel), 1, "", "erwartet 'Leitfaden@Stand: sha256'"))
    for pfad in sorted((wurzel / "weisungen").glob("*.yaml")):
        try:
            weisung = _weisung_lesen(pfad, _anzeige(pfad, wurzel), befunde)
        except KatalogFehler as fehler:
            befunde.extend(fehler.befunde)
            continue
        if weisung:
            katalog.weisungen[weisung.nummer] = weisung
    for ordner, anzeige in _leitfadenordner(wurzel):
        datei = f"{anzeige}/leitfaden.yaml"
        try:
            kopf = _kopf_lesen(os.path.join(ordner, "leitfaden.yaml"), datei, befunde, sammlung)
        except KatalogFehler as fehler:
            befunde.extend(fehler.befunde)
            continue
        if kopf is None:
            continue
        if kopf.id in katalog.leitfaeden:
            befunde.append(Befund(datei, 1, "id", f"Leitfaden {kopf.id} ist doppelt "
                                  f"(auch in {katalog.leitfaeden[kopf.id].ordner})"))
            continue
        leitfaden = Leitfaden(kopf=kopf, ordner=anzeige)
        for name in _namen(ordner):
            if not name.endswith(".yaml") or name == "leitfaden.yaml":
                continue
            try:
                fassung = fassung_lesen(os.path.join(ordner, name), kopf.id, f"{anzeige}/{name}", befunde, sammlung)
            except KatalogFehler as fehler:
                befunde.extend(fehler.befunde)
                continue
            if fassung:
                leitfaden.fassungen.append(fassung)
        leitfaden.fassungen.sort(key=lambda f: (f.gueltig_ab, f.stand))
        katalog.leitfaeden[kopf.id] = leitfaden
    if sammlung is not None:
        sammlung.abschliessen()
    if befunde:
        raise KatalogFehler(befunde)
    return katalog


# --- Aus Text statt aus Dateien (Katalog in der Datenbank, Entwürfe im Browser) -------------------

def kopf_aus_text(text: str, datei: str, befunde: list[Befund]) -> KopfDatei | None:
    """Ein Leitfadenkopf (`leitfaden.yaml`) aus YAML-Text; Befunde mit `datei`:Zeile."""
    try:
        return _pruefen_gegen(KopfDatei, lesen_text(text, datei), datei, befunde)
    except KatalogFehler as fehler:
        befunde.extend(fehler.befunde)
        return None


def fassung_aus_text(text: str, leitfaden_id: str, datei: str, befunde: list[Befund]) -> Fassung | None:
    """Eine Fassung aus YAML-Text, wie `fassung_lesen` aus der Datei: gleicher Inhalts-Hash (SHA-256 über
    die UTF-8-Bytes), Zeilennummern je Schritt; `datei` endet auf `<stand>.yaml`."""
    try:
        roh = lesen_text(text, datei)
    except KatalogFehler as fehler:
        befunde.extend(fehler.befunde)
        return None
    daten = _pruefen_gegen(FassungsDatei, roh, datei, befunde)
    if daten is None:
        return None
    name = Path(datei).name
    if Path(datei).stem != daten.stand.isoformat():
        befunde.append(Befund(datei, zeile_von(roh, ("stand",)), "stand",
                              f"Dateiname {name} passt nicht zum Stand {daten.stand}: die Datei heißt <stand>.yaml"))
    zeilen: dict[str, int] = {}
    for i, schritt in enumerate(roh.get("schritte") or []):
        if isinstance(schritt, ZDict) and "id" in schritt:
            zeilen[str(schritt["id"])] = roh["schritte"].zeilen[i]
    inhalt = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Fassung(leitfaden_id=leitfaden_id, daten=daten, datei=datei, inhalt_hash=inhalt, zeilen=zeilen)


def weisung_aus_text(text: str, datei: str, befunde: list[Befund]) -> Weisung | None:
    """Eine Weisung aus YAML-Text (wie aus `content/weisungen/<nummer>.yaml`)."""
    import tempfile

    # _weisung_lesen liest eine Datei; der Text geht über eine kurzlebige Datei denselben Weg.
    with tempfile.TemporaryDirectory() as ordner:
        pfad = Path(ordner) / Path(datei).name
        pfad.write_text(text, encoding="utf-8")
        try:
            return _weisung_lesen(pfad, datei, befunde)
        except KatalogFehler as fehler:
            befunde.extend(fehler.befunde)
            return None
