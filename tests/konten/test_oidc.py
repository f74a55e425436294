"""OpenID Connect nur, wenn die Umgebung es einschaltet; die Rollen kommen aus dem Anspruch des
Identitätsanbieters (nur bekannte Schlüssel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kundenportal.konten import zugriff
from kundenportal.konten.oidc import RollenAusAnspruechen, rollen_aus
from tests.conf.betrieb_werkzeug import BETRIEB_DB, betrieb_umgebung, manage

OIDC = {"OIDC_RP_CLIENT_ID": "kundenportal", "OIDC_RP_CLIENT_SECRET": "geheim",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.agentur.example/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.agentur.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.agentur.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.agentur.example/jwks"}
SKRIPT = ("from django.core.management import call_command; call_command('migrate', verbosity=0); call_command('collectstatic', interactive=False, verbosity=0); "
          "from django.test import Client; c = Client(); "
          "r = c.get('/oidc/authenticate/', HTTP_HOST='portal.example', secure=True); "
          "print('OIDC', r.status_code, r.get('Location', '')); "
          "print('LINK', 'Dienstkonto' in c.get('/anmelden/', HTTP_HOST='portal.example', secure=True).content.decode())")


def test_ohne_umgebung_kein_oidc(client: Client) -> None:
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Dienstkonto" not in client.get("/anmelden/").content.decode()


def test_mit_umgebung_leitet_zum_identitaetsanbieter(tmp_path: Path) -> None:
    ergebnis = manage("shell", "-c", SKRIPT, umgebung=betrieb_umgebung(**OIDC, KUNDENPORTAL_VAR=str(tmp_path)))
    assert ergebnis.returncode == 0, ergebnis.stderr
    zeilen = {z.split(" ", 1)[0]: z.split(" ", 1)[1] for z in ergebnis.stdout.splitlines() if " " in z}
    status, ort = zeilen["OIDC"].split(" ", 1)
    assert status == "302" and ort.startswith("https://idp.agentur.example/auth?") and "client_id=kundenportal" in ort
    assert zeilen["LINK"] == "True"
    pruefung = manage("check", "--deploy", "--fail-level", "WARNING",
                      umgebung=betrieb_umgebung(**OIDC, DATABASE_URL=BETRIEB_DB))
    assert pruefung.returncode == 0, pruefung.stderr


def test_rollen_nur_aus_bekannten_schluesseln() -> None:
    assert rollen_aus(["agent_sc3", "superuser", "redaktion"]) == ["agent_sc3", "redaktion"]
    assert rollen_aus("agent_scfk, unbekannt") == ["agent_scfk"]
    assert rollen_aus(None) == []


@pytest.mark.django_db
def test_anmeldung_gleicht_rollen_und_standort_an() -> None:
    user = get_user_model().objects.create_user("idp-nutzer")
    RollenAusAnspruechen.__new__(RollenAusAnspruechen).update_user(
        user, {"roles": ["agent_scfk"], "standort": "Köln", "given_name": "Ida", "family_name": "P"})
    user = get_user_model().objects.get(pk=user.pk)
    assert zugriff.kanaele_fuer(user) == ["scfk"] and zugriff.standort_fuer(user) == "Köln"
    assert user.first_name == "Ida"


@pytest.mark.django_db
def test_unvereinbare_rollen_vom_identitaetsanbieter_verhindern_die_anmeldung(
        caplog: pytest.LogCaptureFixture) -> None:
    """Administration und eine Rolle, die Kundendaten liest (rollen.rollen_unvereinbar): keine Anmeldung —
    PermissionDenied, die Django im Backend als gescheiterte Anmeldung behandelt; die Rollen bleiben unverändert."""
    from django.core.exceptions import PermissionDenied

    user = get_user_model().objects.create_user("idp-beides")
    with pytest.raises(PermissionDenied):
        RollenAusAnspruechen.__new__(RollenAusAnspruechen).update_user(
            user, {"roles": ["administration", "agent_sc3"], "standort": "Köln"})
    assert not user.groups.exists()
    assert f"OIDC: Benutzer {user.pk} hat unvereinbare Rollen" in caplog.text
