"""Die Mail in der Kontakthistorie des Kunden, wenn sie ohne Arbeitshilfe erledigt wird.

Eine Mail mit gestarteter Arbeitshilfe steht über deren Kontakt in der Historie (gespraech, wie am Telefon). Jede
andere Mail mit Kundennummer — Anliegen „Sonstiges“ (dazu gibt es keine Arbeitshilfe) oder eine Arbeitshilfe, die
nie gestartet oder unterwegs abgebrochen wurde — bekommt beim Erledigen genau einen Kontakt: Kanal `emb`, das
Ergebnis in Worten („E-Mail beantwortet“, „Ohne Antwort erledigt“), der Vermerk, wie er getippt wurde, die
Beschäftigte mit ihrem Standort und der Zeitpunkt des Erledigens. Jeder Kontakt mit einem Sozialdatum muss in der
Historie nachvollziehbar sein (§ 67c SGB X); ohne Kundennummer gibt es keinen Kunden und keine Historie, der
Vermerk steht dann bei der Mail.

Der Kontakt hat keinen Lauf (kein Leitfaden lief: „kein aufgezeichneter Weg“ wie in qs.pfad) und beginnt schon
abgeschlossen; angelegt wird er vom Gespräch (`gespraech.services.kontakt_ohne_leitfaden`, das allein Kontakte
schreibt), in der Transaktion von `mail_erledigen` bei gesperrter Mail, protokolliert wie jeder Abschluss."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt

from ..models import Antwort, Mail

KANAL = "emb"
LEITFADEN = "E-Mail ohne Arbeitshilfe"      # statt des Leitfadens: so steht es in der Historie und den Zahlen
BEANTWORTET = "E-Mail beantwortet"
OHNE_ANTWORT = "Ohne Antwort erledigt"


def ohne_arbeitshilfe_vermerken(user: Any, mail: Mail, vermerk: str, antwort: Antwort | None,
                                jetzt: dt.datetime) -> Kontakt | None:
    """Der Kontakt der Historie für die (gesperrte, eben erledigte) Mail `mail` ohne laufende Arbeitshilfe, mit
    `vermerk` (nicht leer) und dem Ergebnis nach `antwort` (der freigegebenen Antwort oder None). None ohne
    Kundennummer. Hat die Mail ihren Kontakt schon (ein zweiter Aufruf), bleibt es dieser eine."""
    if not mail.kundennummer:
        return None
    if mail.kontakt_ohne_arbeitshilfe_id is not None:
        return Kontakt.objects.get(pk=mail.kontakt_ohne_arbeitshilfe_id)
    return gespraech.kontakt_ohne_leitfaden(
        user, kanal=KANAL, kundennummer=mail.kundennummer, anlass=LEITFADEN,
        ergebnis=BEANTWORTET if antwort is not None else OHNE_ANTWORT, vermerk=vermerk, jetzt=jetzt)
