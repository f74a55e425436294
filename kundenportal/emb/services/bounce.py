"""Eine eingegangene Unzustellbarkeitsmeldung verbuchen — erkannt nur an der Struktur nach RFC 3464
(`emb.bounce.dsn_verweise`)."""

from __future__ import annotations

import datetime as dt

from ..bounce import dsn_verweise
from ..models import Antwort, Mail, Protokoll


def bounce_verbuchen(mail: Mail, jetzt: dt.datetime) -> Antwort | None:
    """Eine Meldung nach RFC 3464, deren zurückgeschicktes Original eine unserer gesendeten Antworten ist,
    markiert diese als unzustellbar — sichtbar in der Warteschlange, erneut sendbar
    (`antwort_erneut_senden`). Die Meldung selbst ist damit erledigt: zu tun ist etwas an der Antwort.
    Eine Kundenmail, die nur „delivery-status“ erwähnt oder unsere Message-ID zitiert, bleibt offen."""
    genannt = dsn_verweise(bytes(mail.roh))
    if not genannt:
        return None
    antwort = (Antwort.objects.select_related("mail").filter(message_id__in=genannt - {mail.message_id},
                                                              status=Antwort.Status.GESENDET)
               .order_by("-gesendet_am").first())
    if antwort is None:
        return None
    antwort.status, antwort.letzter_fehler = Antwort.Status.UNZUSTELLBAR, f"Bounce: {mail.betreff}"[:2000]
    antwort.save(update_fields=["status", "letzter_fehler"])
    Protokoll.objects.create(mail=antwort.mail, zeit=jetzt, benutzer="system", art="bounce",
                             details={"antwort": antwort.id, "meldung": mail.id})
    Mail.objects.filter(id=mail.id).update(status=Mail.Status.ERLEDIGT, erledigt_am=jetzt)
    Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer="system", art="bounce_verbucht",
                             details={"antwort": antwort.id, "mail": antwort.mail_id})
    return antwort
