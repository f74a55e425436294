"""IMAP-Abholung mit imaplib: ungelesene Mails holen, einlesen, dann als gelesen markieren.

Erst einlesen (eigene Transaktionen), dann `\\Seen` setzen: stürzt der Worker dazwischen ab, wird
die Mail beim nächsten Lauf erneut geholt und an der Message-ID als vorhanden erkannt — also
genau einmal gespeichert, nie verloren. Warten auf neue Mail mit IDLE (RFC 2177), wenn der Server
es anbietet, sonst einfaches Abfragen im Takt."""

from __future__ import annotations

import imaplib
import re
import select
import time
from dataclasses import dataclass

from django.conf import settings

from .services.einlesen import stapel_einlesen


@dataclass(frozen=True)
class ImapZugang:
    host: str
    port: int
    benutzer: str
    passwort: str
    postfach: str = "INBOX"
    ssl: bool = False

    def verbinden(self) -> imaplib.IMAP4:
        verbindung = (imaplib.IMAP4_SSL if self.ssl else imaplib.IMAP4)(self.host, self.port, timeout=30)
        verbindung.login(self.benutzer, self.passwort)
        verbindung.select(self.postfach)
        return verbindung


def zugang_aus_einstellungen() -> ImapZugang | None:
    """Das Kundenpostfach aus settings.EMB_IMAP; None, wenn keines konfiguriert ist."""
    werte = settings.EMB_IMAP
    if not werte:
        return None
    return ImapZugang(host=str(werte["host"]), port=int(str(werte["port"])), benutzer=str(werte["benutzer"]),
                      passwort=str(werte["passwort"]), postfach=str(werte.get("postfach", "INBOX")),
                      ssl=bool(werte.get("ssl", False)))


STAPEL = 50
_UID = re.compile(rb"\bUID (\d+)")


def abholen(verbindung: imaplib.IMAP4, quelle: str) -> int:
    """Holt alle ungelesenen Mails des gewählten Postfachs in Stapeln: ein `UID FETCH` für bis zu `STAPEL`
    Mails, `stapel_einlesen` (zwei Commits je Stapel), dann ein `UID STORE +FLAGS (\\Seen)` für den Stapel.
    Gibt die Zahl der neu gespeicherten zurück."""
    typ, daten = verbindung.uid("SEARCH", "UNSEEN")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"UID SEARCH UNSEEN: {typ} {daten!r}")
    uids = (daten[0] or b"").decode("ascii").split()
    neu = 0
    for beginn in range(0, len(uids), STAPEL):
        typ, teile = verbindung.uid("FETCH", ",".join(uids[beginn:beginn + STAPEL]), "(BODY.PEEK[])")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"UID FETCH: {typ}")
        geholt: list[str] = []
        rohe: list[tuple[str, bytes]] = []
        for t in teile:
            if isinstance(t, tuple) and isinstance(t[0], bytes) and isinstance(t[1], bytes):
                uid = _UID.search(t[0])
                if uid is not None:
                    geholt.append(uid.group(1).decode("ascii"))
                    rohe.append((f"{quelle}#uid={geholt[-1]}", t[1]))    # die Stelle der Mail im Postfach
        if not rohe:
            continue    # inzwischen gelöscht: nichts zu verlieren
        neu += sum(e.neu for e in stapel_einlesen(rohe))
        verbindung.uid("STORE", ",".join(geholt), "+FLAGS", "(\\Seen)")
    return neu


def warten(verbindung: imaplib.IMAP4, sekunden: float) -> bool:
    """Wartet bis zu `sekunden` auf neue Mail; mit IDLE, wenn angeboten. True = Server meldet Neues."""
    if "IDLE" not in verbindung.capabilities:
        time.sleep(sekunden)
        return False
    tag: bytes = verbindung._new_tag()  # imaplib < 3.14 kennt kein idle()
    verbindung.send(tag + b" IDLE\r\n")
    if not verbindung.readline().startswith(b"+"):
        raise imaplib.IMAP4.error("IDLE abgelehnt")
    # Warten mit select statt Socket-Timeout: nach einem Timeout ist die Dateischnittstelle von imaplib
    # unbrauchbar („cannot read from timed out object“), die Verbindung wäre verloren.
    neues = False
    try:
        if select.select([verbindung.socket()], [], [], max(sekunden, 0))[0]:
            zeile = verbindung.readline()
            neues = b"EXISTS" in zeile or b"RECENT" in zeile
    finally:
        verbindung.send(b"DONE\r\n")
        while True:
            zeile = verbindung.readline()
            if not zeile or zeile.startswith(tag):
                break
            neues = neues or b"EXISTS" in zeile
    return neues


def einmal_abholen(zugang: ImapZugang) -> int:
    verbindung = zugang.verbinden()
    try:
        return abholen(verbindung, f"imap:{zugang.benutzer}@{zugang.host}/{zugang.postfach}")
    finally:
        _schliessen(verbindung)


def beobachten(zugang: ImapZugang, *, runden: int | None = None, sekunden: float | None = None,
               idle_sekunden: float = 300) -> int:
    """Abholen, auf Neues warten (IDLE), wieder abholen — `runden` mal, `sekunden` lang oder ohne Ende.

    IDLE wird spätestens nach `idle_sekunden` erneuert (RFC 2177: vor 29 Minuten); mit `sekunden` endet
    die Schleife nach höchstens so langer Wartezeit plus einer letzten Abholung. Gibt die Zahl der neuen
    Mails zurück."""
    ende = None if sekunden is None else time.monotonic() + sekunden
    verbindung = zugang.verbinden()
    quelle = f"imap:{zugang.benutzer}@{zugang.host}/{zugang.postfach}"
    neu, runde = 0, 0
    try:
        while True:
            neu += abholen(verbindung, quelle)
            runde += 1
            rest = idle_sekunden if ende is None else min(idle_sekunden, ende - time.monotonic())
            if (runden is not None and runde >= runden) or rest <= 0:
                return neu
            warten(verbindung, rest)
    finally:
        _schliessen(verbindung)


def _schliessen(verbindung: imaplib.IMAP4) -> None:
    try:
        verbindung.close()
    finally:
        verbindung.logout()
