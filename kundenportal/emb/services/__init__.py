"""Die einzigen Schreiber der E-Mail-Bearbeitung (house style, habit 3)."""

from .antwort import (
    AntwortNichtMoeglich,
    antwort_aendern,
    antwort_entwerfen,
    antwort_erneut_senden,
    antwort_ersetzen,
    antwort_freigeben,
    antwort_verwerfen,
    antwort_zustellen,
    ausgang_fegen,
    backoff,
)
from .bearbeitung import (
    ANTWORT_HINAUS,
    NICHT_UEBERNOMMEN,
    KundennummerUngueltig,
    NichtBeansprucht,
    OffenerEntwurf,
    VermerkFehlt,
    ZuordnungGesperrt,
    bearbeitung_beantworten,
    bearbeitung_bestaetigen,
    bearbeitung_stand,
    bearbeitung_starten,
    bearbeitung_zurueck,
    mail_beanspruchen,
    mail_erledigen,
    mail_freigeben,
    schritt_sperre,
    vermerk_merken,
    zuordnung_bestaetigen,
    zuordnung_sperre,
)
from .bounce import bounce_verbuchen
from .dateien import Bilanz, QuelleUnlesbar, dateien_einlesen, eml_importieren, maildir_importieren
from .einlesen import Eingelesen, mail_einlesen, mail_zerlegen
from .quarantaene import quarantaene_neu_zerlegen

__all__ = [
    "ANTWORT_HINAUS", "NICHT_UEBERNOMMEN", "AntwortNichtMoeglich", "Bilanz", "Eingelesen", "KundennummerUngueltig",
    "NichtBeansprucht", "OffenerEntwurf", "QuelleUnlesbar", "VermerkFehlt", "ZuordnungGesperrt",
    "antwort_aendern", "antwort_entwerfen", "antwort_erneut_senden", "antwort_ersetzen", "antwort_freigeben", "antwort_verwerfen",
    "antwort_zustellen", "ausgang_fegen", "backoff",
    "bearbeitung_beantworten", "bearbeitung_bestaetigen", "bearbeitung_stand", "bearbeitung_starten", "bearbeitung_zurueck",
    "bounce_verbuchen", "dateien_einlesen", "eml_importieren", "mail_beanspruchen", "mail_einlesen",
    "mail_erledigen", "mail_freigeben", "mail_zerlegen", "maildir_importieren", "quarantaene_neu_zerlegen",
    "schritt_sperre", "vermerk_merken", "zuordnung_bestaetigen", "zuordnung_sperre",
]
