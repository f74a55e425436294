"""Die Identität einer Mail: Message-ID plus ein Hash des normalisierten Inhalts.

Dieselbe Mail kommt über IMAP (CRLF), aus einem Maildir (LF), als .eml-Datei oder aus einer mbox an;
dabei unterscheiden sich Zeilenenden und die Kopfzeilen, die der Transport hinzufügt (Received,
Return-Path, Delivered-To, Status-Flags des Postfachs, die „From “-Zeile der mbox). Der Hash sieht von
beidem ab: gleiche Mail → gleicher Hash, gleich über welchen Weg. Eine andere Mail mit einer schon
vergebenen Message-ID hat einen anderen Hash und wird gespeichert (und markiert), nie verworfen.

Reine Funktionen der Bytes, ohne den Parser: die Identität steht fest, bevor irgendetwas zerlegt wird
(und auch dann, wenn der Parser an der Mail scheitert)."""

from __future__ import annotations

import hashlib
import re

# Kopfzeilen, die Transport und Ablage hinzufügen oder ändern (RFC 5321 Trace, Maildir/mbox/IMAP-Flags)
TRANSPORT = frozenset({
    "received", "return-path", "delivered-to", "x-original-to", "envelope-to", "x-envelope-from",
    "x-envelope-to", "status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length",
    "lines", "x-mozilla-status", "x-mozilla-status2", "x-mozilla-keys", "x-spam-status", "x-spam-score",
    "x-spam-level", "x-spam-flag", "x-spam-checker-version", "x-virus-scanned", "x-received",
    "authentication-results", "arc-seal", "arc-message-signature", "arc-authentication-results",
    "x-delivered-to", "x-gm-thrid", "x-gmail-labels",
})
MESSAGE_ID_HOECHSTENS = 998          # RFC 5322, Abschnitt 2.1.1: eine Zeile höchstens 998 Zeichen
_KOPFNAME = re.compile(rb"^([!-9;-~]+)[ \t]*:")
_MESSAGE_ID = re.compile(rb"^message-id[ \t]*:(.*)$", re.IGNORECASE)


def zeilen_normalisieren(roh: bytes) -> bytes:
    """CRLF und CR werden LF; eine führende mbox-„From “-Zeile fällt weg; NUL wird 0x80, wie IMAP-Server
    (Dovecot) es beim Speichern ersetzen — IMAP erlaubt kein NUL in einer Nachricht (RFC 3501, 4.3)."""
    daten = roh.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\x00", b"\x80")
    if daten.startswith(b"From "):
        daten = daten.partition(b"\n")[2]
    return daten


def _kopf_und_rumpf(daten: bytes) -> tuple[list[bytes], bytes]:
    """Der Kopf als Liste entfalteter Zeilen, dazu der Rumpf (nach der ersten Leerzeile)."""
    kopf, _, rumpf = daten.partition(b"\n\n")
    zeilen: list[bytes] = []
    for zeile in kopf.split(b"\n"):
        if zeile[:1] in (b" ", b"\t") and zeilen:
            zeilen[-1] += b" " + zeile.strip()
        else:
            zeilen.append(zeile)
    return zeilen, rumpf


def inhalt_hash(roh: bytes) -> str:
    """SHA-256 über Kopf ohne Transportzeilen und Rumpf, beide mit LF-Zeilenenden und ohne
    Leerraum am Zeilenende (manche Ablagen entfernen ihn)."""
    # Leerzeilen am Ende fügen Ablagen hinzu (mbox, Maildir) oder lassen sie weg: nicht Teil der Identität
    zeilen, rumpf = _kopf_und_rumpf(zeilen_normalisieren(roh).rstrip(b"\n"))
    h = hashlib.sha256()
    for zeile in zeilen:
        name = _KOPFNAME.match(zeile)
        if name is not None and name.group(1).lower().decode("ascii") in TRANSPORT:
            continue
        h.update(zeile.rstrip() + b"\n")
    h.update(b"\n")
    for zeile in rumpf.rstrip(b"\n").split(b"\n"):
        h.update(zeile.rstrip() + b"\n")
    return h.hexdigest()


def message_id_roh(roh: bytes) -> str:
    """Die Message-ID, ohne den Parser gelesen (für Mails, an denen er scheitert): NUL und andere
    Steuerzeichen entfernt, höchstens 998 Zeichen; "" ohne Message-ID."""
    zeilen, _ = _kopf_und_rumpf(zeilen_normalisieren(roh))
    for zeile in zeilen:
        treffer = _MESSAGE_ID.match(zeile)
        if treffer is not None:
            return message_id_bereinigen(treffer.group(1).decode("utf-8", "replace"))
    return ""


def message_id_bereinigen(wert: str) -> str:
    """Steuerzeichen (auch NUL, das PostgreSQL in Text nicht speichert) und Leerraum entfernen,
    auf 998 Zeichen kürzen."""
    return "".join(z for z in wert if z.isprintable() and not z.isspace())[:MESSAGE_ID_HOECHSTENS]
