"""Der Ort eines Befunds in Worten, für die Seiten der Redaktion: „SC 3.307, Schritt „online“, Feld „Weiter zu“
(Zeile 23)“ statt „content/…/entwurf.yaml:23: schritte.online.nach“. Die CLI behält Datei:Zeile und Schlüssel; die
Meldung selbst verdeutscht befundtext."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.quelle import ZDict, ZListe

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
    `gueltig_ab` → „Gültig ab“, `schritte.online` (der ganze Schritt) → "" — ein unbekanntes Feld bleibt, wie es ist."""
    from .klartext import FELDER

    teile = feld.split(".")
    if teile[0] == "schritte" and len(teile) == 2:     # der ganze Schritt (etwa: nicht erreichbar): kein Feld
        return ""
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


def feldzeile(feld: str, zeile: int, roh: Any, bloecke: Sequence[Any], meldung: str = "") -> int:
    """Die Zeile des Felds `feld` („schritte.stufe.weiter.0.wenn“) im gelesenen Entwurf `roh` (ZDict mit den
    Zeilen jedes Schlüssels), sonst `zeile` — die Prüfung nennt für ein Feld eines Schritts oft dessen Anfang. Ein
    fehlendes Feld bleibt beim tiefsten vorhandenen. `bloecke`: die Schritte als Zeilenblöcke (struktur.bloecke);
    `meldung`: die des Befunds (nennt „weiter.wenn“ keinen Zweig, ist es der mit der zitierten Bedingung)."""
    teile = feld.split(".")
    schritte = roh.get("schritte") if isinstance(roh, ZDict) else None
    if teile[0] != "schritte" or len(teile) < 3 or not isinstance(schritte, ZListe):
        return zeile
    if teile[1].isdigit():
        i = int(teile[1])
    else:          # nach der id; bei doppelter id der Schritt, in dessen Zeilen der Befund steht
        gleich = [j for j, b in enumerate(bloecke) if b.schritt_id == teile[1]]
        drin = [j for j in gleich if bloecke[j].anfang < zeile <= bloecke[j].ende]
        i = (drin or gleich or [len(schritte)])[0]
    if i >= len(schritte):
        return zeile
    knoten, gefunden = schritte[i], zeile
    for teil in teile[2:]:
        if isinstance(knoten, ZDict) and teil in knoten:
            gefunden, knoten = knoten.zeilen.get(teil, gefunden), knoten[teil]
        elif isinstance(knoten, ZListe) and teil.isdigit() and int(teil) < len(knoten):
            gefunden, knoten = knoten.zeilen[int(teil)], knoten[int(teil)]
        elif isinstance(knoten, ZListe):        # „weiter.wenn“ ohne Zweig: der eine Zweig, den die Meldung zitiert
            mit = [z for z in knoten if isinstance(z, ZDict) and teil in z]
            zitiert = [z for z in mit if f"'{z[teil]}'" in meldung]
            if len(mit) != 1 and len(zitiert) != 1:
                break
            z = mit[0] if len(mit) == 1 else zitiert[0]
            gefunden, knoten = z.zeilen.get(teil, gefunden), z[teil]
        else:
            break
    return gefunden
