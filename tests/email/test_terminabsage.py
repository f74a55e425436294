"""`EMB Terminabsage` von Anfang bis Ende über die Seiten der E-Mail-Bearbeitung: Mail eines Kunden mit
Termin im Referenz-ATV → Vorschlag Terminabsage → bestätigt → Arbeitshilfe als Kontakt → Termin
`abgesagt` → Antwort über einen echten SMTP-Server (aiosmtpd) gesendet und gespeichert → Kontakt in der
Kontakthistorie des Kunden."""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_bytes, policy
from typing import Any

import pytest
from django.test import Client, override_settings

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.services import mail_einlesen
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.gespraech import services as gespraech

from .conftest import Smtp

pytestmark = pytest.mark.django_db
KUNDENNUMMER = "955A300078"


def uwe_berger_laden(wohnort: str = "Nürnberg") -> None:
    """Der Kunde der Terminabsage per E-Mail (Uwe Berger, Reha-Vermittlung, Absender der MAIL) mit seinem Termin T1 am
    27.03.2020 in Nürnberg — die Ausgangslage der E-Mail-Tests, hier einmal geschrieben."""
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger", "geburtsdatum": "1972-06-24",
                  "wohnort_agentur": wohnort, "betreuung": "reha_vermittlung", "email": "uwe.berger@web.example"},
        "termine": [{"id": "T1", "bereich": "reha_vermittlung", "beginn": "2020-03-27T10:00", "agentur": "Nürnberg"}],
    })
MAIL = """\
From: Uwe Berger <uwe.berger@web.example>
To: service-center@arbeitsagentur.example
Subject: Termin am 27.03. absagen
Message-ID: <absage-berger-1@web.example>
Date: Tue, 24 Mar 2020 07:12:00 +0100
Content-Type: text/plain; charset=utf-8

Guten Tag,

leider kann ich den Termin am Freitag nicht wahrnehmen, die Kinderbetreuung fällt aus.
Bitte sagen Sie den Termin ab, ich melde mich für einen neuen.

Viele Grüße
Uwe Berger
""".replace("\n", "\r\n").encode()


def test_terminabsage_per_mail_von_eingang_bis_antwort(client: Client, benutzer: Callable[..., Any],
                                                        settings: Any, smtp_server: Smtp, eager: None,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()
    mail = mail_einlesen(MAIL, quelle="imap:test").mail
    assert (mail.vorschlag, mail.leitfaden) == ("terminabsage", "EMB Terminabsage")
    assert (mail.kundennummer, mail.kundennummer_quelle) == (KUNDENNUMMER, "absender")   # über VerBIS

    anna = benutzer("agent_emb", "anna")
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    assert client.post(f"{seite}beanspruchen/").status_code == 302
    client.post(f"{seite}zuordnung/", {"klasse": "terminabsage", "kundennummer": KUNDENNUMMER})
    client.post(f"{seite}arbeitshilfe/")
    antworten = {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1",
                 "teilnahme_erforderlich": "ja", "teilnahme_moeglich": "nein",
                 "absagegrund": "Kinderbetreuung fällt aus", "neuer_termin_gewuenscht": "nein"}
    gefragt = []
    bestaetigt = []
    for _ in range(len(antworten) + 3):
        ansicht = client.get(seite).context["a"]
        if ansicht.art == "bestaetigung":        # Bestätigungsschritt vor der Absage im ATV (wie am Telefon)
            assert "Bitte prüfen und bestätigen" in client.get(seite).content.decode()
            bestaetigt.append(ansicht.vorhaben.was)
            client.post(f"{seite}arbeitshilfe/", {"bestaetigen": "1", "zeichen": ansicht.vorhaben.zeichen})
            continue
        if ansicht.art != "frage":
            break
        gefragt.append(ansicht.fakt)
        client.post(f"{seite}arbeitshilfe/", {"fakt": ansicht.fakt, "wert": antworten[ansicht.fakt]})
    assert gefragt == list(antworten) and bestaetigt == ["Termin absagen"]
    assert (ansicht.art, ansicht.ergebnis) == ("ende", "termin_abgesagt")
    assert zustand_lesen(KUNDENNUMMER)["termine"][0]["status"] == "abgesagt"
    html = client.get(seite).content.decode()
    assert "Kontaktvermerk (prüfen und ergänzen)" in html and "Kinderbetreuung fällt aus" in html

    client.post(f"{seite}antwort/")                                   # Entwurf aus der Vorlage
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.betreff == f"Ihr Termin ist abgesagt (Kundennummer {KUNDENNUMMER})"
    assert entwurf.text.startswith("Guten Tag Uwe Berger,")
    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                "betreff": entwurf.betreff, "text": entwurf.text + "\nPS: Bis bald."})
    assert vorschau.status_code == 200 and "Antwort prüfen" in vorschau.content.decode()
    assert "PS: Bis bald." in vorschau.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == Antwort.Status.ENTWURF                   # die Vorschau sendet nicht
    with override_settings(EMAIL_PORT=smtp_server.port), django_capture_on_commit_callbacks(execute=True):
        client.post(f"{seite}antwort/", {"aktion": "senden", "antwort": entwurf.id})
    entwurf.refresh_from_db()
    assert entwurf.status == Antwort.Status.GESENDET and entwurf.text.endswith("PS: Bis bald.")
    (umschlag,) = smtp_server.empfangen
    assert umschlag.rcpt_tos == ["uwe.berger@web.example"]
    gesendet = message_from_bytes(umschlag.original_content, policy=policy.default)
    assert (gesendet["In-Reply-To"], gesendet["Message-ID"]) == ("<absage-berger-1@web.example>", entwurf.message_id)
    assert ("Wir haben Ihren Termin am Freitag, 27.03.2020, um 10:00 Uhr in der Agentur für Arbeit Nürnberg "
            "(Reha-Vermittlung) wie gewünscht abgesagt") in gesendet.get_content()

    vermerk = ansicht.vermerk + "\nAntwort per E-Mail gesendet."
    assert client.post(f"{seite}erledigen/", {"vermerk": vermerk}).status_code == 302
    mail = Mail.objects.select_related("kontakt").get(id=mail.id)
    assert mail.status == Mail.Status.ERLEDIGT and mail.kontakt is not None
    assert (mail.kontakt.kanal, mail.kontakt.leitfaden, mail.kontakt.ergebnis, mail.kontakt.vermerk) == (
        "emb", "EMB Terminabsage", "termin_abgesagt", vermerk)
    _, historie = gespraech.kundenhistorie_lesen(anna, KUNDENNUMMER)
    assert [k.pk for k in historie] == [mail.kontakt.pk]
    assert "Antwort per E-Mail gesendet." in client.get(seite).content.decode()
