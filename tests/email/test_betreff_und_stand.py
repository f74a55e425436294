"""Eine Antwort ohne Betreff geht nicht hinaus: die Prüfung zeigt den Fehler am Feld Betreff, das Getippte bleibt
im Entwurf, und die Freigabe lehnt ab. Meldungen zum Stand einer Antwort oder Mail sind ganze deutsche Sätze,
nie ein Status-Etikett in einem Satz („Antwort ist bereits wird gesendet.“)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.queries import BETREFF_LEER, antwort_fehler
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    antwort_entwerfen,
    antwort_freigeben,
    mail_beanspruchen,
    mail_einlesen,
    quarantaene_neu_zerlegen,
)
from kundenportal.leitfaden.vokabular import BERLIN

MAIL = (b"From: Uwe Berger <uwe.berger@web.example>\r\nTo: service-center@arbeitsagentur.example\r\n"
        b"Subject: Frage zum Termin\r\nMessage-ID: <betreff-1@web.example>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nWann ist mein Termin?\r\n")
VERSUCH = dt.datetime(2020, 3, 24, 9, 1, tzinfo=BERLIN)


def _entwurf(anna: Any) -> tuple[Mail, Antwort]:
    mail = mail_einlesen(MAIL, quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, zeit.jetzt())
    return mail, antwort_entwerfen(anna, mail.id, zeit.jetzt(), vorlage="identitaet_unklar")   # ohne Kundendaten


@pytest.mark.django_db
@pytest.mark.parametrize("betreff", ["", "   \t "])
def test_leerer_betreff_steht_beim_pruefen_als_fehler_am_feld_und_das_getippte_bleibt(
        client: Client, anna: Any, betreff: str) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id, "betreff": betreff,
                                                     "text": "Guten Tag,\nbitte nennen Sie uns Ihre Kundennummer."})
    html = seite.content.decode()
    assert seite.status_code == 400 and "Antwort prüfen" not in html and "Keine Auffälligkeiten" not in html
    assert (f'<p class="kern-error" id="betreff-fehler"><span class="kern-icon kern-icon--danger" aria-hidden="true">'
            f'</span><span class="kern-body">{BETREFF_LEER}</span></p>') in html
    assert 'id="betreff" name="betreff" value="" size="60" aria-invalid="true" aria-describedby="betreff-fehler"' in html
    assert ">Guten Tag,\nbitte nennen Sie uns Ihre Kundennummer.</textarea>" in html
    entwurf.refresh_from_db()
    assert (entwurf.status, entwurf.betreff, entwurf.text) == (
        Antwort.Status.ENTWURF, "", "Guten Tag,\nbitte nennen Sie uns Ihre Kundennummer.")


@pytest.mark.django_db
def test_leerer_betreff_verhindert_das_senden(client: Client, anna: Any) -> None:
    mail, entwurf = _entwurf(anna)
    Antwort.objects.filter(id=entwurf.id).update(betreff=" ")       # etwa aus einem älteren Tab
    entwurf.refresh_from_db()
    assert antwort_fehler(entwurf) == [BETREFF_LEER]
    with pytest.raises(AntwortNichtMoeglich) as abgelehnt:
        antwort_freigeben(anna, entwurf.id, zeit.jetzt())
    assert str(abgelehnt.value) == BETREFF_LEER == ("Der Betreff ist leer. Bitte geben Sie einen Betreff ein; ohne "
                                                    "Betreff wird die Antwort nicht gesendet.")
    client.force_login(anna)
    seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    assert BETREFF_LEER in seite.content.decode() and "wird gesendet" not in seite.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == Antwort.Status.ENTWURF


@pytest.mark.django_db
def test_senden_nach_zurueck_im_browser_sagt_in_einem_satz_dass_die_antwort_schon_hinausgeht(
        client: Client, anna: Any) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    senden = {"aktion": "senden", "antwort": entwurf.id}
    assert "Die Antwort wird gesendet." in client.post(f"/emb/{mail.id}/antwort/", senden, follow=True).content.decode()
    zweites = client.post(f"/emb/{mail.id}/antwort/", senden, follow=True).content.decode()
    assert "Diese Antwort wird bereits gesendet. Sie geht nicht ein zweites Mal hinaus." in zweites
    Antwort.objects.filter(id=entwurf.id).update(status=Antwort.Status.GESENDET)
    with pytest.raises(ValueError) as gesendet:
        antwort_freigeben(anna, entwurf.id, zeit.jetzt())
    assert str(gesendet.value) == "Diese Antwort ist bereits gesendet. Sie geht nicht ein zweites Mal hinaus."


@pytest.mark.parametrize(("status", "naechster_versuch", "satz"), [
    (Antwort.Status.ENTWURF, None, "Diese Antwort ist noch ein Entwurf."),
    (Antwort.Status.WARTEND, VERSUCH, "Diese Antwort wird bereits gesendet."),
    (Antwort.Status.GESENDET, None, "Diese Antwort ist bereits gesendet."),
    (Antwort.Status.FEHLGESCHLAGEN, VERSUCH,
     "Das Senden dieser Antwort ist fehlgeschlagen; ein neuer Versuch ist geplant."),
    (Antwort.Status.FEHLGESCHLAGEN, None,
     "Das Senden dieser Antwort ist fehlgeschlagen; ein neuer Versuch ist nicht geplant."),
    (Antwort.Status.UNZUSTELLBAR, None, "Diese Antwort kam als unzustellbar zurück (Bounce)."),
])
def test_jeder_stand_einer_antwort_ist_ein_ganzer_satz(status: str, naechster_versuch: dt.datetime | None,
                                                       satz: str) -> None:
    assert Antwort(status=status, naechster_versuch=naechster_versuch).stand_satz == satz


def test_jeder_status_hat_seinen_satz() -> None:
    assert not any("unbekannt" in Antwort(status=s).stand_satz for s in Antwort.Status.values)
    assert not any("unbekannt" in Mail(status=s).stand_satz for s in Mail.Status.values)


@pytest.mark.django_db
def test_neu_zerlegen_einer_mail_ausserhalb_der_quarantaene_sagt_ihren_stand_im_satz(anna: Any) -> None:
    mail = mail_einlesen(MAIL, quelle="test").mail
    with pytest.raises(ValueError) as offen:
        quarantaene_neu_zerlegen(anna, mail.id, zeit.jetzt())
    assert str(offen.value) == ("Die Mail ist offen in der Warteschlange. Neu zerlegt wird nur eine Mail aus der "
                                "Quarantäne.")
