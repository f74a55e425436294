"""Unzustellbarkeitsmeldungen erkennen — nur an ihrer Struktur nach RFC 3464.

Eine Meldung ist `multipart/report; report-type=delivery-status` mit einem Teil
`message/delivery-status`. Welche unserer Antworten sie meint, steht im zurückgeschickten Original
(`message/rfc822` oder `text/rfc822-headers`), ersatzweise in In-Reply-To/References der Meldung.
Eine Kundenmail, die „delivery-status“ schreibt oder unsere Message-ID zitiert, ist keine Meldung
(vorher wurde so eine Kundenantwort geschlossen). Rein, ohne Django."""

from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesParser, HeaderParser

_ID = re.compile(r"<[^<>\s@]+@[^<>\s]+>")


def dsn_verweise(roh: bytes) -> set[str] | None:
    """Die Message-IDs, die eine Meldung nach RFC 3464 als unzustellbar nennt; None, wenn die Mail
    keine solche Meldung ist."""
    if b"multipart/report" not in roh[:65536].lower():
        return None         # schneller Ausschluss: ohne diesen Content-Type keine Meldung
    try:
        nachricht = BytesParser(policy=policy.compat32).parsebytes(roh)
        if nachricht.get_content_type() != "multipart/report":
            return None
        if (nachricht.get_param("report-type") or "").__str__().lower() != "delivery-status":
            return None
        teile = nachricht.get_payload()
        if not isinstance(teile, list) or not any(
                isinstance(t, Message) and t.get_content_type() == "message/delivery-status" for t in teile):
            return None
        genannt: set[str] = set()
        for teil in teile:
            if isinstance(teil, Message):
                genannt |= _original_ids(teil)
        if not genannt:
            genannt = set(_ID.findall(f"{nachricht.get('In-Reply-To', '')} {nachricht.get('References', '')}"))
        return genannt
    except (RecursionError, LookupError, ValueError, TypeError, AttributeError):
        return None


def _original_ids(teil: Message) -> set[str]:
    art = teil.get_content_type()
    if art == "message/rfc822":
        innen = teil.get_payload()
        original = innen[0] if isinstance(innen, list) and innen else None
    elif art == "text/rfc822-headers":
        daten = teil.get_payload(decode=True)
        text = daten.decode("utf-8", "replace") if isinstance(daten, bytes) else str(teil.get_payload())
        original = HeaderParser().parsestr(text)
    else:
        return set()
    if not isinstance(original, Message):
        return set()
    return set(_ID.findall(str(original.get("Message-ID", ""))))
