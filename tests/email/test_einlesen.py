"""Einlesen: genau einmal je Message-ID, aus .eml, Maildir und echtem IMAP (Dovecot)."""

from __future__ import annotations

import imaplib
import mailbox
import shutil
import threading
import time
from pathlib import Path

import pytest

from kundenportal.emb import imap
from kundenportal.emb.models import Anhang, Mail, Protokoll
from kundenportal.emb.services import eml_importieren, mail_einlesen, maildir_importieren
from kundenportal.fachverfahren.referenz.models import Kunde

from .conftest import KORPUS, Imap, korpus_mail

pytestmark = pytest.mark.django_db


def test_dieselbe_mail_zweimal_ergibt_einen_datensatz() -> None:
    erst = mail_einlesen(korpus_mail("0013"), quelle="test")
    wieder = mail_einlesen(korpus_mail("0013"), quelle="test")
    assert (erst.neu, wieder.neu, wieder.mail.id) == (True, False, erst.mail.id)
    assert Mail.objects.count() == 1
    assert Protokoll.objects.filter(art="eingelesen").count() == 1


def test_rohe_bytes_und_anhang_gespeichert() -> None:
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    assert bytes(mail.roh) == korpus_mail("0013")
    anhang = Anhang.objects.get(mail=mail)
    assert (anhang.dateiname, anhang.groesse) == ("Krankmeldung.pdf", len(bytes(anhang.daten)))
    assert (mail.vorschlag, mail.leitfaden, mail.kundennummer) == ("au_meldung", "EMB AU-Meldung", "535P478094")


def test_kaputte_mail_wird_mit_warnung_gespeichert() -> None:
    mail = mail_einlesen(korpus_mail("0190"), quelle="test").mail
    assert mail.warnung and "unbekannter Zeichensatz" in mail.warnungen[0]


def test_bekannter_absender_ohne_kundennummer_wird_zugeordnet() -> None:
    Kunde.objects.create(kundennummer="123A456789", vorname="Anna", nachname="Muster", wohnort_agentur="Fürth",
                         email="anna@muster.example")
    roh = b"From: Anna <Anna@Muster.example>\r\nMessage-ID: <a1@m>\r\nSubject: Frage\r\n\r\nHallo\r\n"
    mail = mail_einlesen(roh, quelle="test").mail
    assert (mail.kundennummer, mail.kundennummer_quelle) == ("123A456789", "absender")


def test_eml_verzeichnis_und_maildir(tmp_path: Path) -> None:
    eml = tmp_path / "eml"
    eml.mkdir()
    for n in ("0001", "0002", "0003"):
        shutil.copy(KORPUS / "mails" / f"{n}.eml", eml)
    assert eml_importieren(eml).neu == 3
    assert eml_importieren(eml).doppelt == 3
    md = mailbox.Maildir(tmp_path / "md", create=True)
    for n in ("0003", "0004", "0005"):
        md.add(korpus_mail(n))
    md.close()
    assert maildir_importieren(tmp_path / "md").neu == 2      # 0003 gab es schon
    assert Mail.objects.count() == 5


def _ablegen(zugang: Imap, *rohe: bytes) -> None:
    c = imaplib.IMAP4("127.0.0.1", zugang.port, timeout=10)
    try:
        c.login(zugang.benutzer, zugang.passwort)
        for roh in rohe:
            c.append("INBOX", "", imaplib.Time2Internaldate(time.time()), roh)
    finally:
        c.logout()


def _zugang(d: Imap) -> imap.ImapZugang:
    return imap.ImapZugang(host="127.0.0.1", port=d.port, benutzer=d.benutzer, passwort=d.passwort)


@pytest.mark.django_db(transaction=True)
def test_imap_abholen_genau_einmal_und_als_gelesen_markiert(dovecot: Imap) -> None:
    _ablegen(dovecot, korpus_mail("0013"), korpus_mail("0190"), korpus_mail("0192"))
    assert imap.einmal_abholen(_zugang(dovecot)) == 3
    assert imap.einmal_abholen(_zugang(dovecot)) == 0       # \Seen: nichts Neues
    _ablegen(dovecot, korpus_mail("0013"))                  # dieselbe Mail noch einmal zugestellt
    assert imap.einmal_abholen(_zugang(dovecot)) == 0
    assert Mail.objects.count() == 3
    assert Mail.objects.get(message_id__contains=".0013@").anhaenge.count() == 1


@pytest.mark.django_db(transaction=True)
def test_imap_idle_weckt_bei_neuer_mail(dovecot: Imap) -> None:
    verbindung = _zugang(dovecot).verbinden()
    try:
        assert "IDLE" in verbindung.capabilities
        fehler: list[BaseException] = []

        def zustellen() -> None:
            try:
                _ablegen(dovecot, korpus_mail("0001"))
            except BaseException as e:  # der Test soll den Grund nennen, nicht 60 s warten
                fehler.append(e)

        zustellung = threading.Timer(0.5, zustellen)
        zustellung.start()
        # True kommt nur vom Server (ohne IDLE schläft warten() und gibt False): die Zeitgrenze ist nur die
        # Obergrenze fürs Warten. Im vollen Lauf eines frischen Klons unter Last dauerte die Zustellung
        # (Anmeldung bei einem frisch gestarteten Dovecot) einmal länger als die früheren 10 s.
        assert imap.warten(verbindung, 60) is True, f"Zustellung: {fehler or 'ohne Fehler'}"
        zustellung.join()
        assert fehler == []
        assert imap.abholen(verbindung, "imap:test") == 1
    finally:
        verbindung.close()
        verbindung.logout()
