"""Der kaputte Korpus (tests/email/kaputt.py) über jeden Weg: jede Mail genau einmal gespeichert — in der
Warteschlange oder in der Quarantäne —, keine Seite stürzt ab, das Einlesen geht immer weiter."""

from __future__ import annotations

import imaplib
import mailbox
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb import imap
from kundenportal.emb.kommando import einlesen as befehl_einlesen
from kundenportal.emb.models import Anhang, Mail, Protokoll
from kundenportal.emb.services import mail_einlesen
from kundenportal.emb.services.dateien import rohe_mails
from kundenportal.konten.models import Zugriff

from .conftest import Imap
from .kaputt import korpus, schreiben

pytestmark = pytest.mark.django_db
KORPUS = korpus()
KEINE_MAIL = ("ohne_kopf", "leer", "binaer")     # gehen mit Grund in die Quarantäne, nicht in die Warteschlange
IN_QUARANTAENE = 1 + len(KEINE_MAIL)            # dazu mime_tief


def _lf(roh: bytes) -> bytes:
    return roh.replace(b"\r\n", b"\n")


def test_jede_kaputte_mail_genau_einmal_und_lesbar(client: Client, benutzer: Callable[..., Any]) -> None:
    for name, roh in KORPUS.items():
        assert mail_einlesen(roh, quelle=f"eml:{name}").neu, name
    for name, roh in KORPUS.items():                      # dieselbe Mail mit LF (Maildir) ist ein Duplikat
        assert not mail_einlesen(_lf(roh), quelle="maildir").neu, name
        assert not mail_einlesen(roh, quelle="imap").neu, name
    assert Mail.objects.count() == len(KORPUS)
    status = dict(Mail.objects.values_list("quelle", "status"))
    assert status.pop("eml:mime_tief") == Mail.Status.QUARANTAENE
    for name in KEINE_MAIL:                     # leer, ohne jede Kopfzeile, Binärdaten: keine Mail (mime.KeineMail)
        assert status.pop(f"eml:{name}") == Mail.Status.QUARANTAENE, name
    assert set(status.values()) == {Mail.Status.OFFEN}, status

    def mail(name: str) -> Mail:
        return Mail.objects.get(quelle=f"eml:{name}")

    assert mail("nul_betreff").betreff == "Terminabsage"
    assert "NUL-Zeichen entfernt" in mail("nul_text").warnungen and mail("nul_text").text == "HalloWelt"
    assert mail("nul_message_id").message_id == "<nulid@web.example>"
    assert len(mail("message_id_lang").message_id) == 998
    assert Anhang.objects.get(mail=mail("nul_dateiname")).dateiname == "au.pdf"
    assert Anhang.objects.get(mail=mail("mime_riesig")).groesse == 12 * 1024 * 1024
    zukunft = mail("datum_9999")
    assert zukunft.datum == zukunft.eingegangen and "Datum 9999 unplausibel: Eingangszeit verwendet" in zukunft.warnungen
    assert mail("kopf_8bit_latin1").betreff == "Grüße aus Fürth"
    assert mail("kopf_8bit_utf8").betreff == "Kündigung meines Termins für Übermorgen"
    tief = mail("mime_tief")
    assert tief.quarantaene_grund == "Die MIME-Struktur der Mail ist zu tief verschachtelt."     # ohne Ausnahmenamen
    assert Protokoll.objects.filter(mail=tief, art="quarantaene").count() == 1

    agent = benutzer("agent_emb", "anna")
    client.force_login(agent)
    seite = client.get("/emb/")
    assert seite.status_code == 200 and f"{len(KORPUS) - IN_QUARANTAENE} Mails" in seite.content.decode()
    for m in Mail.objects.filter(status=Mail.Status.OFFEN):
        assert client.get(f"/emb/{m.id}/").status_code == 200, m.quelle
    assert client.get(f"/emb/{tief.id}/").status_code == 404          # Quarantäne: nicht in der Warteschlange
    assert client.get("/emb/quarantaene/").status_code == 403          # nur die Teamleitung
    assert Zugriff.objects.filter(user=agent, aktion="emb_mail_lesen").count() == len(KORPUS) - IN_QUARANTAENE


def test_quarantaene_fuer_die_teamleitung_mit_rohtext_und_neuer_zerlegung(client: Client,
                                                                          benutzer: Callable[..., Any]) -> None:
    tief = mail_einlesen(KORPUS["mime_tief"], quelle="eml:mime_tief").mail
    # die allgemeine Teamleitung (auch mit dem Kanal E-Mail) sieht die Quarantäne nicht, nur die Teamleitung E-Mail
    andere = benutzer("teamleitung", "theo")
    andere.groups.add(*benutzer("agent_emb", "x").groups.all())
    client.force_login(andere)
    assert "Quarantäne: <strong>1</strong> (sieht die Teamleitung E-Mail)" in client.get("/emb/").content.decode()
    assert client.get("/emb/quarantaene/").status_code == 403
    leitung = benutzer("teamleitung_emb", "tanja")
    client.force_login(leitung)
    assert client.get("/").headers["Location"] == "/emb/quarantaene/"
    liste = client.get("/emb/quarantaene/").content.decode()
    assert "MIME-Struktur der Mail ist zu tief verschachtelt" in liste and "1 Mail in der Quarantäne" in liste
    assert 'href="/emb/quarantaene/"' in liste                       # in der Hauptnavigation
    warteschlange = client.get("/emb/").content.decode()              # sie sieht die Warteschlange, übernimmt nicht
    assert "Nächste Mail" not in warteschlange and "Übernehmen" not in warteschlange
    roh = client.get(f"/emb/quarantaene/{tief.id}/roh/")
    assert roh.content == KORPUS["mime_tief"] and roh["Content-Disposition"].startswith("attachment")
    nochmal = client.post(f"/emb/quarantaene/{tief.id}/neu-zerlegen/", follow=True).content.decode()
    assert ("Die Zerlegung ist wieder gescheitert (2. Versuch). Die MIME-Struktur der Mail ist zu tief "
            "verschachtelt.") in nochmal
    assert "Zerlegung gescheitert:" not in nochmal and "RecursionError" not in nochmal
    assert "<dt>Zerlegungsversuche</dt><dd>2</dd>" in nochmal          # jeder Versuch zählt
    client.post(f"/emb/quarantaene/{tief.id}/neu-zerlegen/")
    assert Mail.objects.get(id=tief.id).zerlegungsversuche == 3
    assert Zugriff.objects.filter(user=leitung, aktion="emb_quarantaene_rohtext_herunterladen").exists()


def test_wiederverwendete_message_id_mit_anderem_inhalt_bleibt_und_ist_markiert() -> None:
    erste = mail_einlesen(b"Message-ID: <doppelt@web.example>\r\nSubject: eins\r\n\r\nA\r\n", quelle="t").mail
    zweite = mail_einlesen(b"Message-ID: <doppelt@web.example>\r\nSubject: zwei\r\n\r\nB\r\n", quelle="t").mail
    assert erste.id != zweite.id and Mail.objects.count() == 2
    assert Mail.objects.filter(message_id_mehrfach=True).count() == 2
    assert "Message-ID gehört schon zu einer anderen Mail mit anderem Inhalt" in zweite.warnungen


def test_transportkoepfe_aendern_die_identitaet_nicht() -> None:
    roh = KORPUS["kopf_8bit_utf8"]
    mail_einlesen(roh, quelle="eml")
    zugestellt = (b"Return-Path: <kunde@web.example>\r\nDelivered-To: kundenpostfach\r\n"
                  b"Received: from mx by mx; Tue, 24 Mar 2020 09:00:01 +0100\r\n" + roh)
    assert not mail_einlesen(_lf(zugestellt), quelle="maildir").neu
    assert not mail_einlesen(b"From kunde@web.example Tue Mar 24 09:00:01 2020\n" + _lf(roh), quelle="mbox").neu


def test_befehl_liest_dateien_maildir_und_mbox(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eml = schreiben(tmp_path / "eml")
    md = mailbox.Maildir(tmp_path / "md", create=True)
    mb = mailbox.mbox(tmp_path / "postfach.mbox", create=True)
    for roh in KORPUS.values():
        md.add(_lf(roh))
        mb.add(_lf(roh))
    md.close()
    mb.close()
    assert befehl_einlesen([tmp_path / "eml", tmp_path / "md", tmp_path / "postfach.mbox", tmp_path / "fehlt"]) == 0
    ausgabe = capsys.readouterr()
    n = len(eml)
    q = IN_QUARANTAENE
    assert f"{tmp_path / 'eml'}: {n} gelesen, {n - q} neu, 0 Duplikate, {q} in Quarantäne" in ausgabe.out
    assert f"{tmp_path / 'md'}: {n} gelesen, 0 neu, {n} Duplikate, 0 in Quarantäne" in ausgabe.out
    assert f"{tmp_path / 'postfach.mbox'}: {n} gelesen, 0 neu, {n} Duplikate, 0 in Quarantäne" in ausgabe.out
    assert f"Summe: {3 * n} gelesen, {n - q} neu, {2 * n} Duplikate, {q} in Quarantäne" in ausgabe.out
    assert f"Fehler: {tmp_path / 'fehlt'}: gibt es nicht." in ausgabe.err
    assert befehl_einlesen([tmp_path / "fehlt"]) == 1
    assert "Keine der Quellen war lesbar: nichts eingelesen." in capsys.readouterr().err


def test_quelle_nennt_die_stelle_in_mbox_und_maildir(tmp_path: Path) -> None:
    """Eine Mail aus einer mbox nennt ihre Nummer, eine aus einem Maildir ihre Datei: wer eine Mail in der Quarantäne
    prüft, findet sie in der Quelle wieder."""
    roh = list(KORPUS.values())[:3]
    mb = mailbox.mbox(tmp_path / "postfach.mbox", create=True)
    md = mailbox.Maildir(tmp_path / "md", create=True)
    for r in roh:
        mb.add(_lf(r))
    schluessel = md.add(_lf(roh[0]))
    mb.close()
    md.close()
    assert [q for q, _ in rohe_mails(tmp_path / "postfach.mbox", [])] == [
        f"mbox:postfach.mbox#nachricht={n}" for n in (1, 2, 3)]
    assert [q for q, _ in rohe_mails(tmp_path / "md", [])] == [f"maildir:md#datei=new/{schluessel}"]


def test_imap_kaputter_korpus_blockiert_nicht(dovecot: Imap) -> None:
    c = imaplib.IMAP4("127.0.0.1", dovecot.port, timeout=30)
    abgelehnt = []
    try:
        c.login(dovecot.benutzer, dovecot.passwort)
        for name, roh in KORPUS.items():
            try:
                c.append("INBOX", "", imaplib.Time2Internaldate(time.time()), roh or b"\r\n")
            except imaplib.IMAP4.error:
                abgelehnt.append(name)       # IMAP erlaubt kein NUL in Literalen: der Server lehnt ab
    finally:
        c.logout()
    zugang = imap.ImapZugang(host="127.0.0.1", port=dovecot.port, benutzer=dovecot.benutzer,
                             passwort=dovecot.passwort)
    angenommen = len(KORPUS) - len(abgelehnt)
    assert imap.einmal_abholen(zugang) == angenommen
    assert imap.einmal_abholen(zugang) == 0                             # alles als gelesen markiert
    assert Mail.objects.count() == angenommen
    assert Mail.objects.filter(status=Mail.Status.QUARANTAENE).count() == 1 + len(set(KEINE_MAIL) - set(abgelehnt))
    for name, roh in KORPUS.items():                                     # derselbe Inhalt aus Dateien: Duplikat
        if name not in abgelehnt and roh:
            assert not mail_einlesen(roh, quelle="eml").neu, name



def test_imap_holt_in_stapeln_und_markiert_je_stapel(dovecot: Imap, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ein `UID FETCH` und ein `UID STORE` je Stapel (hier 3 Mails), eine kaputte Mail mitten im Stapel
    geht in die Quarantäne, die anderen in die Warteschlange; danach ist alles gelesen."""
    monkeypatch.setattr(imap, "STAPEL", 3)
    c = imaplib.IMAP4("127.0.0.1", dovecot.port, timeout=30)
    try:
        c.login(dovecot.benutzer, dovecot.passwort)
        for i in range(7):
            roh = KORPUS["mime_tief"] if i == 4 else KORPUS["kopf_8bit_utf8"].replace(b"Subject:", f"X-N: {i}\r\nSubject:".encode())
            c.append("INBOX", "", imaplib.Time2Internaldate(time.time()), roh)
    finally:
        c.logout()
    zugang = imap.ImapZugang(host="127.0.0.1", port=dovecot.port, benutzer=dovecot.benutzer,
                             passwort=dovecot.passwort)
    verbindung = zugang.verbinden()
    befehle: list[str] = []
    original = verbindung.uid

    def mitschreiben(befehl: str, *args: Any) -> Any:
        befehle.append(befehl)
        return original(befehl, *args)

    verbindung.uid = mitschreiben  # type: ignore[method-assign]
    try:
        assert imap.abholen(verbindung, "imap:test") == 7
        assert befehle == ["SEARCH", "FETCH", "STORE", "FETCH", "STORE", "FETCH", "STORE"]
        assert imap.abholen(verbindung, "imap:test") == 0                # alles als gelesen markiert
    finally:
        imap._schliessen(verbindung)
    assert Mail.objects.filter(status=Mail.Status.OFFEN).count() == 6
    assert Mail.objects.filter(status=Mail.Status.QUARANTAENE).count() == 1
