"""Jede Mail mit Kundennummer steht nach „Erledigt“ in der Kontakthistorie des Kunden — auch ohne Arbeitshilfe
(Anliegen „Sonstiges“, Arbeitshilfe nie gestartet oder unterwegs abgebrochen): genau ein Kontakt mit Kanal
E-Mail-Bearbeitung, dem Ergebnis in Worten, dem Vermerk, der Beschäftigten mit Standort und dem Zeitpunkt des
Erledigens, protokolliert. Mit Arbeitshilfe trägt deren Kontakt die Mail (kein zweiter); ohne Kundennummer gibt es
keine Historie, der Vermerk steht bei der Mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kundenportal import lesbar
from kundenportal.betrieb.loeschfristen import loeschen
from kundenportal.emb.models import Mail, Protokoll
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    NichtBeansprucht,
    antwort_entwerfen,
    antwort_freigeben,
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services.historie import (
    BEANTWORTET,
    LEITFADEN,
    OHNE_ANTWORT,
    ohne_arbeitshilfe_vermerken,
)
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.conftest import arbeitshilfe_durchlaufen
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
ERLEDIGT = JETZT + dt.timedelta(minutes=12)
ANDERER = "955A300079"
SONSTIGES = (b"From: Eva Kraus <eva.kraus@web.example>\r\nMessage-ID: <frage-1@web.example>\r\n"
             b"Subject: Frage zu meinem Antrag\r\n\r\nWann bekomme ich Bescheid zu meinem Antrag?\r\n")
UNBEKANNT = (b"From: Jemand <jemand@andere.example>\r\nMessage-ID: <unbekannt-1@andere.example>\r\n"
             b"Subject: Frage\r\n\r\nWo finde ich das Formular?\r\n")
ANTWORTEN = {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1",
             "teilnahme_erforderlich": "ja", "teilnahme_moeglich": "nein", "absagegrund": "Kinderbetreuung fällt aus",
             "neuer_termin_gewuenscht": "nein"}


@pytest.fixture(autouse=True)
def kunden(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")
    ausgangslage_laden({"kunde": {"kundennummer": ANDERER, "vorname": "Eva", "nachname": "Kraus",
                                  "wohnort_agentur": "Nürnberg", "email": "eva.kraus@web.example"}})


def _uebernommen(user: Any, roh: bytes = MAIL, klasse: str = "terminabsage", kundennummer: str | None = None) -> Mail:
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    zuordnung_bestaetigen(user, mail.id, klasse, JETZT, kundennummer=kundennummer)
    return Mail.objects.get(id=mail.id)


def _beantwortet(user: Any, mail: Mail) -> None:
    """Eine Antwort aus der Vorlage, freigegeben (gesendet wird nach dem Commit; für die Historie zählt die Freigabe)."""
    antwort_freigeben(user, antwort_entwerfen(user, mail.id, JETZT).id, JETZT)


def _historie(user: Any, kundennummer: str) -> list[Kontakt]:
    return gespraech.kundenhistorie_lesen(user, kundennummer)[1]


def test_sonstiges_mit_antwort_steht_einmal_in_der_historie(anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, klasse="sonstiges")
    assert not mail.leitfaden and mail.kundennummer == ANDERER
    _beantwortet(anna, mail)
    erledigt = mail_erledigen(anna, mail.id, ERLEDIGT, "Auskunft zum Bearbeitungsstand gegeben.\r\n")

    kontakt = erledigt.kontakt_ohne_arbeitshilfe
    assert kontakt is not None and erledigt.kontakt_id is None and erledigt.vermerk == ""
    assert (kontakt.kanal, kontakt.kundennummer, kontakt.status, kontakt.leitfaden, kontakt.lauf) == (
        "emb", ANDERER, Kontakt.ABGESCHLOSSEN, LEITFADEN, {})
    assert (kontakt.ergebnis, lesbar.code(kontakt.ergebnis)) == (BEANTWORTET, "E-Mail beantwortet")
    assert kontakt.vermerk == "Auskunft zum Bearbeitungsstand gegeben."
    assert (kontakt.user, kontakt.standort) == (anna, "Nürnberg")
    assert kontakt.begonnen == kontakt.abgeschlossen == ERLEDIGT
    assert [k.pk for k in _historie(anna, ANDERER)] == [kontakt.pk]
    # protokolliert wie jeder Abschluss, und das Protokoll der Mail nennt den Kontakt
    assert Zugriff.objects.filter(user=anna, aktion="kontakt_abschliessen", kontakt=kontakt.pk,
                                  kundennummer=ANDERER).count() == 1
    assert Protokoll.objects.get(mail=mail, art="erledigt").details == {
        "ergebnis": BEANTWORTET, "beantwortet": True, "kontakt": str(kontakt.pk)}


def test_zweites_erledigen_legt_keinen_zweiten_kontakt_an(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, klasse="sonstiges")
    erledigt = mail_erledigen(anna, mail.id, ERLEDIGT, "Doppelt eingegangen.")
    with pytest.raises(NichtBeansprucht):
        mail_erledigen(anna, mail.id, ERLEDIGT, "Doppelt eingegangen.")
    client.force_login(anna)                       # derselbe Knopf noch einmal (zweiter Tab, erneut abgeschickt)
    zweimal = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "Doppelt eingegangen."}, follow=True)
    assert NICHT_UEBERNOMMEN in zweimal.content.decode()
    # ein wiederholter Aufruf des Dienstes (etwa nach einem Abbruch) bleibt bei diesem einen Kontakt
    assert ohne_arbeitshilfe_vermerken(anna, erledigt, "noch einmal", None, ERLEDIGT) == erledigt.kontakt_ohne_arbeitshilfe
    assert Kontakt.objects.filter(kundennummer=ANDERER).count() == 1
    assert [k.vermerk for k in _historie(anna, ANDERER)] == ["Doppelt eingegangen."]


def test_terminabsage_ohne_gestartete_arbeitshilfe_mit_antwort_und_ohne_vermerk(anna: Any) -> None:
    mail = _uebernommen(anna)
    _beantwortet(anna, mail)
    erledigt = mail_erledigen(anna, mail.id, ERLEDIGT, "")
    kontakt = erledigt.kontakt_ohne_arbeitshilfe
    assert kontakt is not None and erledigt.kontakt_id is None
    assert kontakt.ergebnis == BEANTWORTET
    assert kontakt.vermerk.startswith("E-Mail ohne Arbeitshilfe beantwortet (Antwort „")
    assert [k.pk for k in _historie(anna, KUNDENNUMMER)] == [kontakt.pk]


def test_mit_arbeitshilfe_traegt_ihr_kontakt_die_mail_kein_zweiter(anna: Any) -> None:
    mail = _uebernommen(anna)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    erledigt = mail_erledigen(anna, mail.id, ERLEDIGT, f"{ende.vermerk}\nTelefonisch bestätigt.")
    assert erledigt.kontakt is not None and erledigt.kontakt_ohne_arbeitshilfe_id is None
    assert [k.pk for k in _historie(anna, KUNDENNUMMER)] == [erledigt.kontakt.pk]
    assert Kontakt.objects.filter(kundennummer=KUNDENNUMMER).count() == 1


def test_abgebrochene_arbeitshilfe_dann_ohne_sie_erledigt(anna: Any) -> None:
    """Die Arbeitshilfe lief an, dann wurde das Anliegen auf „Sonstiges“ korrigiert: Ihr Kontakt steht abgebrochen
    in der Historie; das Erledigen danach ist ein eigener Kontakt (genau einer)."""
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT)
    erledigt = mail_erledigen(anna, mail.id, ERLEDIGT, "Kein Termin betroffen; telefonisch geklärt.")
    historie = {k.pk: (k.ergebnis, k.kanal) for k in _historie(anna, KUNDENNUMMER)}
    assert sorted(historie.values()) == [("Ohne Antwort erledigt", "emb"), ("abgebrochen", "emb")]
    assert historie[erledigt.kontakt_ohne_arbeitshilfe_id] == (OHNE_ANTWORT, "emb")


def test_ohne_kundennummer_keine_historie_der_vermerk_steht_bei_der_mail(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, UNBEKANNT, klasse="sonstiges", kundennummer="")
    assert mail.kundennummer == ""
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    assert "Der Vermerk steht bei der Mail." in client.get(seite).content.decode()
    client.post(f"{seite}erledigen/", {"vermerk": "Nur eine allgemeine Frage; beantwortet."})
    mail = Mail.objects.get(id=mail.id)
    assert (mail.status, mail.vermerk, mail.kontakt_id, mail.kontakt_ohne_arbeitshilfe_id) == (
        Mail.Status.ERLEDIGT, "Nur eine allgemeine Frage; beantwortet.", None, None)
    assert not Kontakt.objects.exists()
    assert "<h3>Vermerk</h3>" in client.get(seite).content.decode()


def test_mailseite_sagt_wo_der_vermerk_steht_und_protokolliert_den_kontakt(client: Client, anna: Any,
                                                                          bernd: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, klasse="sonstiges")
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    assert "Der Vermerk steht in der Kontakthistorie des Kunden." in client.get(seite).content.decode()
    client.post(f"{seite}erledigen/", {"vermerk": "Doppelt eingegangen."})
    kontakt = Mail.objects.get(id=mail.id).kontakt_ohne_arbeitshilfe_id
    client.force_login(bernd)                     # wer die erledigte Mail liest, liest den Kontakt der Historie
    html = client.get(seite).content.decode()
    assert "<h3>Kontaktvermerk</h3>" in html and "Doppelt eingegangen." in html
    assert "Ohne Antwort erledigt · in der Kontakthistorie des Kunden" in html
    assert Zugriff.objects.filter(user=bernd, aktion="emb_mail_lesen", kontakt=kontakt, kundennummer=ANDERER).exists()


def test_loeschfrist_entfernt_den_kontakt_samt_mail(anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, klasse="sonstiges")
    kontakt = mail_erledigen(anna, mail.id, ERLEDIGT, "Doppelt eingegangen.").kontakt_ohne_arbeitshilfe_id
    loeschen(ERLEDIGT + dt.timedelta(days=800))
    assert not Kontakt.objects.filter(pk=kontakt).exists() and not Mail.objects.filter(id=mail.id).exists()
