"""Rundgang E-Mail-Bearbeitung: Ein Fremder nannte eine fremde Kundennummer; nach „Identität geprüft: ja“ standen
die Daten des Kunden da, und die Arbeitshilfe bot an, seine Termine im ATV zu ändern. Per E-Mail gilt die Identität
nur zur Adresse, die VerBIS beim Kunden hinterlegt hat (domain.md, Identität): sonst lehnt das Gespräch „ja“ ab —
über den Dienst wie über die Seite —, nichts ist geändert, kein Kundendatum gelesen; „nein“ geht."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Mail
from kundenportal.emb.services import bearbeitung_beantworten, bearbeitung_starten
from kundenportal.emb.services.bearbeitung import IDENTITAET_OHNE_ADRESSE
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL
from tests.emb.test_rundgang_maengel import FREMD, JETZT, _uebernommen, kunde  # noqa: F401

pytestmark = pytest.mark.django_db


def test_fremde_adresse_kann_die_identitaet_nicht_bestaetigen(anna: Any) -> None:
    mail = _uebernommen(anna, FREMD)
    assert mail.kundennummer == KUNDENNUMMER
    assert bearbeitung_starten(anna, mail.id, JETZT).fakt == "identitaet_geprueft"
    kontakt_id = Mail.objects.get(id=mail.id).kontakt_id
    vorher = Kontakt.objects.get(pk=kontakt_id).lauf
    with pytest.raises(GespraechFehler) as fehler:
        bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    assert fehler.value.code == "identitaet_adresse"
    assert f"nicht bei der Kundennummer {KUNDENNUMMER} hinterlegt" in fehler.value.meldung
    lauf = Kontakt.objects.get(pk=kontakt_id).lauf
    assert lauf == vorher and "identitaet_geprueft" not in lauf["antworten"]         # nichts geändert
    assert not Zugriff.objects.filter(kontakt=kontakt_id, aktion="kontakt_beantworten").exists()
    a = bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "nein")      # „nein“ geht: ohne Kundendaten
    assert a.kunde is None


def test_hinterlegte_adresse_bestaetigt_wie_bisher(anna: Any) -> None:
    mail = _uebernommen(anna, MAIL)
    bearbeitung_starten(anna, mail.id, JETZT)
    a = bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    assert a.identitaet_geprueft and a.fakt == "terminanliegen"


def test_die_seite_sagt_es_an_der_frage(anna: Any, client: Client) -> None:
    mail = _uebernommen(anna, FREMD)
    bearbeitung_starten(anna, mail.id, JETZT)
    kontakt_id = Mail.objects.get(id=mail.id).kontakt_id
    client.force_login(anna)
    teil = client.post(f"/kontakt/{kontakt_id}/antwort/", {"fakt": "identitaet_geprueft", "wert": "ja",
                                                            "rueckkehr": f"/emb/{mail.id}/"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "Die Identität lässt sich per E-Mail nicht bestätigen" in teil and 'id="frage-titel"' in teil
    assert IDENTITAET_OHNE_ADRESSE.split(":")[0] in teil
