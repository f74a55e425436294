"""Der Ausgang: eine Antwort, freigegeben während der Broker nicht erreichbar ist, bleibt `wartend` und der
Feger sendet sie — genau einmal, mit `Date` zur Sendezeit und der ganzen References-Kette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.celery import app
from kundenportal.emb.models import Antwort
from kundenportal.emb.services import (
    antwort_entwerfen,
    antwort_zustellen,
    ausgang_fegen,
    mail_beanspruchen,
    mail_einlesen,
)

from .conftest import Smtp, freier_port

pytestmark = pytest.mark.django_db
MAIL = (b"From: Uwe Berger <uwe.berger@web.example>\r\nTo: service-center@arbeitsagentur.example\r\n"
        b"Subject: Re: Ihr Termin\r\nMessage-ID: <c@web.example>\r\nIn-Reply-To: <b@arbeitsagentur.example>\r\n"
        b"References: <a@web.example>\r\n <b@arbeitsagentur.example>\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"\r\nBitte absagen.\r\n")


@pytest.fixture
def broker_weg() -> Iterator[None]:
    vorher = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{freier_port()}/0"      # dort lauscht niemand
    app._pool = None
    try:
        yield
    finally:
        app.conf.broker_url = vorher
        app._pool = None


def test_broker_weg_beim_freigeben_dann_sendet_der_feger_genau_einmal(
        client: Client, anna: Any, smtp_server: Smtp, settings: Any, broker_weg: None,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_PORT = smtp_server.port
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, zeit.jetzt())
    entwurf = antwort_entwerfen(anna, mail.id, zeit.jetzt(), vorlage="identitaet_unklar")   # ohne Kundendaten
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    assert seite.status_code == 200 and "Die Antwort wird gesendet." in seite.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == Antwort.Status.WARTEND and smtp_server.empfangen == []

    assert ausgang_fegen(zeit.jetzt()) == []                          # erst nach der Wartezeit des Fegers
    spaeter = zeit.jetzt() + dt.timedelta(minutes=3)
    assert ausgang_fegen(spaeter) == [entwurf.id]
    assert ausgang_fegen(spaeter) == []
    assert antwort_zustellen(entwurf.id, spaeter).status == Antwort.Status.GESENDET   # doppelte Nachricht: nichts
    (umschlag,) = smtp_server.empfangen
    gesendet = message_from_bytes(umschlag.original_content, policy=policy.default)
    assert gesendet["In-Reply-To"] == "<c@web.example>"
    assert str(gesendet["References"]).split() == ["<a@web.example>", "<b@arbeitsagentur.example>", "<c@web.example>"]
    assert parsedate_to_datetime(str(gesendet["Date"])) == spaeter.replace(microsecond=0)
    assert gesendet["Message-ID"] == entwurf.message_id
