"""Woher eine Mail kam (`Mail.quelle`): die Quelle mit einem Präfix (`eml:`, `mbox:`, `maildir:`, `imap:`) und, wo es
eine gibt, die Stelle der Mail darin (`#nachricht=3`, `#datei=new/…`, `#uid=4711`). Geschrieben von
services/dateien.py und imap.py, gespeichert von services/einlesen.py, gezeigt in Worten von anzeige.quelle_in_worten."""

from __future__ import annotations

# Marke der Stelle → ihr Wort in der Anzeige
STELLEN = {"#nachricht=": "Nachricht", "#datei=": "Datei", "#uid=": "UID"}
LAENGE = 200        # Mail.quelle


def kuerzen(quelle: str, laenge: int = LAENGE) -> str:
    """Höchstens `laenge` Zeichen; zu lang, wird die Quelle vor der Stelle gekürzt („…“), nie die Stelle selbst — eine
    abgeschnittene UID wiese auf eine andere Mail. Passt die Stelle allein nicht, bleibt nur die gekürzte Quelle."""
    if len(quelle) <= laenge:
        return quelle
    for marke in STELLEN:
        vorne, trenner, stelle = quelle.rpartition(marke)
        if trenner and vorne and len(trenner + stelle) < laenge - 1:
            return vorne[:laenge - len(trenner + stelle) - 1] + "…" + trenner + stelle
    return quelle[:laenge - 1] + "…"
