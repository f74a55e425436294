"""Die Kundennummer, die Beschäftigte einer Mail zuordnen: gelesen wie in der Kundensuche, geprüft auf die Form
und darauf, dass VerBIS den Kunden kennt (services.zuordnung.zuordnung_bestaetigen)."""

from __future__ import annotations

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.verdrahtung import systeme

from ..zuordnung import KUNDENNUMMER

KUNDENNUMMER_LAENGSTENS = 40        # so lang darf die Eingabe sein (mit Leer-, Binde- und Schrägstrichen)


class KundennummerUngueltig(ValueError):
    """Die eingegebene Kundennummer hat nicht die Form 3 Ziffern, Buchstabe, 6 Ziffern oder ist in VerBIS
    unbekannt; die Meldung steht am Feld `kundennummer`."""


def kundennummer_pruefen(eingabe: str) -> str:
    """Die Kundennummer, wie die Kundensuche der Beschäftigten sie liest (Leerzeichen, Binde- und
    Schrägstriche entfernt, Großbuchstaben: „955a 300 077“ → „955A300077“), geprüft auf die Form und darauf,
    dass VerBIS den Kunden kennt. Leer bleibt leer (die Mail hat dann keine Kundennummer)."""
    if len(eingabe) > KUNDENNUMMER_LAENGSTENS:      # nie ganz wiederholt (eine Seite voller Ziffern)
        raise KundennummerUngueltig(f"Die Eingabe „{eingabe_kurz(eingabe)}“ ist mit {len(eingabe)} Zeichen zu lang "
                                    "für eine Kundennummer: Sie hat drei Ziffern, einen Buchstaben und sechs "
                                    "Ziffern, zum Beispiel 955A123456.")
    nummer = kundennummer_normalisieren(eingabe)
    if not nummer:
        return ""
    if KUNDENNUMMER.fullmatch(nummer) is None:
        raise KundennummerUngueltig(f"„{eingabe_kurz(eingabe)}“ ist keine Kundennummer: Sie hat drei Ziffern, einen "
                                    "Buchstaben und sechs Ziffern, zum Beispiel 955A123456.")
    try:
        kunde = systeme().verbis.kunde(nummer)
    except SystemNichtErreichbar as fehler:
        raise KundennummerUngueltig(f"VerBIS ist nicht erreichbar; die Kundennummer {nummer} lässt sich nicht "
                                    "prüfen. Bitte später erneut bestätigen.") from fehler
    if kunde is None:
        raise KundennummerUngueltig(f"Die Kundennummer {nummer} ist in VerBIS nicht bekannt. Bitte prüfen Sie die "
                                    "Eingabe.")
    return nummer


def eingabe_kurz(eingabe: str, zeichen: int = 20) -> str:
    """Eine Eingabe, wie eine Meldung sie wiederholt: höchstens `zeichen` Zeichen, sonst gekürzt mit „…“."""
    text = eingabe.strip()
    return text if len(text) <= zeichen else f"{text[:zeichen]}…"
