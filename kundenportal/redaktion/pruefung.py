"""Einen Entwurf prüfen wie den Katalog: Schema, CEL-Typen, Erreichbarkeit, Sackgassen, unbekannte
Fakten und Aktionen — im veröffentlichten Katalog, in dem der Entwurf neben seinen Vorgängerinnen steht.

Ablösung statt Änderung (house style, habit 6): eine veröffentlichte Vorgängerin ohne `gueltig_bis`
wird nicht geändert; ab `gueltig_ab` des Entwurfs gilt der neuere Stand (gueltigkeit: der neueste
Stand unter den gültigen). Der Befund "überlappt mit …" zu einer solchen Vorgängerin entfällt daher.

Nicht rückwirkend: eine neue Fassung gilt frühestens ab heute (die Freigabe nimmt kein vergangenes „Gültig ab“ und
setzt ihr Datum in jeden Entwurf, services/freigabe.py). Ein vergangenes `gueltig_ab` im Entwurf ist bis dahin ein
Vorschlag. Hat die Zeitachse zu ihm etwas zu sagen, meldet die Prüfung zuerst das vergangene Datum an seiner Zeile
und die Zeitachse so, wie der Entwurf frühestens gälte (ab heute) — keine Überlappung, die nur aus dem vergangenen
Datum entstünde, aber jede, die es auch ab heute gibt."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from kundenportal import zeit
from kundenportal.leitfaden import pruefen
from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.laden import fassung_aus_text, kopf_aus_text
from kundenportal.leitfaden.modell import FassungsDatei, Frage, KopfDatei
from kundenportal.leitfaden.pruefen import FASSUNGS_PRUEFUNGEN, LEITFADEN_PRUEFUNGEN
from kundenportal.leitfaden.pruefungen.zeitachse import Luecke, Ueberlappung, Verdeckt, Wo
from kundenportal.leitfaden.quelle import lesen_text

from . import grenzen
from .befundtext import Namen, an_feldzeile, schema_befunde, verdeutschen
from .katalogquelle import WURZEL, mit_entwurf
from .neue_weisung import mit_weisung
from .optionen import mit_optionen


@dataclass
class Pruefung:
    """Das Ergebnis: Befunde (Datei:Zeile, Feld, Meldung), die gelesene Fassung und der Katalog mit ihr."""

    datei: str
    befunde: list[Befund] = field(default_factory=list)
    fassung: Fassung | None = None
    katalog: Katalog | None = None

    def schritt_von(self, befund: Befund) -> str:
        """Der Schritt, zu dem ein Befund gehört (aus dem Feld oder der Zeile), sonst ""."""
        if befund.feld.startswith("schritte."):
            return befund.feld.split(".")[1]
        if self.fassung is None:
            return ""
        davor = [(z, sid) for sid, z in self.fassung.zeilen.items() if z <= befund.zeile]
        return max(davor)[1] if davor else ""


def dateiname(text: str) -> str:
    """`<stand>.yaml`, wenn der Text einen Stand hat (sonst `entwurf.yaml`)."""
    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return "entwurf.yaml"
    stand = roh.get("stand") if isinstance(roh, dict) else None
    return f"{stand.isoformat()}.yaml" if isinstance(stand, dt.date) else "entwurf.yaml"


# Art → (Feld, Beschriftung, Abhilfe), die nicht leer sein dürfen. Der Kern meldet einen leeren Wert als
# unbekannten („unbekannter Fakt : …“); die Redaktion sagt stattdessen, dass das Feld leer ist.
NICHT_LEER: dict[str, list[tuple[str, str, str]]] = {
    "frage": [("fakt", "Fakt", "einen Fakt aus content/fakten.yaml wählen"),
              ("text", "Text", "die Frage eintragen, wie die Beschäftigten sie stellen")],
    "hinweis": [("text", "Text", "den Hinweis für die Beschäftigten eintragen")],
    "pruefung": [("abfrage", "Abfrage", "eine Abfrage aus der Liste wählen")],
    "einbinden": [("leitfaden", "Eingebundener Leitfaden", "einen Leitfaden wählen")],
    "ende": [("ergebnis", "Ergebnis", "ein Ergebnis aus content/fakten.yaml wählen")],
    "rueckkehr": [("ergebnis", "Ergebnis", "ein Ergebnis aus content/fakten.yaml wählen")],
}


def _leer(wert: object) -> bool:
    return not str(wert or "").strip()


def leere_felder(fassung: Fassung) -> list[Befund]:
    """„… darf nicht leer sein“ für jedes leere Pflichtfeld (Schritte und Weisung), mit Datei und Zeile."""
    befunde: list[Befund] = []
    for s in fassung.daten.schritte:
        zeile, feld = fassung.zeile(s.id), f"schritte.{s.id}."
        for name, beschriftung, abhilfe in NICHT_LEER.get(s.art, []):
            if _leer(getattr(s, name, "")):
                befunde.append(Befund(fassung.datei, zeile, feld + name, f"{beschriftung} darf nicht leer sein: {abhilfe}"))
        if s.art in ("aktion", "abgabe") and (_leer(getattr(s, "system", "")) or _leer(getattr(s, "vorgang", ""))):
            befunde.append(Befund(fassung.datei, zeile, feld + ("system" if _leer(getattr(s, "system", "")) else "vorgang"),
                                  "Aktion darf nicht leer sein: System/Vorgang aus der Aktions-Registry wählen, "
                                  "z. B. atv/termin_verschieben"))
    if _leer(fassung.weisung):
        befunde.append(Befund(fassung.datei, 1, "weisung", "Weisung darf nicht leer sein: die Nummer der Weisung "
                                                           "eintragen, z. B. weisung: \"202003006\""))
    return befunde


# Schrittfeld → (Beschriftung, höchstens Zeichen): wie der strukturierte Editor (eingabe.LAENGEN), hier für den
# Quelltext und die API — ein zu langer Text ist ein Befund, auch wenn der Kern des Katalogs keine Länge kennt.
LAENGEN = {"text": ("Text", grenzen.TEXT), "vermerk": ("Vermerk", grenzen.TEXT),
           "annahme": ("Annahme", grenzen.TEXT), "ablehnung": ("Ablehnungsgrund", grenzen.TEXT),
           "gueltig_wenn": ("Bedingung „gültig wenn“", grenzen.BEDINGUNG), "regel": ("Regelverweis", grenzen.KURZ),
           "wenn": ("Bedingung der Verzweigung", grenzen.BEDINGUNG)}


def zu_lange_felder(fassung: Fassung, kopf: KopfDatei | None = None, kopf_datei: str = "") -> list[Befund]:
    """„Text ist zu lang: höchstens 2.000 Zeichen, eingegeben sind 60.000 — bitte kürzen.“ je zu langem Feld."""
    befunde: list[Befund] = []
    for s in fassung.daten.schritte:
        zeile, feld = fassung.zeile(s.id), f"schritte.{s.id}."
        felder = s.__dict__            # nicht getattr mit Vorgabe: pydantic wirft für fehlende Felder (langsam)
        werte = [(name, felder.get(name)) for name in LAENGEN if name != "wenn"]
        werte += [("wenn", z.wenn) for z in felder.get("weiter") or () if z.wenn]
        for name, wert in werte:
            beschriftung, grenze = LAENGEN[name]
            if isinstance(wert, str) and (meldung := grenzen.zu_lang(beschriftung, len(wert), grenze)):
                befunde.append(Befund(fassung.datei, zeile, feld + name, meldung))
    if kopf is not None:
        for name, beschriftung, grenze in (("titel", "Titel", grenzen.KURZ), ("beschreibung", "Beschreibung",
                                                                              grenzen.TEXT)):
            if meldung := grenzen.zu_lang(beschriftung, len(getattr(kopf, name, "") or ""), grenze):
                befunde.append(Befund(kopf_datei, 1, name, meldung))
    return befunde


def _abloesung(befund: Befund, katalog: Katalog, leitfaden_id: str) -> bool:
    """Überlappt die Fassung am Befund mit einer veröffentlichten Vorgängerin (Befund.daten: Ueberlappung)?"""
    if not isinstance(d := befund.daten, Ueberlappung):
        return False
    return any(f.datei == d.andere and f.schluessel in katalog.veroeffentlicht
               for f in katalog.leitfaeden[leitfaden_id].fassungen)


def _gilt_schon(befund: Befund, katalog: Katalog, leitfaden_id: str, heute: dt.date) -> bool:
    """Verdeckt der Entwurf eine veröffentlichte Fassung, die heute schon gilt (auch eine ab heute)? Dann ist sein `gueltig_ab` nur ein
    Platzhalter: die Freigabe setzt ein Datum ab heute, und die Vorgängerin gilt bis dahin (Ablösung). Gegenüber einer
    erst geplanten Fassung bleibt der Befund (leitfaden/pruefungen/zeitachse.py: mehrdeutig)."""
    if befund.feld != "gueltig_ab" or not isinstance(d := befund.daten, Verdeckt):
        return False
    return d.gueltig_ab <= heute and f"{leitfaden_id}@{d.stand.isoformat()}" in katalog.veroeffentlicht


def vergangen_meldung(gueltig_ab: dt.date, heute: dt.date) -> str:
    """Die Meldung zu einem vergangenen „Gültig ab“ im Entwurf (wie `vergangen_pruefen` für das Paket)."""
    return (f"„Gültig ab“ ({gueltig_ab:%d.%m.%Y}) liegt in der Vergangenheit: eine neue Fassung kann nicht rückwirkend "
            f"gelten — „Gültig ab“ auf heute ({heute:%d.%m.%Y}) oder einen späteren Tag setzen")


def ab_heute(fassung: Fassung, heute: dt.date) -> Fassung:
    """Der Entwurf, wie er frühestens gelten kann: ein vergangenes `gueltig_ab` (und `gueltig_bis`) auf heute gerückt.
    Nur für die Zeitachse — der Entwurf selbst bleibt, wie er ist."""
    bis = fassung.gueltig_bis
    return replace(fassung, daten=fassung.daten.model_copy(update={
        "gueltig_ab": heute, "gueltig_bis": None if bis is None else max(bis, heute)}))


def katalog_befunde(katalog: Katalog) -> list[Befund]:
    """`katalog pruefen` für den Katalog aus der Datenbank: wie für content/, nur dass eine im Browser freigegebene
    Fassung ihre veröffentlichte Vorgängerin ohne `gueltig_bis` ablöst (siehe oben), statt mit ihr zu überlappen.
    Ohne diese Ausnahme brach nach der ersten Freigabe jeder Neustart ab (`einrichten`: „überlappt mit …“), und
    /readyz meldete den Knoten als nicht bereit. In content/ bleibt die Überlappung ein Befund (die Datei der
    Vorgängerin bekommt ihr gueltig_bis)."""
    from .models import Katalogdatei

    befunde = pruefen.katalog_pruefen(katalog)     # je Fassung nur die Optionen, die sie kennt (optionen_fuer)
    if not any(isinstance(b.daten, Ueberlappung) for b in befunde):
        return befunde
    freigegeben = {f"{WURZEL}/{pfad}": leitfaden_id for pfad, leitfaden_id in Katalogdatei.objects.filter(
        art=Katalogdatei.FASSUNG, status=Katalogdatei.VEROEFFENTLICHT, freigabe__isnull=False)
        .values_list("pfad", "leitfaden_id")}
    return [b for b in befunde
            if not (b.datei in freigegeben and _abloesung(b, katalog, freigegeben[b.datei]))]


def entwurf_pruefen(veroeffentlicht: Katalog, leitfaden_id: str, ordner: str, text: str,
                    kopf_text: str = "") -> Pruefung:
    """Prüft den Entwurf `text` (YAML einer Fassung) von `leitfaden_id` im Ordner `ordner` (relativ zu
    content/). Nur Befunde zu diesem Leitfaden zählen; der übrige Katalog ist schon geprüft. Die Befunde
    stehen in den Worten der Redaktion (befundtext: deutsch, mit Ort, Abhilfe und „Meinten Sie …?“); ein Befund
    zu einem Feld außerhalb der Schritte zeigt auf dessen Zeile."""
    ergebnis = _pruefen(veroeffentlicht, leitfaden_id, ordner, text, kopf_text)
    befunde = schema_befunde(ergebnis.befunde, text, ergebnis.datei, FassungsDatei)
    befunde = schema_befunde(befunde, kopf_text, f"{WURZEL}/{ordner}/leitfaden.yaml", KopfDatei)
    befunde = an_feldzeile(befunde, text, ergebnis.datei)
    befunde = an_feldzeile(befunde, kopf_text, f"{WURZEL}/{ordner}/leitfaden.yaml")
    schritte = list(ergebnis.fassung.schritte) if ergebnis.fassung is not None else []
    ergebnis.befunde = verdeutschen(befunde, Namen.aus(ergebnis.katalog or veroeffentlicht, schritte))
    return ergebnis


def _nennt_neue_option(katalog: Katalog, fassung: Fassung) -> bool:
    """Nennt eine Frage unter „je Antwort“ eine Option, die das Vokabular (noch) nicht hat? Nur dann fragt die Prüfung
    nach den neuen Antwortoptionen der Pakete in Arbeit (eine Abfrage weniger für jeden anderen Entwurf)."""
    fakten = katalog.vokabular.fakten
    return any(type(s) is Frage and s.je_antwort and (f := fakten.get(s.fakt)) is not None and f.typ == "auswahl"
               and any(k != "sonst" and k not in f.optionen for k in s.je_antwort) for s in fassung.daten.schritte)


def _zeitachse(katalog: Katalog, leitfaden_id: str, heute: dt.date) -> list[Befund]:
    """Die Befunde der Zeitachse (leitfaden/pruefungen/zeitachse.py) zum Leitfaden des Entwurfs, ohne Ablösungen."""
    return [b for lpruefung in LEITFADEN_PRUEFUNGEN for b in lpruefung(katalog, katalog.leitfaeden[leitfaden_id])
            if not _abloesung(b, katalog, leitfaden_id) and not _gilt_schon(b, katalog, leitfaden_id, heute)]


def _pruefen(veroeffentlicht: Katalog, leitfaden_id: str, ordner: str, text: str, kopf_text: str) -> Pruefung:
    datei = f"{WURZEL}/{ordner}/{dateiname(text)}"
    ergebnis = Pruefung(datei=datei)
    heute = zeit.heute()
    kopf: KopfDatei | None = None
    if leitfaden_id not in veroeffentlicht.leitfaeden:
        kopf = kopf_aus_text(kopf_text, f"{WURZEL}/{ordner}/leitfaden.yaml", ergebnis.befunde)
        if kopf is not None and kopf.id != leitfaden_id:
            ergebnis.befunde.append(Befund(f"{WURZEL}/{ordner}/leitfaden.yaml", 1, "id",
                                           f"der Kopf nennt {kopf.id}, der Entwurf gehört zu {leitfaden_id}"))
        if kopf is None:
            return ergebnis
    fassung = fassung_aus_text(text, leitfaden_id, datei, ergebnis.befunde)
    if fassung is None:
        return ergebnis
    if fassung.weisung and fassung.weisung not in veroeffentlicht.weisungen:     # eine neue Weisung, die ein Paket mitbringt?
        from .queries import erfasste_weisung

        veroeffentlicht = mit_weisung(veroeffentlicht, erfasste_weisung(fassung.weisung))
    if fassung.weisung and _nennt_neue_option(veroeffentlicht, fassung):   # neue Antwortoptionen eines Pakets (optionen.py)
        from .queries import erfasste_optionen

        veroeffentlicht = mit_optionen(veroeffentlicht, erfasste_optionen(fassung.weisung))
    if fassung.schluessel in veroeffentlicht.veroeffentlicht:
        ergebnis.befunde.append(Befund(datei, 1, "stand", f"{fassung.schluessel} ist schon veröffentlicht und "
                                       "unveränderlich: dem Entwurf einen neuen Stand geben"))
    katalog = mit_entwurf(veroeffentlicht, leitfaden_id, f"{WURZEL}/{ordner}", kopf, fassung)
    ergebnis.fassung, ergebnis.katalog = fassung, katalog
    for pruefung in FASSUNGS_PRUEFUNGEN:
        ergebnis.befunde.extend(pruefung(katalog, fassung))
    zeitachse = _zeitachse(katalog, leitfaden_id, heute)
    if fassung.gueltig_ab < heute:
        ab_heute_geprueft = _zeitachse(mit_entwurf(veroeffentlicht, leitfaden_id, f"{WURZEL}/{ordner}", kopf,
                                                   ab_heute(fassung, heute)), leitfaden_id, heute)
        if zeitachse or ab_heute_geprueft:      # die Zeitachse hat etwas zu sagen: erst das Datum, dann sie ab heute
            zeitachse = [Befund(datei, 1, "gueltig_ab", vergangen_meldung(fassung.gueltig_ab, heute)),
                         *ab_heute_geprueft]
    ergebnis.befunde.extend(zeitachse_in_worten(zeitachse, katalog, ab_heute(fassung, heute)
                                                if fassung.gueltig_ab < heute else fassung, text))
    leer = leere_felder(fassung)        # ersetzt die Befunde des Kerns zu denselben Feldern
    felder = {(b.datei, b.feld) for b in leer}
    ergebnis.befunde = [b for b in ergebnis.befunde if (b.datei, b.feld) not in felder] + leer + \
        zu_lange_felder(fassung, kopf, f"{WURZEL}/{ordner}/leitfaden.yaml")
    ergebnis.befunde.sort(key=lambda b: (b.datei, b.zeile, b.feld))
    return ergebnis


# --- Die Zeitachse in den Worten der Redaktion ------------------------------------------------------------------
# Der Kern (leitfaden/pruefungen/zeitachse.py) meldet an der Datei der jeweils neueren Fassung, mit Dateipfaden und
# YAML-Schlüsseln. Die Redaktion sieht keine Dateien und ändert keine veröffentlichte Fassung (Ablösung, house style
# habit 6): jeder Befund zum Entwurf steht deshalb am Entwurf (Zeile von „Gültig ab“), nennt die andere Fassung
# „SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026)“ und sagt, was im Entwurf zu tun ist. Was der Kern meldet,
# liest sie aus den Daten des Befunds (Ueberlappung, Luecke, Verdeckt), nie aus dem Text der Meldung; nur Dateipfade
# in einer Meldung, die sie unverändert zeigt, ersetzt sie durch den Namen der Fassung (_DATEI).

_WO: dict[Wo, str] = {"ueberall": "überall", "an_denselben_standorten": "an denselben Standorten"}
_DATEI = re.compile(rf"{WURZEL}/\S+/(?P<stand>\d{{4}}-\d\d-\d\d)\.yaml")


def fassung_in_worten(f: Fassung) -> str:
    """„SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026)“ — so nennt die Redaktion eine Fassung."""
    return f"{f.leitfaden_id}, Stand {f.stand:%d.%m.%Y} (gilt ab {f.gueltig_ab:%d.%m.%Y})"


def _verdeckt_meldung(entwurf: Fassung, verdeckt: list[Fassung], wo: str) -> str:
    """Ein Befund für alle Fassungen, die der Entwurf an jedem ihrer Tage ersetzte (neuerer Stand gewinnt)."""
    namen = " und ".join(fassung_in_worten(f) for f in verdeckt)
    erste, letzte = min(f.gueltig_ab for f in verdeckt), max(verdeckt, key=lambda f: (f.gueltig_ab, f.stand))
    dauer = "ohne Ende" if entwurf.gueltig_bis is None else f"bis {entwurf.gueltig_bis:%d.%m.%Y}"
    return (f"Der Entwurf gilt ab {entwurf.gueltig_ab:%d.%m.%Y} {wo} und {dauer} — also an jedem Tag von {namen}. "
            f"Als neuerer Stand ersetzte er {'sie' if len(verdeckt) > 1 else 'diese Fassung'} ganz: "
            f"{'sie gälten' if len(verdeckt) > 1 else 'sie gälte'} nie, ihre Änderungen fielen weg. "
            + (f"Soll {'jede' if len(verdeckt) > 1 else 'sie'} ab ihrem Tag gelten: „Gültig bis“ auf "
               f"{erste - dt.timedelta(days=1):%d.%m.%Y} setzen (der Entwurf gilt dann nur bis dahin). "
               if erste > entwurf.gueltig_ab else "")
            + f"Soll der Entwurf sie ablösen: „Gültig ab“ auf einen Tag nach dem {letzte.gueltig_ab:%d.%m.%Y} setzen "
            f"und den Entwurf mit "
            f"{letzte.leitfaden_id}, Stand {letzte.stand:%d.%m.%Y} als Basis beginnen, damit ihre Änderungen "
            "erhalten bleiben.")


def _ueberlappt_meldung(entwurf: Fassung, andere: Fassung, bis: dt.date) -> str:
    dauer = "ohne „Gültig bis“" if entwurf.gueltig_bis is None else f"bis {entwurf.gueltig_bis:%d.%m.%Y}"
    anfang = (f"Der Entwurf gilt {dauer} auch ab dem {andere.gueltig_ab:%d.%m.%Y}, dem ersten Tag von "
              f"{fassung_in_worten(andere)}: ")
    if entwurf.stand < andere.stand:       # sie gewinnt ab ihrem Tag (neuerer Stand): nur das Ende fehlt
        return anfang + f"ab dann gilt sie (neuerer Stand), nicht der Entwurf — „Gültig bis“ auf {bis:%d.%m.%Y} setzen."
    return (anfang + "als neuerer Stand ersetzte er sie von da an, ihre Änderungen fielen weg. Soll sie ab ihrem Tag "
            f"gelten: „Gültig bis“ auf {bis:%d.%m.%Y} setzen. Soll der Entwurf sie ablösen: ihn mit ihr als Basis "
            f"beginnen, damit ihre Änderungen erhalten bleiben, und „Gültig ab“ nach dem {andere.gueltig_ab:%d.%m.%Y} "
            "setzen.")


def zeitachse_in_worten(befunde: list[Befund], katalog: Katalog, entwurf: Fassung, text: str) -> list[Befund]:
    """Die Befunde der Zeitachse zum Entwurf `entwurf` (wie er frühestens gilt) in Worten, am Entwurf."""
    if not befunde:
        return befunde
    je_datei = {f.datei: f for f in katalog.leitfaeden[entwurf.leitfaden_id].fassungen}
    try:
        roh = lesen_text(text, entwurf.datei)
        zeile = int(roh.zeilen.get("gueltig_ab", 1)) if hasattr(roh, "zeilen") else 1
    except KatalogFehler:
        zeile = 1
    verdeckt: list[Fassung] = []
    wo = "überall"
    ergebnis: list[Befund] = []
    for b in befunde:
        if b.datei == entwurf.datei and isinstance(d := b.daten, Verdeckt) and \
                (f := next((x for x in je_datei.values() if x.stand == d.stand), None)) is not None:
            verdeckt.append(f)
            wo = _WO[d.wo]
    for b in befunde:
        d = b.daten
        if b.datei != entwurf.datei and isinstance(d, Ueberlappung) and d.andere == entwurf.datei \
                and (andere := je_datei.get(b.datei)) is not None:
            if andere not in verdeckt:
                ergebnis.append(Befund(entwurf.datei, zeile, "gueltig_bis", _ueberlappt_meldung(entwurf, andere, d.bis)))
        elif b.datei != entwurf.datei and isinstance(d, Luecke) and d.andere == entwurf.datei \
                and (andere := je_datei.get(b.datei)) is not None:
            ergebnis.append(Befund(entwurf.datei, zeile, "gueltig_bis", (
                f"Lücke vom {d.von:%d.%m.%Y} bis {d.bis:%d.%m.%Y}: nach dem Entwurf gilt bis "
                f"{fassung_in_worten(andere)} keine Fassung, und die Weisung sieht keine vor — „Gültig bis“ entfernen "
                "oder auf den Vortag setzen")))
        elif b.datei == entwurf.datei and isinstance(d, Verdeckt):
            continue
        else:       # unverändert, nur ohne Dateipfade (und ohne Daten: die Meldung gehört jetzt der Redaktion)
            ergebnis.append(replace(b, daten=None, meldung=_DATEI.sub(
                lambda p: f"{entwurf.leitfaden_id}, Stand {dt.date.fromisoformat(p['stand']):%d.%m.%Y}", b.meldung)))
    if verdeckt:
        verdeckt.sort(key=lambda f: (f.gueltig_ab, f.stand))
        ergebnis.append(Befund(entwurf.datei, zeile, "gueltig_ab", _verdeckt_meldung(entwurf, verdeckt, wo)))
    return ergebnis
