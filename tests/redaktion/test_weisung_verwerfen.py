"""„Erfasste Weisung verwerfen“: eine irrtümlich im Paket erfasste neue Weisung lässt sich vor der Freigabe wieder
entfernen — mit Rückfrage (GET), POST mit CSRF, im Protokoll; danach haben Entwürfe, die sie nennen, einen Befund, und
das Tor ist neu zu prüfen. Nach Einreichen oder Freigabe geht es nicht (Meldung statt 500)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Entwurf, Freigabepaket, Protokolleintrag
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen
from kundenportal.redaktion.services.weisung import WeisungFehler, weisung_erfassen, weisung_verwerfen

from .test_neue_weisung import NUMMER, _entwurf_der_neuen_weisung

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"


def _paket_mit_weisung(autorin: Any) -> Freigabepaket:
    p = paket_anlegen(autorin, weisung=NUMMER, titel="Insolvenzgeld 2027", datum=dt.date(2026, 12, 1))
    return weisung_erfassen(autorin, p.pk, nummer=NUMMER, titel="Irrtümlich erfasst", datum=dt.date(2026, 12, 1),
                            gueltig_ab=dt.date(2027, 1, 1), regeln=[{"punkt": "2.1", "titel": "Eine Regel"}])


def test_verwerfen_mit_rueckfrage_protokoll_und_befund_im_entwurf(db_katalog: None, stichtag: None,
                                                                   benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket_mit_weisung(autorin)
    e = _entwurf_der_neuen_weisung(autorin, regel="2.1")
    assert e.befunde == []
    entwurf_zuordnen(autorin, p.pk, e.pk)
    c = Client()
    c.force_login(autorin)
    seite = c.get(f"/redaktion/pakete/{p.pk}/").content.decode()
    assert f'href="/redaktion/pakete/{p.pk}/weisung/verwerfen/"' in seite and "Erfasste Weisung verwerfen" in seite

    rueckfrage = c.get(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/")
    html = rueckfrage.content.decode()
    assert rueckfrage.status_code == 200 and f"Erfasste Weisung {NUMMER} verwerfen?" in html
    assert "„Irrtümlich erfasst“ mit 1 Regelpunkt" in html and f"SC 3.307 (Entwurf {e.pk})" in html
    assert 'name="csrfmiddlewaretoken"' in html and Freigabepaket.objects.get().neue_weisung   # GET ändert nichts

    ohne_csrf = Client(enforce_csrf_checks=True)
    ohne_csrf.force_login(autorin)
    assert ohne_csrf.post(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/").status_code == 403
    assert Freigabepaket.objects.get().neue_weisung

    antwort = c.post(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/", follow=True)
    assert antwort.redirect_chain == [(f"/redaktion/pakete/{p.pk}/", 302)]
    assert f"Die erfasste Weisung {NUMMER} ist verworfen." in antwort.content.decode()
    p.refresh_from_db()
    assert p.neue_weisung == {} and p.tor == {} and p.weisung == NUMMER
    eintrag = Protokolleintrag.objects.get(aktion="weisung_verworfen")
    assert eintrag.user == autorin and eintrag.details == {"weisung": NUMMER, "titel": "Irrtümlich erfasst",
                                                           "regeln": ["2.1"]}
    assert "erfasste Weisung verworfen" in antwort.content.decode()
    befunde = Entwurf.objects.get(pk=e.pk).befunde
    assert befunde and all(b["feld"] in ("weisung", "schritte.stufe.regel", "schritte.erhoehung.regel",
                                         "schritte.papier.regel") for b in befunde)
    assert any(f"Weisung {NUMMER}" in b["meldung"] for b in befunde)
    # Zweimal verwerfen: eine Meldung, kein Fehler.
    with pytest.raises(WeisungFehler, match="keine erfasste neue Weisung"):
        weisung_verwerfen(autorin, p.pk)
    assert c.get(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/", follow=True).status_code == 200


def test_nicht_nach_dem_einreichen(db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket_mit_weisung(autorin)
    Freigabepaket.objects.filter(pk=p.pk).update(status=Freigabepaket.ZUR_FREIGABE)
    with pytest.raises(WeisungFehler, match="zur Freigabe eingereicht"):
        weisung_verwerfen(autorin, p.pk)
    Freigabepaket.objects.filter(pk=p.pk).update(status=Freigabepaket.GEPLANT)
    with pytest.raises(WeisungFehler, match="veröffentlicht und wird nicht mehr verworfen"):
        weisung_verwerfen(autorin, p.pk)
    c = Client()
    c.force_login(autorin)
    antwort = c.post(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/", follow=True)
    assert antwort.status_code == 200 and "lässt sich nicht mehr verwerfen" in antwort.content.decode()
    assert Freigabepaket.objects.get().neue_weisung
    assert benutzer("agent_sc3", "agentin") and Client().get(f"/redaktion/pakete/{p.pk}/weisung/verwerfen/").status_code == 302
