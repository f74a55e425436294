"""Ein Szenario durch einen Entwurf aufzeichnen: der Runner geht den Entwurf mit den bisherigen
Antworten gegen frische Referenzsysteme (wie `szenario pruefen`) und sagt, welche Frage als nächste
ansteht — oder wie der Kontakt endet. Daraus entsteht die Szenario-Datei."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.szenario import Ergebnis, Szenario, ausfuehren

UNBEANTWORTET = "unbeantwortete Frage: "


@dataclass
class Stand:
    ergebnis: Ergebnis
    frage: str = ""                          # Fakt der nächsten Frage, "" wenn fertig oder Fehler
    frage_text: str = ""
    optionen: list[tuple[str, str]] = field(default_factory=list)     # (Wert, Beschriftung)
    fertig: bool = False


def _optionen(katalog: Katalog, fassung_schluessel: str, fakt: str) -> tuple[str, list[tuple[str, str]]]:
    fassung = katalog.fassung(fassung_schluessel)
    text, werte = "", []
    for s in fassung.daten.schritte:
        if isinstance(s, Frage) and s.fakt == fakt:
            text = s.text
            werte = [str(k) for k in (s.je_antwort or {})]
    vokabel = katalog.vokabular.fakten.get(fakt)
    if not werte and vokabel is not None:
        werte = ["ja", "nein"] if vokabel.typ == "bool" else list(vokabel.optionen)
    label = vokabel.label if vokabel is not None and vokabel.label else fakt
    return text or label, [(w, {"True": "ja", "False": "nein"}.get(w, w)) for w in werte]


def weitergehen(katalog: Katalog, *, leitfaden_id: str, kanal: str, datum: dt.date, ausgangslage: dict[str, Any],
                antworten: dict[str, Any]) -> Stand:
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    sz = Szenario(id="aufzeichnung", titel="", regel="", leitfaden=leitfaden_id, kanal=kanal, datum=datum,
                  standort=None, ausgangslage=ausgangslage, antworten=antworten, erwartet={}, datei="aufzeichnung")
    erg = ausfuehren(katalog, sz, ReferenzTestsysteme())
    offen = [f.removeprefix(UNBEANTWORTET) for f in erg.fehler if f.startswith(UNBEANTWORTET)]
    if offen and len(erg.fehler) == 1:
        text, optionen = _optionen(katalog, erg.fassung, offen[0])
        return Stand(ergebnis=erg, frage=offen[0], frage_text=text, optionen=optionen)
    return Stand(ergebnis=erg, fertig=not erg.fehler)


def szenario_text(*, szenario_id: str, titel: str, leitfaden_id: str, kanal: str, datum: dt.date,
                  ausgangslage: dict[str, Any], antworten: dict[str, Any], ergebnis: Ergebnis) -> str:
    """Die Szenario-Datei: Antworten wie gegeben, erwartet das erreichte Ergebnis und die Aktionen."""
    erwartet: dict[str, Any] = {"ergebnis": ergebnis.ergebnis}
    if ergebnis.aktionen:
        erwartet["aktionen"] = [{"system": a["system"], "vorgang": a["vorgang"]} for a in ergebnis.aktionen]
    daten = {"id": szenario_id, "titel": titel, "leitfaden": leitfaden_id, "kanal": kanal, "datum": datum,
             "ausgangslage": ausgangslage, "antworten": antworten, "erwartet": erwartet}
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False, width=110)
