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
    NichtBeansprucht,
    OffenerEntwurf,
    VermerkFehlt,
    bearbeitung_beantworten,
    bearbeitung_bestaetigen,
    bearbeitung_stand,
    bearbeitung_starten,
    bearbeitung_zurueck,
    mail_beanspruchen,
    mail_erledigen,
    nicht_uebernommen,
    schritt_sperre,
    vermerk_merken,
)
from .bounce import bounce_verbuchen
from .dateien import Bilanz, QuelleUnlesbar, dateien_einlesen, eml_importieren, maildir_importieren
from .einlesen import Eingelesen, mail_einlesen, mail_zerlegen
from .kundennummer import KundennummerUngueltig
from .quarantaene import GrundFehlt, quarantaene_neu_zerlegen, quarantaene_verwerfen
from .warteschlange import (
    FREIGABE_GRUENDE,
    FreigabeUngueltig,
    NichtGehalten,
    mail_freigeben,
    mail_freigeben_als_teamleitung,
    naechste_mail_beanspruchen,
)
from .weiterleitung import (
    SchonWeitergeleitet,
    WeiterleitungGesperrt,
    WeiterleitungUngueltig,
    mail_weiterleiten,
)
from .zuordnung import ZuordnungGesperrt, zuordnung_bestaetigen, zuordnung_sperre

__all__ = [
    "ANTWORT_HINAUS", "FREIGABE_GRUENDE", "NICHT_UEBERNOMMEN", "AntwortNichtMoeglich", "Bilanz", "Eingelesen",
    "FreigabeUngueltig", "GrundFehlt", "KundennummerUngueltig", "NichtBeansprucht", "NichtGehalten", "OffenerEntwurf", "QuelleUnlesbar", "SchonWeitergeleitet", "VermerkFehlt",
    "WeiterleitungGesperrt", "WeiterleitungUngueltig", "ZuordnungGesperrt",
    "antwort_aendern", "antwort_entwerfen", "antwort_erneut_senden", "antwort_ersetzen", "antwort_freigeben", "antwort_verwerfen",
    "antwort_zustellen", "ausgang_fegen", "backoff",
    "bearbeitung_beantworten", "bearbeitung_bestaetigen", "bearbeitung_stand", "bearbeitung_starten", "bearbeitung_zurueck",
    "bounce_verbuchen", "dateien_einlesen", "eml_importieren", "mail_beanspruchen", "mail_einlesen",
    "mail_erledigen", "mail_freigeben", "mail_freigeben_als_teamleitung", "mail_weiterleiten", "mail_zerlegen", "maildir_importieren",
    "naechste_mail_beanspruchen", "nicht_uebernommen", "quarantaene_neu_zerlegen", "quarantaene_verwerfen",
    "schritt_sperre", "vermerk_merken", "zuordnung_bestaetigen", "zuordnung_sperre",
]
