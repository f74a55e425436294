"""Der Ort eines Befunds in Worten, für die Seiten der Redaktion: „SC 3.307, Schritt „online“, Feld „Weiter zu“
(Zeile 23)“ statt „content/…/entwurf.yaml:23: schritte.online.nach“. Die CLI behält Datei:Zeile und Schlüssel; die
Meldung selbst verdeutscht befundtext."""

from __future__ import annotations

import datetime as dt

from kundenportal.leitfaden.fehler import Befund

KOPFFELDER = {"stand": "Stand", "gueltig_ab": "Gültig ab", "gueltig_bis": "Gültig bis", "weisung": "Weisung",
              "start": "Start-Schritt", "schritte": "Schritte", "geltungsbereich": "Standortregeln",
              "geltungsbereich.verbuende": "Standortregeln (Verbünde)",
              "geltungsbereich.agenturen": "Standortregeln (Agenturen)", "id": "Kennung", "titel": "Titel",
              "beschreibung": "Beschreibung", "kanaele": "Kanäle", "variante_von": "Variante von",
              "(Datei)": "", "": ""}
SCHRITTFELDER = {"id": "Kennung", "regel": "Regelverweis", "weiter": "Verzweigung", "optionen_aus": "Antwortliste",
                 "optionen_aus.quelle": "Antwortliste (Quelle)", "art": "Art des Schritts"}


def feld_in_worten(feld: str) -> str:
    """`schritte.online.nach` → „Weiter zu“, `schritte.stufe.weiter.0.wenn` → „Bedingung (Zweig 1)“,
    `gueltig_ab` → „Gültig ab“ — ein unbekanntes Feld bleibt, wie es ist."""
    from .klartext import FELDER

    teile = feld.split(".")
    if teile[0] != "schritte" or len(teile) < 3:
        return KOPFFELDER.get(feld, feld)
    rest = ".".join(teile[2:])
    if rest in SCHRITTFELDER:
        return SCHRITTFELDER[rest]
    if teile[2] == "weiter" and len(teile) >= 5 and teile[3].isdigit():
        return f"{FELDER.get(teile[4], teile[4])} (Zweig {int(teile[3]) + 1})"
    if teile[2] in ("parameter", "je_antwort") and len(teile) >= 4:
        return f"{FELDER.get(teile[2], teile[2])} „{'.'.join(teile[3:])}“"
    return FELDER.get(teile[2], SCHRITTFELDER.get(teile[2], rest))


def datei_in_worten(datei: str, eigene: str = "") -> str:
    """`content/leitfaeden/sc/3.307/leitfaden.yaml` → „Leitfadenkopf“, `…/2020-03-20.yaml` → „Fassung, Stand
    20.03.2020“ (eine andere Fassung desselben Leitfadens); `eigene` (die Datei des Entwurfs) → „Entwurf“."""
    name = datei.rsplit("/", 1)[-1]
    if datei == eigene:
        return "Entwurf"
    if name == "leitfaden.yaml":
        return "Leitfadenkopf"
    try:
        return f"Fassung, Stand {dt.date.fromisoformat(name.removesuffix('.yaml')):%d.%m.%Y}"
    except ValueError:
        return "Entwurf"


def befund_in_worten(b: Befund, leitfaden_id: str, schritt: str = "", eigene: str = "") -> str:
    """„SC 3.307, Schritt „online“, Feld „Weiter zu“ (Zeile 23): …“ statt „content/…/entwurf.yaml:23: schritte.…“."""
    feld = feld_in_worten(b.feld)
    ort = f"Schritt „{schritt}“" if schritt else datei_in_worten(b.datei, eigene)
    return f"{leitfaden_id}, {ort}" + (f", Feld „{feld}“" if feld else "") + f" (Zeile {b.zeile}): {b.meldung}"
