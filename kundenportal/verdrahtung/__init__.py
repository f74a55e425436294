"""Die Wurzel der Verdrahtung (docs/adr/0004-wurzel-der-verdrahtung.md): was der Prozess einmal hat —
Katalog, Fachverfahren, Uhr — und die Sitzung, die beides zusammenbringt. Seiten-Apps holen sich diese
Dinge nur hier, nie bei einer anderen App."""

from kundenportal.fachverfahren.registry import systeme
from kundenportal.zeit import heute, jetzt

from .katalog import (
                      DateiKatalog,
                      KatalogQuelle,
                      bei_neuem_katalog,
                      katalog,
                      katalog_generation,
                      katalog_quelle,
                      katalog_quelle_setzen,
                      startbestand_einfrieren,
                      vorwaermen,
)
from .sitzung import sitzung_fortsetzen, sitzung_starten

__all__ = ["DateiKatalog", "KatalogQuelle", "bei_neuem_katalog", "heute", "jetzt", "katalog", "katalog_generation",
           "katalog_quelle", "katalog_quelle_setzen", "sitzung_fortsetzen", "sitzung_starten",
           "startbestand_einfrieren", "systeme", "vorwaermen"]
