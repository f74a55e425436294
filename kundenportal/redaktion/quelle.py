"""Die Katalogquelle der Datenbank für die Wurzel der Verdrahtung (verdrahtung.KatalogQuelle):
Generation = Zähler in der Datenbank (eine Abfrage je Anfrage), Laden = veröffentlichte Fassungen.

Einschalten: `KUNDENPORTAL_KATALOG_QUELLE=kundenportal.redaktion.quelle.DatenbankKatalog` (Umgebung oder
settings) oder `verdrahtung.katalog_quelle_setzen(DatenbankKatalog())`."""

from __future__ import annotations

from kundenportal.leitfaden.katalog import Katalog

from .queries import generation, katalog_aus_datenbank


class DatenbankKatalog:
    def generation(self) -> str:
        return f"datenbank:{generation()}"

    def laden(self) -> Katalog:
        return katalog_aus_datenbank()
