"""Antworten: Vorlage mit Kundendaten, änderbar, Versand per SMTP an einen echten lokalen Server;
ist er nicht erreichbar, bleibt die Antwort sichtbar `fehlgeschlagen` mit geplantem neuen Versuch."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from typing import Any

import pytest
from django.test import override_settings

from kundenportal.emb.models import Antwort, Protokoll
from kundenportal.emb.services import (
    antwort_aendern,
    antwort_entwerfen,
    antwort_zustellen,
    mail_beanspruchen,
    mail_einlesen,
)
from kundenportal.emb.tasks import antwort_senden
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import Smtp, identitaet_bestaetigen, korpus_mail

JETZT = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
pytestmark = pytest.mark.django_db


def _entwurf(anna: Any) -> Antwort:
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"}})  # der Absender
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    identitaet_bestaetigen(anna, mail.id, JETZT)
    return antwort_entwerfen(anna, mail.id, JETZT, vorlage="au_erfasst")


def test_entwurf_traegt_die_kundendaten_und_ist_aenderbar(anna: Any) -> None:
    antwort = _entwurf(anna)
    assert antwort.text.startswith("Guten Tag Sandra Böhm,")
    assert "Ihre Kundennummer: 535P478094" in antwort.text
    assert antwort.betreff == "Ihre Arbeitsunfähigkeit (Kundennummer 535P478094)"
    # die Mail kündigt die Bescheinigung an, sie liegt nicht bei: kein Dank für eine Bescheinigung
    assert "vielen Dank für Ihre Nachricht zu Ihrer Arbeitsunfähigkeit" in antwort.text
    assert "Dank für Ihre Arbeitsunfähigkeitsbescheinigung" not in antwort.text
    geaendert = antwort_aendern(anna, antwort.id, antwort.betreff, antwort.text + "\nPS: Gute Besserung.")
    assert geaendert.text.endswith("PS: Gute Besserung.")


def test_smtp_nicht_erreichbar_dann_erfolgreich(anna: Any, smtp_port: int, request: pytest.FixtureRequest) -> None:
    antwort = _entwurf(anna)
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.WARTEND)   # freigegeben (Worker sendet nur das)
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_port, EMAIL_TIMEOUT=2):
        with pytest.raises(ConnectionRefusedError):
            antwort_senden(antwort.id)            # der Task plant im Worker den neuen Versuch (retry)
        antwort.refresh_from_db()
        assert antwort.status == Antwort.Status.FEHLGESCHLAGEN
        assert antwort.versuche == 1 and "ConnectionRefusedError" in antwort.letzter_fehler
        assert antwort.naechster_versuch is not None
        assert Protokoll.objects.filter(art="versand_fehlgeschlagen").count() == 1

        server: Smtp = request.getfixturevalue("smtp_server")   # jetzt läuft der Server
        assert antwort_zustellen(antwort.id, JETZT).status == Antwort.Status.GESENDET
    (umschlag,) = server.empfangen
    assert umschlag.rcpt_tos == ["s.boehm@t-mail.example"]
    gesendet = message_from_bytes(umschlag.original_content, policy=policy.default)
    assert gesendet["In-Reply-To"] == antwort.mail.message_id
    assert "Guten Tag Sandra Böhm" in gesendet.get_content()
    antwort.refresh_from_db()
    assert (antwort.status, antwort.versuche, antwort.letzter_fehler) == (Antwort.Status.GESENDET, 2, "")
