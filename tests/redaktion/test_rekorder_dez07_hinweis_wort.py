"""Der Rekorder leitet die Hinweise auf dem Weg ein wie das Gespräch im Kanal des Szenarios (gespraech.ansicht
`sagen_wort`): „In der Antwort“ in der E-Mail-Bearbeitung (emb), „Im Gespräch“ am Telefon und am Empfang."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.leitfaden.wortlaut import sagen_wort
from kundenportal.redaktion.aufzeichnung import weitergehen
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen

Benutzer = Callable[..., Any]
VORTEILE = "Vorteilsübersetzung: Erläutern Sie dem Kunden, was ihm der Termin bringt"


def _lage(agentur: str, beginn: str) -> dict[str, Any]:
    return {"kunde": {"kundennummer": "955A300076", "vorname": "Jonas", "nachname": "Franke",
                      "geburtsdatum": "1970-04-22", "wohnort_agentur": agentur, "betreuung": "av",
                      "status": "arbeitsuchend", "online_asu": "keine"},
            "termine": [{"id": "T1", "bereich": "av", "beginn": beginn, "agentur": agentur, "status": "geplant"}]}


@pytest.mark.parametrize(("kanal", "wort"), [("emb", "In der Antwort"), ("sc3", "Im Gespräch"),
                                             ("ez", "Im Gespräch")])
def test_sagen_wort_je_kanal(kanal: str, wort: str) -> None:
    assert sagen_wort(kanal) == wort


@pytest.mark.django_db
@pytest.mark.parametrize(("leitfaden", "kanal", "anliegen", "wort"), [
    ("EMB Terminabsage", "emb", {"terminanliegen": "absagen"}, "In der Antwort"),
    ("SC 3.004a", "sc3", {"anliegen_abmeldung": "termin_absagen"}, "Im Gespräch"),
])
def test_hinweise_im_kanal_des_szenarios(db_katalog: None, leitfaden: str, kanal: str, anliegen: dict[str, str],
                                         wort: str) -> None:
    """Nach „Teilnahme erforderlich: ja“ geht der Baustein BS Terminabsage über den Hinweis zur Vorteilsübersetzung."""
    stand = weitergehen(katalog_aus_datenbank(), leitfaden_id=leitfaden, kanal=kanal, datum=dt.date(2020, 4, 20),
                        ausgangslage=_lage("Fürth", "2020-04-23T10:00"), standort="Fürth",
                        antworten={"identitaet_geprueft": True, **anliegen, "termin_id": "T1",
                                   "teilnahme_erforderlich": True})
    assert stand.frage == "teilnahme_moeglich", stand.ergebnis.fehler
    assert [h[:len(VORTEILE)] for h in stand.hinweise] == [VORTEILE]
    assert stand.sagen_wort == wort


@pytest.mark.django_db
@pytest.mark.parametrize(("basis", "kanal", "anliegen", "wort", "nicht"), [
    ("leitfaeden/emb/terminabsage/2020-03-20.yaml", "emb", {"terminanliegen": "absagen"},
     "In der Antwort", "Im Gespräch"),
    ("leitfaeden/sc/3.004a/2026-12-09.yaml", "sc3", {"anliegen_abmeldung": "termin_absagen"},
     "Im Gespräch", "In der Antwort"),
])
def test_rekorder_seite_leitet_hinweise_wie_der_kanal_ein(db_katalog: None, benutzer: Benutzer, settings: Any,
                                                          basis: str, kanal: str, anliegen: dict[str, str],
                                                          wort: str, nicht: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    autorin = benutzer("redaktion", "autorin")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=basis),
                         stand=dt.date(2026, 12, 10))
    c = Client()
    c.force_login(autorin)
    antworten = {"identitaet_geprueft": "ja", **anliegen, "termin_id": "T1"}
    seite = html.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        "szenario_id": "hinweis-wort", "titel": "Hinweis", "datum": "2026-12-10", "kanal": kanal, "standort": "Fürth",
        "ausgangslage": "kunde: {kundennummer: 955A300076, geburtsdatum: 1970-04-22, wohnort_agentur: Fürth, "
                        "betreuung: av}\ntermine:\n- {id: T1, bereich: av, beginn: 2026-12-15T10:00, agentur: Fürth}\n",
        "antworten": json.dumps(antworten), "fakt": "teilnahme_erforderlich", "antwort": "ja"}).content.decode())
    hinweise = seite.split('id="hinweise"')[1].split("</section>")[0]
    assert f'<p class="sagen"><strong>{wort}:</strong> {VORTEILE}' in hinweise
    assert nicht not in hinweise
