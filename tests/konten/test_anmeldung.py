"""Anmeldung (konten/anmeldung.py): der Benutzer kommt mit seinen Rollen in einer Abfrage, und die
Rollen sind je Anfrage frisch — eine entzogene Rolle gilt ab der nächsten Anfrage nicht mehr."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_rollen_mit_dem_benutzer_in_einer_abfrage(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    with CaptureQueriesContext(connection) as erfasst:
        assert client.get("/arbeitsplatz/").status_code == 200
    gruppen = [q["sql"] for q in erfasst.captured_queries if "auth_group" in q["sql"]]
    assert len(gruppen) == 1 and '"auth_user"' in gruppen[0]


def test_entzogene_rolle_gilt_ab_der_naechsten_anfrage(benutzer: Callable[..., Any], client: Client) -> None:
    user = benutzer("agent_sc3")
    client.force_login(user)
    assert client.get("/arbeitsplatz/").status_code == 200
    user.groups.remove(Group.objects.get(name="agent_sc3"))
    assert client.get("/arbeitsplatz/").status_code == 403
    user.groups.add(Group.objects.get(name="agent_scfk"))
    assert client.get("/arbeitsplatz/").status_code == 200


def test_inaktiver_und_geloeschter_benutzer_sind_abgemeldet(benutzer: Callable[..., Any],
                                                                client: Client) -> None:
    user = benutzer("agent_sc3")
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get("/arbeitsplatz/").status_code == 302
    sitzung = client.session
    sitzung["_auth_user_id"] = "999999"
    sitzung.save()
    assert client.get("/arbeitsplatz/").status_code == 302


def test_sitzung_benutzer_und_rollen_in_einer_abfrage(benutzer: Callable[..., Any], client: Client) -> None:
    """Der Sitzungsspeicher lädt Sitzung, Benutzer und Rollen zusammen; keine zweite Abfrage des Benutzers."""
    client.force_login(benutzer("agent_sc3"))
    with CaptureQueriesContext(connection) as erfasst:
        assert client.get("/arbeitsplatz/").status_code == 200
    benutzer_abfragen = [q["sql"] for q in erfasst.captured_queries if '"auth_user"' in q["sql"]]
    assert len(benutzer_abfragen) == 1 and '"konten_sitzung"' in benutzer_abfragen[0]


def test_sperren_beendet_die_sitzungen_des_benutzers(benutzer: Callable[..., Any], client: Client) -> None:
    from kundenportal.konten.models import Sitzung
    from kundenportal.konten.services import benutzer_sperren

    user = benutzer("agent_sc3")
    anderer = Client()
    anderer.force_login(benutzer("agent_scfk"))
    client.force_login(user)
    assert Sitzung.objects.filter(user=user).count() == 1
    benutzer_sperren(user.get_username())
    assert not Sitzung.objects.filter(user=user).exists()
    assert client.get("/arbeitsplatz/").status_code == 302               # abgemeldet
    assert anderer.get("/arbeitsplatz/").status_code == 200              # andere Sitzungen bleiben


def test_passwortwechsel_beendet_die_sitzung(benutzer: Callable[..., Any], client: Client) -> None:
    """Der Sitzungs-Hash wird auch mit dem vorgeladenen Benutzer geprüft."""
    user = benutzer("agent_sc3")
    client.force_login(user)
    user.set_password("ein-ganz-neues-passwort-2026")
    user.save()
    assert client.get("/arbeitsplatz/").status_code == 302


def test_gemerkte_signaturpruefung_laesst_keine_veraenderte_sitzung_durch(benutzer: Callable[..., Any],
                                                                          client: Client) -> None:
    """Gemerkt wird die Prüfung je Zeichenkette: eine in der Datenbank veränderte Sitzung (anderer Benutzer in
    denselben Daten, Signatur nicht neu berechnet) wird verworfen, auch nachdem die echte geprüft und gemerkt ist."""
    from kundenportal.konten.models import Sitzung

    client.force_login(benutzer("agent_sc3"))
    assert client.get("/arbeitsplatz/").status_code == 200           # geprüft und gemerkt
    zeile = Sitzung.objects.get(session_key=client.cookies["sessionid"].value)
    echt = zeile.session_data
    daten, _, signatur = echt.rpartition(":")
    zeile.session_data = f"{daten}:{signatur[::-1]}"
    zeile.save(update_fields=["session_data"])
    assert client.get("/arbeitsplatz/").status_code == 302           # abgemeldet: Signatur passt nicht
    zeile.session_data = echt
    zeile.save(update_fields=["session_data"])


def test_gemerkte_signaturpruefung_gilt_nur_fuer_denselben_schluessel(benutzer: Callable[..., Any],
                                                                      client: Client, settings: Any) -> None:
    client.force_login(benutzer("agent_sc3"))
    assert client.get("/arbeitsplatz/").status_code == 200
    alter = settings.SECRET_KEY
    settings.SECRET_KEY = "ein-anderer-schluessel-" + "x" * 40
    assert client.get("/arbeitsplatz/").status_code == 302           # neuer Schlüssel: alte Sitzung ungültig
    settings.SECRET_KEY_FALLBACKS = [alter]
    client.force_login(benutzer("agent_sc3", name="zweiter"))
    assert client.get("/arbeitsplatz/").status_code == 200


def test_jede_anfrage_bekommt_ihr_eigenes_woerterbuch(benutzer: Callable[..., Any], client: Client) -> None:
    """Aus den gemerkten Bytes entsteht je Laden ein neues Wörterbuch: was eine Anfrage in ihrer Sitzung ändert,
    ohne zu speichern, sieht die nächste nicht."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    client.force_login(benutzer("agent_sc3"))
    speicher = import_string(settings.SESSION_ENGINE + ".SessionStore")
    erste = speicher(client.cookies["sessionid"].value)
    erste["nur_hier"] = [1]
    zweite = speicher(client.cookies["sessionid"].value)
    assert "nur_hier" not in zweite and zweite["_auth_user_id"] == erste["_auth_user_id"]
