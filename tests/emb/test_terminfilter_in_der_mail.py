"""Rundgang E-Mail-Bearbeitung: „Termine anzeigen“ (Filter der freien Termine) führte aus der Mail auf die
Gesprächsseite des Kontakts — Mail, Antwort und „Erledigt“ waren weg. Jetzt bleibt der Filter auf der Mail
(`/emb/<id>/?tag=…`), die Mail-Seite liest die freien Termine ab dem Tag, ein falscher Tag steht am Feld. Ohne
Auswahl nennt die Frage „Erledigt“ statt des „Kontakt vorzeitig beenden“ (Alt+A) des Telefons."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Mail
from kundenportal.emb.services import (
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.test_terminabsage import MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()


def _bis_zur_terminwahl(anna: Any) -> Mail:
    mail = mail_einlesen(MAIL, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    a = bearbeitung_starten(anna, mail.id, JETZT)
    for fakt, wert in (("identitaet_geprueft", "ja"), ("terminanliegen", "verschieben"), ("termin_id", "T1")):
        assert a.fakt == fakt, (a.art, a.fakt)
        a = bearbeitung_beantworten(anna, mail.id, fakt, wert)
    while a.art == "frage" and a.terminfilter is None:
        a = bearbeitung_beantworten(anna, mail.id, a.fakt, "ja" if a.optionen and a.optionen[0].wert == "ja"
                                    else a.optionen[0].wert)
    assert a.terminfilter is not None, (a.art, a.fakt)
    return mail


def _tage(seite: str) -> set[str]:
    return set(re.findall(r"\b(\d\d\.\d\d\.\d{4}) \d\d:\d\d Uhr", seite))


def test_filter_bleibt_auf_der_mail(client: Client, anna: Any) -> None:
    mail = _bis_zur_terminwahl(anna)
    client.force_login(anna)
    seite = html.unescape(client.get(f"/emb/{mail.id}/").content.decode())
    assert f'<form method="get" action="/emb/{mail.id}/" class="terminfilter"' in seite
    assert "/kontakt/" not in re.search(r'<form method="get"[^>]*class="terminfilter"[^>]*>', seite).group(0)
    gefiltert = html.unescape(client.get(f"/emb/{mail.id}/", {"tag": "2020-04-20"}).content.decode())
    assert "Erledigt" in gefiltert and 'value="2020-04-20"' in gefiltert
    tage = _tage(gefiltert.split('id="antwort"')[1].split("</form>")[0])
    assert tage and all(dt.datetime.strptime(t, "%d.%m.%Y").date() >= dt.date(2020, 4, 20) for t in tage)
    assert f'<a class="filter-zuruecksetzen" href="/emb/{mail.id}/">' in gefiltert
    falsch = html.unescape(client.get(f"/emb/{mail.id}/", {"tag": "2019-01-01"}).content.decode())
    assert 'id="filter-fehler"' in falsch and "Erledigt" in falsch


def test_schritt_im_eingebetteten_bereich_behaelt_das_filterziel(client: Client, anna: Any) -> None:
    """Nach „Zurück“ (htmx, mit `rueckkehr` der Mail) zeigt der neue Bereich den Filter wieder mit Ziel Mail."""
    mail = _bis_zur_terminwahl(anna)
    client.force_login(anna)
    m = Mail.objects.select_related("kontakt").get(id=mail.id)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    letzte = re.search(r'id="zurueck">.*?name="fakt" value="([^"]+)"', seite, re.S)
    assert letzte is not None
    zurueck = client.post(f"/kontakt/{m.kontakt_id}/zurueck/", {"fakt": letzte.group(1), "rueckkehr": f"/emb/{mail.id}/"},
                          HTTP_HX_REQUEST="true").content.decode()
    if 'class="terminfilter"' in zurueck:
        assert f'action="/emb/{mail.id}/" class="terminfilter"' in zurueck
    weiter = re.search(r'<button[^>]*name="wert" value="([^"]+)"', zurueck)
    assert weiter is not None
    teil = client.post(f"/kontakt/{m.kontakt_id}/antwort/", {"fakt": letzte.group(1), "wert": weiter.group(1),
                                                               "rueckkehr": f"/emb/{mail.id}/"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert f'action="/emb/{mail.id}/" class="terminfilter"' in teil and "/kontakt/" not in re.search(
        r'<form method="get"[^>]*>', teil).group(0)
