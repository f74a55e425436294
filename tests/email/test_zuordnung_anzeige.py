"""„Zuordnung bestätigen“ nimmt nur Kundennummern, die VerBIS kennt — normalisiert wie die Kundensuche der
Beschäftigten, die Meldung am Feld. Die Mail-Seite zeigt fremden Text sicher: Dateinamen ohne Steuerzeichen
(isoliert), eine leere Mail ohne verbotenes aria-label, Anliegen mit deutschem Namen."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Mail, Protokoll
from kundenportal.emb.services import (
    KundennummerUngueltig,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.leitfaden.vokabular import BERLIN

from .test_terminabsage import KUNDENNUMMER, MAIL

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def mail(anna: Any) -> Mail:
    ausgangslage_laden({"kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger",
                                  "wohnort_agentur": "Nürnberg", "email": "uwe.berger@web.example"}})
    ausgangslage_laden({"kunde": {"kundennummer": "955A300077", "vorname": "Eva", "nachname": "Kurz",
                                  "wohnort_agentur": "Nürnberg"}})
    m = mail_einlesen(MAIL, quelle="test").mail
    assert mail_beanspruchen(anna, m.id, JETZT)
    return m


@pytest.mark.parametrize(("eingabe", "meldung"), [
    ("abc", "„abc“ ist keine Kundennummer: Sie hat drei Ziffern, einen Buchstaben und sechs Ziffern, zum Beispiel "
            "955A123456."),
    ("955Z999999", "Die Kundennummer 955Z999999 ist in VerBIS nicht bekannt. Bitte prüfen Sie die Eingabe."),
    ("955 z 999-999", "Die Kundennummer 955Z999999 ist in VerBIS nicht bekannt. Bitte prüfen Sie die Eingabe."),
])
def test_ungueltige_kundennummer_wird_am_feld_abgelehnt(client: Client, anna: Any, mail: Mail, eingabe: str,
                                                        meldung: str) -> None:
    with pytest.raises(KundennummerUngueltig) as fehler:
        zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT, kundennummer=eingabe)
    assert str(fehler.value) == meldung
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "au_meldung", "kundennummer": eingabe})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert (f'<p class="kern-error" id="kundennummer-fehler"><span class="kern-icon kern-icon--danger" '
            f'aria-hidden="true"></span><span class="kern-body">{meldung}</span></p>') in html
    feld = re.search(r'<input [^>]*id="kundennummer"[^>]*>', html)
    assert feld is not None and 'aria-invalid="true"' in feld[0] and 'aria-describedby="kundennummer-fehler"' in feld[0]
    assert f'value="{eingabe}"' in feld[0]                              # die Eingabe bleibt stehen
    assert '<option value="au_meldung" selected>Meldung einer AU</option>' in html     # die gewählte Klasse auch
    gespeichert = Mail.objects.get(id=mail.id)
    assert (gespeichert.kundennummer, gespeichert.klasse) == (KUNDENNUMMER, "")
    assert not Protokoll.objects.filter(mail=mail, art="zuordnung").exists()


def test_kundennummer_wird_wie_in_der_kundensuche_normalisiert(client: Client, anna: Any, mail: Mail) -> None:
    assert kundennummer_normalisieren("955a 300-077") == "955A300077"       # die Regel der Kundensuche
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": "955a 300-077"})
    assert antwort.status_code == 302
    gespeichert = Mail.objects.get(id=mail.id)
    assert (gespeichert.kundennummer, gespeichert.kundennummer_quelle) == ("955A300077", "beschaeftigte")
    client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": " "})
    assert Mail.objects.get(id=mail.id).kundennummer == ""                 # leer: keine Kundennummer


BIDI = b"""\
From: Uwe Berger <uwe.berger@web.example>\r
To: service-center@arbeitsagentur.example\r
Subject: Rechnung\r
Message-ID: <bidi-1@web.example>\r
Date: Tue, 24 Mar 2020 07:12:00 +0100\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary="grenze"\r
\r
--grenze\r
Content-Type: text/plain; charset=utf-8\r
\r
\r
--grenze\r
Content-Type: text/html\r
Content-Disposition: attachment; filename*=UTF-8''rechnung%E2%80%AEfdp.html\r
\r
<p>x</p>\r
--grenze--\r
"""


def test_leere_mail_und_dateiname_mit_bidi_steuerzeichen(client: Client, anna: Any) -> None:
    mail = mail_einlesen(BIDI, quelle="test").mail
    (anhang,) = mail.anhaenge.all()
    assert anhang.dateiname == "rechnung\u202efdp.html" and mail.text.strip() == ""
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    assert "\u202e" not in html
    assert '<bdi>rechnungfdp.html</bdi></a> (text/html' in html and "Steuerzeichen im Dateinamen entfernt" in html
    assert 'aria-label="Text der Mail"' not in html and "Die Mail enthält keinen Text." in html
    herunter = client.get(f"/emb/{mail.id}/anhang/{anhang.nummer}/")
    assert herunter["Content-Disposition"] == "attachment; filename*=UTF-8''rechnungfdp.html"


def test_mailtext_ist_ein_benannter_bereich_und_anliegen_haben_deutsche_namen(client: Client, anna: Any,
                                                                              mail: Mail) -> None:
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    assert '<pre class="mailtext" style="white-space:pre-wrap" tabindex="0" role="region" aria-label="Text der Mail">' \
        in html
    assert "Vorschlag: Terminabsage / Terminverschiebung (" in html
    assert '<option value="sonstiges" >Sonstiges</option>' in html
    liste = client.get("/emb/").content.decode()
    assert "Terminabsage / Terminverschiebung" in liste and ">terminabsage<" not in liste
    assert '<option value="au_meldung" >Meldung einer AU</option>' in liste
