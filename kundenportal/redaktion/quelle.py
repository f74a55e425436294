"""Die Katalogquelle der Datenbank für die Wurzel der Verdrahtung (verdrahtung.KatalogQuelle):
Generation = Zähler in der Datenbank (eine Abfrage je Anfrage), Laden = veröffentlichte Fassungen.

Einschalten: `KUNDENPORTAL_KATALOG_QUELLE=kundenportal.redaktion.quelle.DatenbankKatalog` (Umgebung oder
settings) oder `verdrahtung.katalog_quelle_setzen(DatenbankKatalog())`."""

from __future__ import annotations

from kundenportal.leitfaden.katalog import Katalog

from .arbeitsmittel import aus_datenbank
from .queries import katalog_aus_datenbank, kennung


class DatenbankKatalog:
    def generation(self) -> str:
        return f"datenbank:{kennung()}"     # + Zahl der geltenden neuen Antwortoptionen (queries.kennung)

    def laden(self) -> Katalog:
        return katalog_aus_datenbank()

    def arbeitsmittel_dateien(self) -> list[tuple[str, str]] | None:
        """Die veröffentlichten Arbeitsmittel als (Pfad, Text); None: die Datenbank hat keine (content/ gilt)."""
        return aus_datenbank()
