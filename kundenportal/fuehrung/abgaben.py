"""Abgaben an ein Backoffice — für die Anlage 5 (domain.md A12: Erstkontaktlösung = abgeschlossen ohne
Abgabe-Aufgabe; Abgabequote je Backoffice).

Eine Abgabe ist ein ausgeführter Schritt der Art `abgabe` (leitfaden/modell.py: Aufgabe in einen Postkorb,
Anruf ins Wartefeld oder direkt verbunden) — gleich, mit welchem Ergebnis der Kontakt endet: eine Abmeldung
wegen Rente bei Arbeitslosengeld endet `abmeldung_erfasst` und hat doch eine Aufgabe an OS AlgPlus gegeben
(A5), eine Kindergeld-Auskunft mit öffentlichem Dienst eine an die Familienkasse Direktion (A7).

Erkannt in der Datenbank, nicht durch Laden der Läufe: die Engine legt jeden ausgeführten Auftrag unter dem
Schlüssel seines Schritts in `lauf.auftraege` ab (eingebunden mit dem Pfad der Einbinden-Schritte davor:
„eroeffnung/qs_abgabe“; leitfaden/engine.py). Welche Schlüssel einer Fassung Abgaben sind und an wen, sagt der
Katalog. Kontakte ohne aufgezeichneten Lauf (Altbestand, Bench) zählen nach dem Ergebnis, das eine Abgabe
nennt."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case, CharField, Q, Value, When

from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.modell import Aktion, Einbinden
from kundenportal.verdrahtung import katalog

BNS = "bns"
# Backoffice je Kennung: die Postkörbe der Aufgaben und der Betriebsnummern-Service der Telefonie.
STELLEN = {**POSTKOERBE, BNS: "Betriebsnummern-Service"}
# Ziele der Telefonie (SC 3.017): ins Wartefeld (ab 20.03.2020, A10) oder direkt verbunden (davor, A2).
TELEFONIE_ZIELE = {"bns_wartefeld": BNS, "bns": BNS}
# Ergebnisse, die selbst eine Abgabe nennen (für Kontakte ohne aufgezeichneten Lauf).
ERGEBNIS_STELLE = {"an_os_algplus_abgegeben": "os_algplus", "an_bns_weitergeleitet": BNS,
                   "an_fk_direktion_abgegeben": "fk_direktion_qs"}
SGB3_STELLEN = ("os_algplus", BNS)     # in der Anlage 5 immer gezeigt, auch mit 0 %


def stelle_name(stelle: str) -> str:
    return STELLEN.get(stelle, stelle)


def stelle_von(schritt: Aktion) -> str:
    """Die Kennung des Backoffice, an das ein Abgabe-Schritt übergibt (Postkorb `an`, Telefonie `ziel`)."""
    wert = str(schritt.parameter.get("an" if schritt.system == "aufgaben" else "ziel") or schritt.system)
    return TELEFONIE_ZIELE.get(wert, wert) if schritt.system == "telefonie" else wert


def _fassungen(k: Katalog, leitfaden_id: str) -> list[Fassung]:
    """Alle Fassungen, die ein Einbinden-Schritt auf `leitfaden_id` pinnen kann (Basis-id oder Variante)."""
    leitfaeden = {lf.id: lf for lf in k.varianten(leitfaden_id)}
    if leitfaden_id in k.leitfaeden:
        leitfaeden[leitfaden_id] = k.leitfaeden[leitfaden_id]
    return [f for lf in leitfaeden.values() for f in lf.fassungen]


def abgabe_schluessel(k: Katalog, fassung: Fassung, pfad: tuple[str, ...] = ()) -> dict[str, str]:
    """Schlüssel im `lauf.auftraege` eines Kontakts auf `fassung`, die eine ausgeführte Abgabe bedeuten →
    Kennung des Backoffice; eingebundene Leitfäden (rekursiv) mit dem Pfad ihrer Einbinden-Schritte."""
    pfad = pfad or (fassung.leitfaden_id,)
    ergebnis: dict[str, str] = {}
    for s in fassung.daten.schritte:
        if isinstance(s, Aktion) and s.art == "abgabe":
            ergebnis[s.id] = stelle_von(s)
        elif isinstance(s, Einbinden) and s.leitfaden not in pfad:
            for eingebunden in _fassungen(k, s.leitfaden):
                for schluessel, stelle in abgabe_schluessel(k, eingebunden, (*pfad, s.leitfaden)).items():
                    ergebnis.setdefault(f"{s.id}/{schluessel}", stelle)
    return ergebnis


def _faelle(k: Katalog) -> list[tuple[str, dt.date, str, tuple[str, ...]]]:
    """(Leitfaden, Stand, Backoffice, Schlüssel) je Fassung mit Abgaben — einmal je Katalog gerechnet."""
    merk = k.merkzettel("fuehrung_abgaben")
    if "faelle" not in merk:
        faelle = []
        for f in k.fassungen():
            je_stelle: dict[str, list[str]] = defaultdict(list)
            for schluessel, stelle in abgabe_schluessel(k, f).items():
                je_stelle[stelle].append(schluessel)
            faelle += [(f.leitfaden_id, f.stand, stelle, tuple(sorted(je_stelle[stelle]))) for stelle in sorted(je_stelle)]
        merk["faelle"] = faelle
    return merk["faelle"]  # type: ignore[no-any-return]


def abgabe_ausdruck() -> Case:
    """Ausdruck über einem Kontakt-QuerySet: die Kennung des Backoffice, an das der Kontakt abgegeben hat, sonst
    "". Gibt ein Kontakt (ungewöhnlich) an zwei Backoffices ab, zählt das erste der Fassung (nach Kennung)."""
    faelle = [When(Q(leitfaden=lf, stand=stand, lauf__auftraege__has_any_keys=list(schluessel)), then=Value(stelle))
              for lf, stand, stelle, schluessel in _faelle(katalog())]
    faelle += [When(ergebnis=ergebnis, then=Value(stelle)) for ergebnis, stelle in ERGEBNIS_STELLE.items()]
    return Case(*faelle, default=Value(""), output_field=CharField())
