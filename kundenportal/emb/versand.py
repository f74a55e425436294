"""Versand einer Antwort über Djangos E-Mail-Backend (settings.EMAIL_*: Relay, Port, TLS/SSL,
Anmeldung; Absender EMB_ABSENDER).

Kopfzeilen nach RFC 5322, Abschnitt 3.6.4: `In-Reply-To` ist die Message-ID der Kundenmail,
`References` die ganze Kette (References der Kundenmail plus ihre Message-ID), damit Mailprogramme den
Verlauf zeigen. `Date` ist der Zeitpunkt des Sendens, nicht der des Entwurfs. Die Message-ID der Antwort
ist ihr Idempotenzschlüssel: sie bleibt bei jedem neuen Versuch gleich.

Gebaut wird die Nachricht mit der Standardbibliothek (`email.message.EmailMessage`, Policy SMTP), nicht mit Djangos
MIME-Klassen: Deren Kopfkodierung faltet einen langen kodierten Betreff so, dass die erste Zeile leer bleibt
(`Subject: ` und erst in der Folgezeile `=?utf-8?…`). Die Policy kodiert nur, was nicht ASCII ist, und beginnt den
Betreff in der Kopfzeile selbst."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from email import policy
from email.errors import MessageError
from email.message import EmailMessage as Nachricht
from email.utils import format_datetime, formataddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .models import Antwort

ERSATZ_ID = "@ohne-message-id.kundenportal>"      # selbst vergebene Kennung einer Mail ohne Message-ID
ADRESSE = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
KEIN_EMPFAENGER = ("Kein Empfänger: Die Mail hat keine Absenderadresse, an die eine Antwort gehen könnte. "
                   "Senden ist nicht möglich. Verwerfen Sie den Entwurf und erledigen Sie die Mail ohne Antwort; "
                   "wenn nötig, nehmen Sie telefonisch Kontakt mit dem Kunden auf.")


class NichtZugestellt(Exception):
    """Die Antwort ging nicht hinaus, und ein neuer Versuch ändert daran nichts: kein gültiger Empfänger, das Relay
    hat sie nicht angenommen, ohne einen Fehler zu melden (Djangos Backend sendet ohne Empfänger nichts und gibt 0
    zurück), oder sie lässt sich nicht als E-Mail bauen (`NICHT_BAUBAR`). Der Text sagt deutsch, warum."""


NICHT_BAUBAR = ("Die Antwort lässt sich nicht als E-Mail bauen: {grund} Sie wird nicht gesendet, ein neuer Versuch "
                "ändert daran nichts. Antworten Sie, wenn nötig, telefonisch oder über das Postfach im eService.")
BETREFF_MIT_STEUERZEICHEN = "Der Betreff enthält einen Zeilenumbruch oder ein anderes Steuerzeichen."


def empfaenger_fehler(an: str) -> str:
    """Warum an `an` keine Antwort gehen kann ("" = sie kann). Eine andere Adresse als die des Absenders
    bieten die Seiten nicht an: Antworten mit Kundendaten gehen nur an die Adresse, von der die Mail kam
    (domain.md, 5.2 „E-Mail (EMB)“)."""
    an = an.strip()
    if not an:
        return KEIN_EMPFAENGER
    if ADRESSE.fullmatch(an) is None:
        return (f"Kein gültiger Empfänger: „{an}“ ist keine E-Mail-Adresse. Senden ist nicht möglich. Verwerfen "
                "Sie den Entwurf und erledigen Sie die Mail ohne Antwort; wenn nötig, nehmen Sie telefonisch "
                "Kontakt mit dem Kunden auf.")
    return ""


def steuerzeichen(wert: str) -> bool:
    """Enthält `wert` einen Zeilenumbruch oder ein anderes Steuerzeichen (auch Tabulator, NUL, die Unicode-Trenner
    für Zeile und Absatz)? In einer Kopfzeile wie dem Betreff ließe ein Zeilenumbruch weitere Köpfe einschleusen
    („Bcc: …“); die Standardbibliothek lehnt ihn beim Bauen ab (ValueError)."""
    return any(unicodedata.category(z) in ("Cc", "Zl", "Zp") for z in wert)


def kette(antwort: Antwort) -> list[str]:
    """References der Antwort: die Kette der Kundenmail und deren Message-ID, ohne Dopplungen."""
    ids = [*antwort.mail.verweise.split(), antwort.mail.message_id]
    return [i for i in dict.fromkeys(ids) if i and not i.endswith(ERSATZ_ID)]


class _Nachricht(Nachricht):
    """Eine Nachricht der Standardbibliothek, die Djangos Backends schreiben können: Sie rufen `as_bytes(linesep=…)`
    (SMTP mit CRLF), das `email.message.EmailMessage` nicht kennt."""

    def as_bytes(self, unixfrom: bool = False, policy: Any = None, linesep: str | None = None) -> bytes:
        regeln = policy or self.policy
        return super().as_bytes(unixfrom, policy=regeln.clone(linesep=linesep) if linesep else regeln)


class Antwortnachricht(EmailMessage):
    """Djangos EmailMessage (Empfänger, Absender, Backend bleiben, wie sie sind), deren `message()` die Nachricht mit
    der Standardbibliothek baut (Policy SMTP): ein Betreff, der in seiner Kopfzeile beginnt, RFC-2047-kodiert nur wo
    nötig; der Text UTF-8. Wie bei Django lehnt ein Kopf mit Zeilenumbruch ab (ValueError)."""

    def message(self, *, policy: Any = policy.SMTP) -> Nachricht:
        m = _Nachricht(policy=policy)
        kopf = {name.lower(): wert for name, wert in self.extra_headers.items()}
        m["Subject"] = self.subject
        m["From"] = kopf.pop("from", self.from_email)
        m["To"] = kopf.pop("to", ", ".join(str(a) for a in self.to))
        for name, wert in self.extra_headers.items():
            if name.lower() in kopf:
                m[name] = wert
        m.set_content(self.body, charset=self.encoding or settings.DEFAULT_CHARSET)
        return m


def nachricht(antwort: Antwort, jetzt: dt.datetime) -> EmailMessage:
    kopf = {"Message-ID": antwort.message_id, "Date": format_datetime(jetzt)}
    verweise = kette(antwort)
    if verweise:
        kopf["In-Reply-To"] = verweise[-1]
        kopf["References"] = " ".join(verweise)
    von = formataddr((settings.EMB_ABSENDER_NAME, settings.EMB_ABSENDER)) if settings.EMB_ABSENDER_NAME \
        else settings.EMB_ABSENDER
    return Antwortnachricht(subject=antwort.betreff, body=antwort.text, from_email=von, to=[antwort.an],
                            headers=kopf)


def gebaut(antwort: Antwort, jetzt: dt.datetime) -> EmailMessage:
    """Die Nachricht zur Antwort, vor jeder Verbindung einmal ganz gebaut (Köpfe und Bytes): Was sich nicht bauen
    lässt (ein Zeilenumbruch im Betreff, ein Kopf, den die Standardbibliothek ablehnt), ist ein bleibender Fehler
    (NichtZugestellt) — kein Fehlschlag, den ein neuer Versuch behebt, und kein Fehler, der den Feger aufhält."""
    if steuerzeichen(antwort.betreff):
        raise NichtZugestellt(NICHT_BAUBAR.format(grund=BETREFF_MIT_STEUERZEICHEN))
    n = nachricht(antwort, jetzt)
    try:
        n.message().as_bytes()
    except (ValueError, TypeError, LookupError, MessageError) as f:    # UnicodeError ist ein ValueError
        # der Text der Ausnahme kann Teile der Antwort enthalten: gespeichert und gezeigt wird nur ihre Art
        grund = f"Ein Kopf oder der Text ist ungültig ({type(f).__name__})."
        raise NichtZugestellt(NICHT_BAUBAR.format(grund=grund)) from f
    return n


def senden(antwort: Antwort, jetzt: dt.datetime) -> None:
    """Übergibt die Antwort dem Relay; wirft OSError/SMTPException, wenn das nicht gelingt, und
    NichtZugestellt ohne gültigen Empfänger, wenn sie sich nicht bauen lässt (`gebaut`) oder wenn das Backend die
    Nachricht nicht als gesendet zählt — gesendet ist eine Antwort nur, wenn genau eine Nachricht hinausging."""
    fehler = empfaenger_fehler(antwort.an)
    if fehler:
        raise NichtZugestellt(fehler)
    n = gebaut(antwort, jetzt)
    with get_connection(fail_silently=False) as verbindung:
        gesendet = verbindung.send_messages([n])
    if gesendet != 1:
        raise NichtZugestellt(f"Das E-Mail-Backend hat {gesendet or 0} statt einer Nachricht gesendet.")
