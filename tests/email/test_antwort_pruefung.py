"""Eine Antwort ohne Empfänger geht nie als „gesendet“ durch: Entwurf, Prüfung, Freigabe und Versand lehnen
sie ab; der Versand zählt nur eine wirklich hinausgegangene Nachricht. Ein ungesendeter Entwurf hält
„Erledigt“ auf, bis er gesendet oder verworfen ist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings

from kundenportal.emb.models import Antwort, Mail, Protokoll
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    OffenerEntwurf,
    antwort_entwerfen,
    antwort_erneut_senden,
    antwort_freigeben,
    antwort_verwerfen,
    antwort_zustellen,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    zuordnung_bestaetigen,
)
from kundenportal.emb.tasks import antwort_senden
from kundenportal.emb.versand import KEIN_EMPFAENGER
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import Smtp, identitaet_bestaetigen, korpus_mail
from .test_terminabsage import KUNDENNUMMER, MAIL

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
OHNE_ABSENDER = b"""\
To: service-center@arbeitsagentur.example\r
Subject: Termin absagen\r
Message-ID: <ohne-absender-1@web.example>\r
Date: Tue, 24 Mar 2020 07:12:00 +0100\r
Content-Type: text/plain; charset=utf-8\r
\r
Ich kann am Freitag nicht kommen, bitte absagen. Kundennummer 955A300078\r
"""


def _kunde() -> None:
    ausgangslage_laden({"kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger",
                                  "wohnort_agentur": "Nürnberg", "email": "uwe.berger@web.example"}})


def _ohne_absender(anna: Any) -> Mail:
    _kunde()
    mail = mail_einlesen(OHNE_ABSENDER, quelle="test").mail
    assert (mail.absender, mail.kundennummer) == ("", KUNDENNUMMER)
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT)
    return mail


def _alter_entwurf_ohne_empfaenger(mail: Mail) -> Antwort:
    """Ein Entwurf, wie ihn die Seite vor der Korrektur zu einer Mail ohne From anlegte (an="")."""
    return Antwort.objects.create(mail=mail, an="", betreff="Ihre Nachricht", text="Guten Tag,\n\nvielen Dank.",
                                  vorlage="allgemein", message_id="<emb-alt-1@arbeitsagentur.example>",
                                  erstellt_von="anna", erstellt=JETZT)


def test_ohne_absender_wird_keine_antwort_entworfen_und_die_seite_sagt_was_zu_tun_ist(client: Client,
                                                                                      anna: Any) -> None:
    mail = _ohne_absender(anna)
    with pytest.raises(AntwortNichtMoeglich, match=r"^Kein Empfänger: Die Mail hat keine Absenderadresse"):
        antwort_entwerfen(anna, mail.id, JETZT)
    assert not Antwort.objects.exists()
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Antwort aus Vorlage entwerfen" not in seite
    assert ("Keine Antwort per E-Mail möglich: Die Mail hat keine gültige Absenderadresse, und an eine andere "
            "Adresse gehen keine Kundendaten.") in seite
    assert 'name="an"' not in seite                       # kein Feld für eine andere Adresse (domain.md 5.2)
    antwort = client.post(f"/emb/{mail.id}/antwort/", follow=True).content.decode()
    assert "Kein Empfänger: Die Mail hat keine Absenderadresse" in antwort
    # auch „Erneut senden“ in der Warteschlange bietet keine andere Adresse an (nicht nur die Mail-Seite)
    fehlgeschlagen = _alter_entwurf_ohne_empfaenger(mail)
    Antwort.objects.filter(id=fehlgeschlagen.id).update(status=Antwort.Status.FEHLGESCHLAGEN)
    warteschlange = client.get("/emb/").content.decode()
    assert "Erneut senden" in warteschlange and 'name="an"' not in warteschlange


def test_pruefung_ohne_empfaenger_ist_ein_fehler_und_bietet_kein_senden_an(client: Client, anna: Any,
                                                                           smtp_server: Smtp) -> None:
    mail = _ohne_absender(anna)
    entwurf = _alter_entwurf_ohne_empfaenger(mail)
    client.force_login(anna)
    vorschau = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                        "betreff": entwurf.betreff, "text": entwurf.text})
    html = vorschau.content.decode()
    assert "Senden nicht möglich (1)" in html and KEIN_EMPFAENGER in html
    assert 'id="senden"' not in html and "Trotz Warnungen senden" not in html
    assert "Entwurf verwerfen" in html and "(kein Empfänger)" in html

    with override_settings(EMAIL_PORT=smtp_server.port):       # auch direkt abgeschickt: nicht freigegeben
        seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "senden", "antwort": entwurf.id},
                            follow=True).content.decode()
    assert KEIN_EMPFAENGER in seite and "Die Antwort wird gesendet." not in seite
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF
    with pytest.raises(AntwortNichtMoeglich, match=r"^Kein Empfänger"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    assert smtp_server.empfangen == []


def test_versand_ohne_empfaenger_ist_fehlgeschlagen_nie_gesendet(anna: Any, smtp_server: Smtp) -> None:
    mail = _ohne_absender(anna)
    antwort = _alter_entwurf_ohne_empfaenger(mail)
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.WARTEND)   # vor der Korrektur freigegeben
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_server.port):
        assert antwort_senden(antwort.id) == "fehlgeschlagen"     # der Task plant keinen neuen Versuch
    antwort.refresh_from_db()
    assert (antwort.status, antwort.gesendet_am, antwort.naechster_versuch) == (
        Antwort.Status.FEHLGESCHLAGEN, None, None)
    assert antwort.letzter_fehler == KEIN_EMPFAENGER and antwort.status_text == "fehlgeschlagen, kein neuer Versuch"
    assert smtp_server.empfangen == []
    assert not Protokoll.objects.filter(art="antwort_gesendet").exists()
    assert Protokoll.objects.filter(art="versand_fehlgeschlagen").count() == 1
    with pytest.raises(AntwortNichtMoeglich, match=r"^Kein Empfänger"):      # erneut: nicht ohne Empfänger
        antwort_erneut_senden(anna, antwort.id, JETZT)
    assert Antwort.objects.get(id=antwort.id).status == Antwort.Status.FEHLGESCHLAGEN


class NimmtNichtsAn(BaseEmailBackend):
    """Ein Backend, das wie Djangos SMTP-Backend ohne Empfänger nichts sendet und 0 meldet, ohne Fehler."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return 0


def test_null_gesendete_nachrichten_sind_ein_fehlschlag(anna: Any, settings: Any) -> None:
    _kunde()
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    identitaet_bestaetigen(anna, mail.id, JETZT)
    antwort = antwort_entwerfen(anna, mail.id, JETZT, vorlage="allgemein")
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.WARTEND)   # freigegeben (Worker sendet nur das)
    settings.EMAIL_BACKEND = f"{__name__}.NimmtNichtsAn"
    assert antwort_zustellen(antwort.id, JETZT).status == Antwort.Status.FEHLGESCHLAGEN
    antwort.refresh_from_db()
    assert antwort.letzter_fehler == "Das E-Mail-Backend hat 0 statt einer Nachricht gesendet."
    assert antwort.gesendet_am is None


def test_erledigt_mit_ungesendetem_entwurf_wird_abgelehnt_bis_er_verworfen_ist(client: Client, anna: Any) -> None:
    _kunde()
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    identitaet_bestaetigen(anna, mail.id, JETZT)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, vorlage="allgemein")
    with pytest.raises(OffenerEntwurf):
        mail_erledigen(anna, mail.id, JETZT)
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Vor „Erledigt“: Senden oder verwerfen Sie den Entwurf der Antwort." in seite
    abgelehnt = client.post(f"/emb/{mail.id}/erledigen/", follow=True)
    assert abgelehnt.redirect_chain[-1][0] == f"/emb/{mail.id}/"
    assert ("Zu dieser Mail liegt ein Antwortentwurf, der nicht gesendet ist. Senden Sie ihn („Prüfen“, dann "
            "„Senden“) oder verwerfen Sie ihn, bevor Sie die Mail erledigen.") in abgelehnt.content.decode()
    assert Mail.objects.get(id=mail.id).status == Mail.Status.IN_BEARBEITUNG

    verworfen = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "verwerfen", "antwort": entwurf.id}, follow=True)
    assert "Der Entwurf ist verworfen." in verworfen.content.decode()
    assert not Antwort.objects.filter(id=entwurf.id).exists()
    assert Protokoll.objects.get(art="antwort_verworfen").details == {
        "antwort": entwurf.id, "vorlage": "allgemein", "an": "uwe.berger@web.example"}
    ohne_vermerk = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": ""})     # ohne Antwort: nur mit Grund
    assert ohne_vermerk.status_code == 400 and "Ohne gesendete Antwort braucht die Mail einen Vermerk" in (
        ohne_vermerk.content.decode())
    erledigt = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "Telefonisch geklärt."}, follow=True)
    assert erledigt.redirect_chain[-1][0] == "/emb/"
    assert "Die Mail „Termin am 27.03. absagen“ ist erledigt." in erledigt.content.decode()
    assert Mail.objects.get(id=mail.id).status == Mail.Status.ERLEDIGT


def test_nur_ein_entwurf_und_nur_entwuerfe_werden_verworfen(anna: Any, smtp_server: Smtp) -> None:
    _kunde()
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    identitaet_bestaetigen(anna, mail.id, JETZT)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, vorlage="allgemein")
    with pytest.raises(AntwortNichtMoeglich, match=r"^Zu dieser Mail gibt es schon einen Entwurf"):
        antwort_entwerfen(anna, mail.id, JETZT)
    Antwort.objects.filter(id=entwurf.id).update(status=Antwort.Status.WARTEND)   # freigegeben (Worker sendet nur das)
    with override_settings(EMAIL_PORT=smtp_server.port):
        assert antwort_zustellen(entwurf.id, JETZT).status == Antwort.Status.GESENDET
    with pytest.raises(AntwortNichtMoeglich) as verworfen:
        antwort_verwerfen(anna, entwurf.id, JETZT)
    assert str(verworfen.value) == "Nur ein Entwurf kann verworfen werden. Diese Antwort ist bereits gesendet."
    with pytest.raises(AntwortNichtMoeglich, match=r"^Zu dieser Mail gibt es schon eine Antwort\. Diese Antwort ist "
                                                   r"bereits gesendet\. Eine zweite wird nicht entworfen\."):
        antwort_entwerfen(anna, mail.id, JETZT)


def test_kodierter_absendername_mit_komma_ergibt_die_richtige_adresse(anna: Any) -> None:
    """Korpus 0044: „=?utf-8?b?…?=“ steht für „Schröder, Jülide“ — die Adresse ist die in <…>, nicht
    „schröder“ (sonst ginge keine Antwort hinaus: kein gültiger Empfänger)."""
    mail = mail_einlesen(korpus_mail("0044"), quelle="test").mail
    assert (mail.absender_name, mail.absender) == ("Schröder, Jülide", "schroeder.juelide@kabelnet.example")
    unkodiert = mail_einlesen(b"From: Pohl, Max <m.pohl@web.example>\r\nMessage-ID: <k-1@web.example>\r\n"
                              b"Subject: Frage\r\n\r\nText\r\n", quelle="test").mail
    assert unkodiert.absender == "m.pohl@web.example"
