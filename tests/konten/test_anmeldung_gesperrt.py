"""Ein gesperrtes (deaktiviertes) Konto erfährt bei richtigem Passwort, dass es gesperrt ist; bei falschem Passwort
sagt die Anmeldung dasselbe wie für einen unbekannten Namen. Die Sperre nach Fehlversuchen (django-axes) ist eine
andere: 429 mit eigener Seite, aufzuheben in der Verwaltung oder mit `benutzer entsperren`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten.formulare import FALSCH, GESPERRT
from kundenportal.konten.services import benutzer_sperren

pytestmark = pytest.mark.django_db


def _anmelden(name: str, passwort: str, adresse: str = "10.2.0.1") -> Any:
    return Client(REMOTE_ADDR=adresse).post("/anmelden/", {"username": name, "password": passwort})


def test_gesperrtes_konto_mit_richtigem_passwort_erfaehrt_die_sperre(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "ruhend")
    benutzer_sperren("ruhend")
    antwort = _anmelden("ruhend", "geheim-123")
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert GESPERRT in seite and FALSCH not in seite
    assert GESPERRT == ("Ihr Konto ist gesperrt. Bitte wenden Sie sich an die Administration Ihrer Dienststelle; "
                        "sie kann es wieder freischalten.")


@pytest.mark.parametrize("name", ["ruhend", "gibt-es-nicht", "aktiv"])
def test_falsches_passwort_verraet_nicht_ob_es_den_namen_gibt(benutzer: Callable[..., Any], name: str) -> None:
    benutzer("agent_sc3", "ruhend")
    benutzer("agent_sc3", "aktiv")
    benutzer_sperren("ruhend")
    seite = _anmelden(name, "falsch-falsch").content.decode()
    assert FALSCH in seite and "gesperrt" not in seite


def test_fehlversuche_sperren_auch_das_richtige_passwort_bis_zur_aufhebung(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "vertippt")
    for i in range(5):
        _anmelden("vertippt", "falsch", adresse=f"10.3.0.{i}")
    gesperrt = _anmelden("vertippt", "geheim-123", adresse="10.3.1.1")
    assert gesperrt.status_code == 429 and "Zu viele fehlgeschlagene Anmeldeversuche" in gesperrt.content.decode()
    verwaltung = Client()
    verwaltung.force_login(benutzer("administration"))
    from django.contrib.auth import get_user_model

    ziel = get_user_model().objects.get(username="vertippt")
    antwort = verwaltung.post("/verwaltung/auth/user/", {"action": "anmeldesperre_aufheben",
                                                         "_selected_action": [str(ziel.pk)]}, follow=True)
    assert re.search(r"Anmeldesperre der Konten aufgehoben \(Fehlversuche zurückgesetzt\)\. Gesperrte \(deaktivierte\) "
                     r"Konten bleiben gesperrt, bis „Aktiv“ wieder gesetzt ist\.", antwort.content.decode())
    assert "Weiter gesperrt" not in antwort.content.decode()
    assert _anmelden("vertippt", "geheim-123", adresse="10.3.1.1").status_code == 302


def test_verwaltung_sagt_wenn_die_adresse_weiter_gesperrt_ist(benutzer: Callable[..., Any], settings: Any) -> None:
    """Hinter einem Proxy sperren Fehlversuche über viele Konten die Adresse; die Aufhebung der Kontosperre hebt das
    nicht auf — die Verwaltung sagt es, statt „aufgehoben“ zu melden, während die Kollegin weiter 429 bekommt."""
    settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE = 3
    benutzer("agent_sc3", "kollegin")
    for i in range(3):
        _anmelden(f"niemand-{i}", "falsch", adresse="10.4.0.1")
    assert _anmelden("kollegin", "geheim-123", adresse="10.4.0.1").status_code == 429
    verwaltung = Client()
    verwaltung.force_login(benutzer("administration"))
    from django.contrib.auth import get_user_model

    ziel = get_user_model().objects.get(username="kollegin")
    seite = verwaltung.post("/verwaltung/auth/user/", {"action": "anmeldesperre_aufheben",
                                                       "_selected_action": [str(ziel.pk)]}, follow=True).content.decode()
    assert "Anmeldesperre der Konten aufgehoben (keine Fehlversuche gezählt)" in seite
    assert ("Weiter gesperrt ist die Anmeldung von der Adresse 10.4.0.1 (zu viele Fehlversuche über alle Konten, auch "
            "mit richtigem Passwort). Aufheben im Betrieb: manage.py axes_reset_ip ADRESSE") in seite


def test_sperren_in_der_verwaltung_beendet_die_sitzung(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "geht")
    agent = Client()
    assert agent.post("/anmelden/", {"username": "geht", "password": "geheim-123"}).status_code == 302
    verwaltung = Client()
    admin = benutzer("administration")
    verwaltung.force_login(admin)
    from django.contrib.auth import get_user_model

    ziel = get_user_model().objects.get(username="geht")
    antwort = verwaltung.post("/verwaltung/auth/user/", {"action": "sperren",
                                                         "_selected_action": [str(ziel.pk), str(admin.pk)]},
                              follow=True)
    seite = antwort.content.decode()
    assert "Gesperrt: geht." in seite and "Das eigene Konto sperrt man nicht selbst." in seite
    assert agent.get("/arbeitsplatz/")["Location"].startswith("/anmelden/")
    assert GESPERRT in _anmelden("geht", "geheim-123").content.decode()
