"""Die Arbeitshilfe nach einer Störung: der Stand liest nur (Art `stoerung`); erst „Erneut versuchen“
(POST, bearbeitung_starten) beauftragt das Fachverfahren wieder (docs/adr/0005-lesen-schreibt-nie.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.emb.models import Mail
from kundenportal.emb.services import (
    bearbeitung_beantworten,
    bearbeitung_bestaetigen,
    bearbeitung_stand,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import korpus_mail

JETZT = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
pytestmark = pytest.mark.django_db


def test_stoerung_in_der_arbeitshilfe_und_erneut_versuchen(benutzer: Callable[..., Any], settings: Any) -> None:
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    anna = benutzer("agent_emb", "anna")
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"}, "colibri": {"alg_bezug": True}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", JETZT)
    assert bearbeitung_starten(anna, mail.id, JETZT).fakt == "identitaet_geprueft"
    assert bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja").fakt == "au_beginn"
    assert bearbeitung_beantworten(anna, mail.id, "au_beginn", "2020-03-23").fakt == "au_ende"
    settings.FACHVERFAHREN_STOERUNG = ["colibri"]              # die Abfrage alg_bezug scheitert
    with pytest.raises(GespraechFehler) as fehler:
        bearbeitung_beantworten(anna, mail.id, "au_ende", "2020-03-27")
    assert fehler.value.code == "system_nicht_erreichbar"
    gestoert = bearbeitung_stand(anna, Mail.objects.select_related("kontakt").get(id=mail.id))
    assert gestoert is not None and gestoert.art == "stoerung"
    assert gestoert.kunde is not None and gestoert.kunde.gestoert == ("colibri",)   # Seite bricht nicht ab
    assert gestoert.kunde.gestoert_text == "Colibri" and gestoert.kunde.alg_bezug is None
    settings.FACHVERFAHREN_STOERUNG = []
    m = Mail.objects.select_related("kontakt").get(id=mail.id)
    stand = bearbeitung_stand(anna, m)
    assert stand is not None and stand.art == "stoerung"
    assert bearbeitung_stand(anna, m).art == "stoerung"          # Lesen beauftragt nichts
    weiter = bearbeitung_starten(anna, mail.id, JETZT)           # „Erneut versuchen“
    assert weiter.art == "bestaetigung" and weiter.vorhaben is not None    # AU erfassen: erst bestätigen
    weiter = bearbeitung_bestaetigen(anna, mail.id, weiter.vorhaben.zeichen)
    assert weiter.art == "ende" and weiter.ergebnis == "au_erfasst"
