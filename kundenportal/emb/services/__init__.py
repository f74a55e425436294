"""Die einzigen Schreiber der E-Mail-Bearbeitung (house style, habit 3)."""

from .antwort import (
    antwort_aendern,
    antwort_entwerfen,
    antwort_erneut_senden,
    antwort_freigeben,
    antwort_zustellen,
    backoff,
    bounce_verbuchen,
)
from .bearbeitung import (
    NichtBeansprucht,
    bearbeitung_beantworten,
    bearbeitung_stand,
    bearbeitung_starten,
    bearbeitung_zurueck,
    mail_beanspruchen,
    mail_erledigen,
    mail_freigeben,
    zuordnung_bestaetigen,
)
from .einlesen import Eingelesen, eml_importieren, mail_einlesen, maildir_importieren, mails_einlesen

__all__ = [
    "Eingelesen", "NichtBeansprucht", "antwort_aendern", "antwort_entwerfen", "antwort_erneut_senden",
    "antwort_freigeben", "antwort_zustellen", "backoff", "bearbeitung_beantworten", "bearbeitung_stand",
    "bearbeitung_starten", "bearbeitung_zurueck",
    "bounce_verbuchen", "eml_importieren", "mail_beanspruchen", "mail_einlesen", "mail_erledigen",
    "mail_freigeben", "maildir_importieren", "mails_einlesen", "zuordnung_bestaetigen",
]
