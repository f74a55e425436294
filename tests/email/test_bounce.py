"""Unzustellbarkeitsmeldungen (Bounces) zu unseren Antworten: die Antwort wird `unzustellbar`, steht in
der Warteschlange und lässt sich erneut senden — nur an dieselbe Adresse und nur, wenn die Prüfung der
Freigabe (Identität, hinterlegte Adresse, keine Kundendaten ohne beides) jetzt noch durchgeht."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from kundenportal.emb.models import Antwort, Mail, Protokoll
from kundenportal.emb.services import (
    NichtBeansprucht,
    antwort_entwerfen,
    antwort_erneut_senden,
    antwort_zustellen,
    mail_beanspruchen,
    mail_einlesen,
    mail_freigeben,
)
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import Smtp, korpus_mail

JETZT = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
pytestmark = pytest.mark.django_db


def _gesendet(smtp: Smtp, anna: Any) -> Antwort:
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth"}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    # ohne Arbeitshilfe ist die Identität nicht bestätigt: eine Antwort ohne Kundendaten (freigegeben)
    antwort = antwort_entwerfen(anna, mail.id, JETZT, vorlage="identitaet_unklar")
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.WARTEND)
    with override_settings(EMAIL_PORT=smtp.port):
        return antwort_zustellen(antwort.id, JETZT)


def _dsn(original_id: str) -> bytes:
    """Eine DSN nach RFC 3464, wie Postfix sie schickt: die Message-ID steht nur im Original-Kopf."""
    return f"""\
From: MAILER-DAEMON@mx.t-mail.example (Mail Delivery System)
To: service-center@arbeitsagentur.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-4711@mx.t-mail.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="grenze"

--grenze
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered.
<s.boehm@t-mail.example>: host mx.t-mail.example said: 550 5.1.1 User unknown

--grenze
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.t-mail.example
Final-Recipient: rfc822; s.boehm@t-mail.example
Action: failed
Status: 5.1.1

--grenze
Content-Type: text/rfc822-headers

From: service-center@arbeitsagentur.example
To: s.boehm@t-mail.example
Subject: Ihre Arbeitsunfähigkeitsbescheinigung
Message-ID: {original_id}

--grenze--
""".replace("\n", "\r\n").encode()


def _einfacher_bounce(original_id: str) -> bytes:
    """Ein „Bounce“ ohne DSN-Struktur: nur In-Reply-To nennt unsere Antwort — nicht zu unterscheiden von
    einer Kundenantwort, also keine Meldung nach RFC 3464."""
    return (f"From: postmaster@t-mail.example\r\nTo: service-center@arbeitsagentur.example\r\n"
            f"Subject: Nicht zustellbar\r\nMessage-ID: <nz-1@t-mail.example>\r\nIn-Reply-To: {original_id}\r\n"
            f"\r\nDie Nachricht konnte nicht zugestellt werden: Postfach voll.\r\n").encode()


def _gefaelschter_bounce(original_id: str) -> bytes:
    """Eine Kundenmail, die „delivery-status“ schreibt und unsere Message-ID zitiert — ohne Struktur."""
    return (f"From: s.boehm@t-mail.example\r\nSubject: delivery-status?\r\nMessage-ID: <f-1@t-mail.example>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nIst {original_id} angekommen? delivery-status\r\n"
            ).encode()


@pytest.mark.parametrize("keine", [_einfacher_bounce, _gefaelschter_bounce], ids=["in-reply-to", "gefaelscht"])
def test_nur_rfc3464_struktur_ist_ein_bounce(keine: Callable[[str], bytes], smtp_server: Smtp, anna: Any) -> None:
    antwort = _gesendet(smtp_server, anna)
    mail = mail_einlesen(keine(antwort.message_id), quelle="imap:test", jetzt=JETZT).mail
    antwort.refresh_from_db()
    assert antwort.status == Antwort.Status.GESENDET
    assert mail.status == Mail.Status.OFFEN        # in der Warteschlange: ein Mensch sieht sie an


def test_bounce_markiert_die_antwort_unzustellbar_und_zeigt_sie(smtp_server: Smtp, client: Client,
                                                                benutzer: Callable[..., Any], anna: Any) -> None:
    antwort = _gesendet(smtp_server, anna)
    meldung = mail_einlesen(_dsn(antwort.message_id), quelle="imap:test", jetzt=JETZT).mail
    antwort.refresh_from_db()
    assert antwort.status == Antwort.Status.UNZUSTELLBAR
    assert antwort.letzter_fehler.startswith("Bounce: ")
    assert meldung.status == Mail.Status.ERLEDIGT               # zu tun ist etwas an der Antwort
    assert Protokoll.objects.filter(mail=antwort.mail, art="bounce", details__meldung=meldung.id).exists()

    client.force_login(benutzer("agent_emb", "anna"))
    seite = client.get("/emb/").content.decode()
    assert "Antworten, die noch nicht zugestellt sind" in seite
    assert "unzustellbar (Bounce)" in seite and "Erneut senden" in seite


def test_antwort_des_kunden_auf_unsere_antwort_ist_kein_bounce(smtp_server: Smtp, anna: Any) -> None:
    antwort = _gesendet(smtp_server, anna)
    roh = (f"From: s.boehm@t-mail.example\r\nSubject: Re: Ihre AU\r\nMessage-ID: <re-1@t-mail.example>\r\n"
           f"In-Reply-To: {antwort.message_id}\r\n\r\nDanke!\r\n").encode()
    assert mail_einlesen(roh, quelle="test").mail.status == Mail.Status.OFFEN
    antwort.refresh_from_db()
    assert antwort.status == Antwort.Status.GESENDET


def test_unzustellbare_antwort_nur_an_dieselbe_adresse_erneut_senden(smtp_server: Smtp, client: Client, anna: Any,
                                                                     benutzer: Callable[..., Any], eager: None,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    antwort = _gesendet(smtp_server, anna)
    mail_einlesen(_dsn(antwort.message_id), quelle="test")
    client.force_login(benutzer("agent_emb", "anna"))
    with override_settings(EMAIL_PORT=smtp_server.port), django_capture_on_commit_callbacks(execute=True):
        # eine andere Adresse (etwa von Hand mitgeschickt) gilt nicht: domain.md 5.2
        antwort_seite = client.post(f"/emb/antwort/{antwort.id}/erneut/", {"an": "sandra.boehm@t-mail.example"},
                                    follow=True)
    assert "Die Antwort wird erneut gesendet." in antwort_seite.content.decode()
    antwort.refresh_from_db()
    assert (antwort.status, antwort.an, antwort.versuche) == (Antwort.Status.GESENDET, "s.boehm@t-mail.example", 2)
    assert [u.rcpt_tos for u in smtp_server.empfangen] == [["s.boehm@t-mail.example"], ["s.boehm@t-mail.example"]]
    assert Protokoll.objects.get(art="antwort_erneut_freigegeben").details == {
        "antwort": antwort.id, "an": "s.boehm@t-mail.example", "vorher": "unzustellbar"}


def test_erneut_senden_nur_fuer_fehlgeschlagene_und_nur_durch_die_bearbeitende_person(
        smtp_server: Smtp, anna: Any, bernd: Any) -> None:
    antwort = _gesendet(smtp_server, anna)
    with pytest.raises(ValueError) as gesendet:
        antwort_erneut_senden(anna, antwort.id, JETZT)
    assert str(gesendet.value) == ("Nur fehlgeschlagene oder unzustellbare Antworten werden erneut gesendet. "
                                   "Diese Antwort ist bereits gesendet.")
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.FEHLGESCHLAGEN)
    with pytest.raises(NichtBeansprucht) as fremd:
        antwort_erneut_senden(bernd, antwort.id, JETZT)
    assert str(fremd.value) == "Die Mail bearbeitet gerade anna; nur diese Person kann die Antwort erneut senden."
    mail_freigeben(anna, antwort.mail_id, JETZT)
    assert antwort_erneut_senden(bernd, antwort.id, JETZT).status == Antwort.Status.WARTEND
