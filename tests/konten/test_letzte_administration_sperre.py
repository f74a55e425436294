"""Prüfen und Ändern sind eins (services.letzte_administration): bevor gezählt wird, sind die Zeilen der aktiven
Konten der Administration gesperrt (services._administration_sperren, SELECT … FOR UPDATE; auf SQLite reiht
BEGIN IMMEDIATE die Schreiber) — und zwar in der Transaktion, die auch ändert. Jeder Weg geht hier durch:
Dienste, Kommandozeile, Formular der Verwaltung, Aktion „sperren“. Der gleichzeitige Fall mit zwei Verbindungen
steht in tests/postgresql/test_letzte_administration_gleichzeitig.py; hier die Regel auf jeder Datenbank."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client

from kundenportal.konten import services
from kundenportal.konten.services import (
    LETZTE_ADMINISTRATION,
    LetzteAdministration,
    benutzer_anlegen,
    benutzer_sperren,
    letzte_administration,
    rollen_setzen,
)


def _admin(name: str) -> Any:
    return benutzer_anlegen(name, "geheim-123", ["administration"])


def _aktive_administration() -> list[str]:
    return sorted(get_user_model().objects.filter(is_active=True, groups__name="administration")
                  .values_list("username", flat=True))


@pytest.fixture
def sperren(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Was geschah, in Reihenfolge: „sperre“ (mit „in Transaktion“), dann jede SQL-Abfrage als „sql“."""
    ereignisse: list[str] = []
    echt = services._administration_sperren

    def spion() -> None:
        ereignisse.append("sperre in Transaktion" if connection.in_atomic_block else "sperre ohne Transaktion")
        echt()

    def mitschreiben(ausfuehren: Any, sql: str, *args: Any) -> Any:
        ereignisse.append("sql")
        return ausfuehren(sql, *args)

    monkeypatch.setattr(services, "_administration_sperren", spion)
    with connection.execute_wrapper(mitschreiben):
        yield ereignisse


@pytest.mark.django_db
def test_gesperrt_wird_vor_dem_zaehlen(sperren: list[str]) -> None:
    anna = _admin("anna")
    sperren.clear()
    assert letzte_administration(anna, rollen=[]) == LETZTE_ADMINISTRATION
    # vor der Sperre nur die Frage, ob das Konto überhaupt zur Administration gehört; gezählt wird danach
    assert sperren[:2] == ["sql", "sperre in Transaktion"]
    assert sperren.count("sperre in Transaktion") == 1 and len(sperren) > 3


@pytest.mark.django_db
def test_konto_ohne_administration_sperrt_niemanden(sperren: list[str]) -> None:
    """Die OIDC-Anmeldung einer Agentin (Rollen ohne „administration“) sperrt nicht die Zeilen aller Konten der
    Administration: eine Abfrage, keine Sperre — sonst stünden gleichzeitige Anmeldungen zu Schichtbeginn an."""
    from kundenportal.konten.oidc import RollenAusAnspruechen

    _admin("anna")
    agentin = benutzer_anlegen("agentin", "geheim-123", ["agent_sc3"])
    sperren.clear()
    assert letzte_administration(agentin, rollen=["agent_sc3"]) == ""     # der Test läuft in einer Transaktion
    assert letzte_administration(agentin, aktiv=False) == ""
    assert sperren == ["sql", "sql"]
    anmeldung = RollenAusAnspruechen.__new__(RollenAusAnspruechen)      # ohne die OIDC-Einstellungen
    anmeldung.update_user(agentin, {"roles": ["agent_sc3"], "standort": ""})
    assert "sperre in Transaktion" not in sperren


@pytest.mark.django_db
def test_ohne_entzug_keine_sperre(sperren: list[str]) -> None:
    """Behält das Konto Rolle und „Aktiv“, nimmt die Änderung niemandem etwas: keine Sperre, keine Abfrage."""
    anna = _admin("anna")
    sperren.clear()
    assert letzte_administration(anna, rollen=["administration"]) == ""
    assert letzte_administration(anna, aktiv=True) == ""
    assert letzte_administration(anna) == ""
    assert sperren == []


@pytest.mark.django_db(transaction=True)
def test_ausserhalb_einer_transaktion_abgewiesen() -> None:
    """Ohne Transaktion endete die Sperre vor der Änderung: das wäre wieder die alte Wettlaufsituation."""
    anna = _admin("anna")
    with pytest.raises(transaction.TransactionManagementError, match=r"transaction\.atomic"):
        letzte_administration(anna, rollen=[])
    with transaction.atomic():
        assert letzte_administration(anna, rollen=[]) == LETZTE_ADMINISTRATION


@pytest.mark.django_db
def test_zwei_administratoren_nehmen_sich_nacheinander_die_rolle(sperren: list[str]) -> None:
    """Der serialisierte Ablauf, den die Sperre erzwingt: die erste Änderung gelingt, die zweite zählt neu und
    bekommt die Meldung — es bleibt genau ein Konto der Administration."""
    anna, bernd = _admin("anna"), _admin("bernd")
    rollen_setzen(bernd, [], standort="")
    with pytest.raises(LetzteAdministration, match="letzte aktive Konto der Administration"):
        rollen_setzen(anna, [], standort="")
    with pytest.raises(LetzteAdministration):
        benutzer_sperren("anna")
    assert _aktive_administration() == ["anna"]
    assert set(sperren) >= {"sperre in Transaktion"}
    assert "sperre ohne Transaktion" not in sperren


@pytest.mark.django_db(transaction=True)
def test_jeder_weg_sperrt_in_der_transaktion_der_aenderung(sperren: list[str]) -> None:
    """Ohne die Transaktion des Tests (transaction=True): Dienste, Kommandozeile, Formular der Verwaltung
    (Djangos changeform_view) und die Aktion „sperren“ nehmen die Sperre jeweils innerhalb einer Transaktion."""
    anna, bernd, carla = _admin("anna"), _admin("bernd"), _admin("carla")
    _admin("dora")

    c = Client()
    c.force_login(anna)
    sperren.clear()
    antwort = c.post(f"/verwaltung/auth/user/{bernd.pk}/change/", {
        "username": "bernd", "first_name": "", "last_name": "", "email": "", "rollen": ["redaktion"],
        "standort": "", "date_joined_0": "01.01.2026", "date_joined_1": "00:00:00"})     # Rolle weg, „Aktiv“ aus
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert "sperre in Transaktion" in sperren and "sperre ohne Transaktion" not in sperren

    sperren.clear()
    c.post("/verwaltung/auth/user/", {"action": "sperren", "index": "0", "_selected_action": [carla.pk]})
    assert "sperre in Transaktion" in sperren and "sperre ohne Transaktion" not in sperren

    sperren.clear()
    call_command("benutzer", "aendern", "dora", "--rolle", "redaktion", stdout=io.StringIO())
    assert "sperre in Transaktion" in sperren and "sperre ohne Transaktion" not in sperren
    assert _aktive_administration() == ["anna"]

    sperren.clear()
    with pytest.raises(CommandError, match="letzte aktive Konto"):
        call_command("benutzer", "sperren", "anna", stdout=io.StringIO())
    assert "sperre in Transaktion" in sperren and "sperre ohne Transaktion" not in sperren
    assert _aktive_administration() == ["anna"]


@pytest.mark.django_db(transaction=True)
def test_oidc_anmeldung_sperrt_in_der_transaktion(sperren: list[str]) -> None:
    from django.core.exceptions import PermissionDenied

    from kundenportal.konten.oidc import RollenAusAnspruechen

    anna, bernd = _admin("anna"), _admin("bernd")
    anmeldung = RollenAusAnspruechen.__new__(RollenAusAnspruechen)      # ohne die OIDC-Einstellungen
    sperren.clear()
    anmeldung.update_user(bernd, {"roles": ["redaktion"], "standort": ""})
    assert "sperre in Transaktion" in sperren and "sperre ohne Transaktion" not in sperren
    with pytest.raises(PermissionDenied):                                # Anna ist jetzt die letzte
        anmeldung.update_user(anna, {"roles": ["redaktion"], "standort": ""})
    assert _aktive_administration() == ["anna"]


def test_regel_und_anlegen_aus_fixture(benutzer: Callable[..., Any]) -> None:
    """Die Fixture der Konten legt Administration über denselben Dienst an: die Regel greift auch dort."""
    letzte = benutzer("administration", "letzte")
    with pytest.raises(LetzteAdministration):
        rollen_setzen(letzte, [], standort="")
