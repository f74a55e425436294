"""Vorbereitete Abfragen (kundenportal/vorbereitet.py): dasselbe Ergebnis wie das ORM, übersetzt nur beim
ersten Aufruf je Verbindung — auf SQLite und PostgreSQL (läuft in beiden Testläufen)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.db.models.sql import compiler as sql_compiler
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.vorbereitet import Abfrage, Aenderung, Einfuegen, Fest, Wert

pytestmark = pytest.mark.django_db

ID = Wert("id", Kontakt._meta.pk)   # type: ignore[arg-type]


def _kontakt(user: Any, **felder: Any) -> Kontakt:
    werte = {"user": user, "kanal": "sc_sgb3", "kundennummer": "955T000001", "leitfaden": "SC 3.307",
             "stand": dt.date(2020, 3, 20), "weisung": "202003006",
             "lauf": {"antworten": {"identitaet_geprueft": True}, "liste": [1, "ä", None]}} | felder
    return Kontakt.objects.create(**werte)


@pytest.fixture
def uebersetzungen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Zählt, wie oft Django eine Abfrage übersetzt (as_sql der Compiler)."""
    gezaehlt: list[str] = []
    for klasse in (sql_compiler.SQLCompiler, sql_compiler.SQLInsertCompiler, sql_compiler.SQLUpdateCompiler):
        original = klasse.__dict__["as_sql"]

        def zaehlen(self: Any, *args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            gezaehlt.append(type(self).__name__)
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(klasse, "as_sql", zaehlen)
    yield gezaehlt


def _felder(k: Kontakt) -> dict[str, Any]:
    return {f.attname: getattr(k, f.attname) for f in Kontakt._meta.concrete_fields}


def test_lesen_wie_das_orm_auch_mit_select_related(benutzer: Callable[..., Any],
                                                   uebersetzungen: list[str]) -> None:
    user = benutzer("agent_sc3")
    a, b = _kontakt(user), _kontakt(user, kundennummer="955T000002", lauf={"x": {"y": [1.5]}})
    abfrage = Abfrage(lambda: Kontakt.objects.select_related("user").filter(pk=ID).order_by())
    (gelesen_a,) = abfrage(id=a.pk)
    uebersetzungen.clear()
    (gelesen_b,) = abfrage(id=str(b.pk))            # auch als Text: umgewandelt wie im ORM
    assert uebersetzungen == []                      # nur beim ersten Aufruf übersetzt
    for vorbereitet in (gelesen_a, gelesen_b):
        orm = Kontakt.objects.select_related("user").get(pk=vorbereitet.pk)
        assert _felder(vorbereitet) == _felder(orm)
        assert isinstance(vorbereitet.lauf, dict) and vorbereitet.begonnen.tzinfo is not None
        assert vorbereitet.user.username == user.username       # schon geladen (select_related)
        assert not vorbereitet._state.adding and vorbereitet._state.db == "default"
    assert abfrage(id=uuid.uuid4()) == []


def test_feste_bedingungen_und_grenzen_bleiben_im_sql(benutzer: Callable[..., Any]) -> None:
    user = benutzer("agent_sc3")
    alle = [_kontakt(user, status=Kontakt.ABGESCHLOSSEN) for _ in range(4)] + [_kontakt(user)]
    nummer = Wert("kundennummer", Kontakt._meta.get_field("kundennummer"))
    abfrage = Abfrage(lambda: Kontakt.objects.filter(kundennummer=nummer, status=Kontakt.ABGESCHLOSSEN)
                      .exclude(pk=ID).order_by("-begonnen", "-pk")[:2])
    erwartet = list(Kontakt.objects.filter(kundennummer="955T000001", status=Kontakt.ABGESCHLOSSEN)
                    .exclude(pk=alle[0].pk).order_by("-begonnen", "-pk")[:2])
    assert abfrage(kundennummer="955T000001", id=alle[0].pk) == erwartet
    assert abfrage(kundennummer="955T000009", id=alle[0].pk) == []


def test_fehlender_wert_ist_ein_fehler(benutzer: Callable[..., Any]) -> None:
    k = _kontakt(benutzer("agent_sc3"))
    abfrage = Abfrage(lambda: Kontakt.objects.filter(pk=ID))
    with pytest.raises(TypeError, match="Wert fehlt: id"):
        abfrage()
    assert abfrage(id=k.pk) == [k]


@pytest.mark.django_db(transaction=True)
def test_sperre_nur_in_einer_transaktion_auch_wenn_schon_uebersetzt(benutzer: Callable[..., Any]) -> None:
    k = _kontakt(benutzer("agent_sc3"))
    sperren = Abfrage(lambda: Kontakt.objects.select_for_update().filter(pk=ID))
    with transaction.atomic():
        assert sperren(id=k.pk) == [k]
    with pytest.raises(TransactionManagementError):
        sperren(id=k.pk)


def test_aendern_und_einfuegen_wie_das_orm(benutzer: Callable[..., Any], uebersetzungen: list[str]) -> None:
    user = benutzer("agent_sc3")
    k = _kontakt(user)
    aendern = Aenderung(Kontakt, {"lauf": "lauf", "ergebnis": "ergebnis"}, lambda: Kontakt.objects.filter(pk=ID))
    assert aendern(id=k.pk, lauf={"neu": ["ü", 2]}, ergebnis="erledigt") == 1
    uebersetzungen.clear()
    assert aendern(id=k.pk, lauf={"neu": ["ü", 3]}, ergebnis="erledigt") == 1
    assert aendern(id=uuid.uuid4(), lauf={}, ergebnis="") == 0
    assert uebersetzungen == []
    k.refresh_from_db()
    assert k.lauf == {"neu": ["ü", 3]} and k.ergebnis == "erledigt"

    einfuegen = Einfuegen(Zugriff, ["user_id", "aktion", "zweck", "kundennummer", "kontakt", "zeit"])
    jetzt = timezone.now()
    einfuegen(user_id=user.pk, aktion="kontakt_lesen", zweck="gespraech", kundennummer="955T000001",
              kontakt=k.pk, zeit=jetzt)
    einfuegen(user_id=user.pk, aktion="kontakt_lesen", zweck="gespraech", kundennummer="", kontakt=None, zeit=jetzt)
    gespeichert = list(Zugriff.objects.filter(user=user).order_by("id").values_list("kontakt", "kundennummer", "zeit"))
    assert gespeichert == [(k.pk, "955T000001", jetzt), (None, "", jetzt)]


def test_mehrere_zeilen_und_aendern_mit_einfuegen(benutzer: Callable[..., Any], uebersetzungen: list[str],
                                                  django_assert_num_queries: Any) -> None:
    """Mehrere Zeilen in einem INSERT; UPDATE mit INSERT auf PostgreSQL in einem Befehl, sonst in zweien —
    dasselbe Ergebnis, auch wenn das UPDATE keine Zeile trifft (dann zählt der Aufrufer 0)."""
    from django.db import connection

    user = benutzer("agent_sc3")
    k = _kontakt(user)
    jetzt = timezone.now()
    einfuegen = Einfuegen(Zugriff, ["user_id", "aktion", "zweck", "kundennummer", "kontakt", "zeit"])
    aendern = Aenderung(Kontakt, {"ergebnis": "ergebnis"}, lambda: Kontakt.objects.filter(pk=ID))

    def zeile(aktion: str, kontakt: uuid.UUID | None = None) -> dict[str, Any]:
        return {"user_id": user.pk, "aktion": aktion, "zweck": "gespraech", "kundennummer": "955T000001",
                "kontakt": kontakt, "zeit": jetzt}

    with django_assert_num_queries(1):
        assert einfuegen.zeilen([zeile("kontakt_lesen", k.pk), zeile("verbis_profil_lesen")]) == 2
    assert einfuegen.zeilen([]) == 0
    befehle = 1 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(befehle):
        assert aendern.mit_einfuegen(einfuegen, [zeile("kontakt_beantworten", k.pk), zeile("kundenhistorie_lesen")],
                                     id=k.pk, ergebnis="fertig") == 1
    uebersetzungen.clear()
    with django_assert_num_queries(befehle):      # zweiter Aufruf: übersetzt nichts mehr
        assert aendern.mit_einfuegen(einfuegen, [zeile("kontakt_beantworten", k.pk), zeile("kundenhistorie_lesen")],
                                     id=uuid.uuid4(), ergebnis="nie") == 0
    assert uebersetzungen == []
    with django_assert_num_queries(1):            # ohne Zeilen: nur das UPDATE
        assert aendern.mit_einfuegen(einfuegen, [], id=k.pk, ergebnis="fertig") == 1
    k.refresh_from_db()
    assert k.ergebnis == "fertig"
    assert list(Zugriff.objects.filter(user=user).order_by("id").values_list("aktion", "kontakt")) == [
        ("kontakt_lesen", k.pk), ("verbis_profil_lesen", None), ("kontakt_beantworten", k.pk),
        ("kundenhistorie_lesen", None), ("kontakt_beantworten", k.pk), ("kundenhistorie_lesen", None)]


def test_speichern_eines_verschwundenen_kontakts_ist_ein_fehler(benutzer: Callable[..., Any], kunde: str) -> None:
    """Wie `save(update_fields=…)`: ändert das UPDATE keine Zeile, ist das ein Fehler, kein stilles Nichts."""
    k = services.kontakt_starten(benutzer("agent_sc3"), "SC 3.307", kunde)
    lauf = services.sitzung(k).lauf
    Kontakt.objects.filter(pk=k.pk).delete()
    with pytest.raises(DatabaseError):
        services._speichern(k, lauf)
    with pytest.raises(Kontakt.DoesNotExist), transaction.atomic():
        services._gesperrt(k, k.user)


def _vorbereitet_auf_dem_server() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [z[0] for z in cursor.fetchall()]


@pytest.mark.parametrize("an", [True, False])
def test_auf_postgresql_auf_dem_server_vorbereitet_und_gezaehlt(benutzer: Callable[..., Any], an: bool,
                                                                settings: Any) -> None:
    """PostgreSQL: eingeschaltet ist eine übersetzte Abfrage auf dem Server vorbereitet (ein benanntes
    Statement je Verbindung, jeder weitere Aufruf nur Bind/Execute) — und läuft doch durch Djangos Hülle:
    `CaptureQueriesContext` zählt sie, Ergebnis wie das ORM. Ausgeschaltet (etwa hinter PgBouncer) nichts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("nur PostgreSQL bereitet auf dem Server vor")
    settings.KUNDENPORTAL_VORBEREITET_SERVER = an
    user = benutzer("agent_sc3")
    a = _kontakt(user, kundennummer="955T000077")
    abfrage = Abfrage(lambda: Kontakt.objects.filter(pk=ID, kundennummer="955T000077").order_by())
    aendern = Aenderung(Kontakt, {"ergebnis": "ergebnis"}, lambda: Kontakt.objects.filter(pk=ID))
    with CaptureQueriesContext(connection) as erfasst:
        for _ in range(3):
            (gelesen,) = abfrage(id=a.pk)
            assert aendern(id=a.pk, ergebnis="geprüft") == 1
    assert len(erfasst.captured_queries) == 6
    assert _felder(gelesen) == _felder(Kontakt.objects.get(pk=a.pk))
    assert Kontakt.objects.get(pk=a.pk).ergebnis == "geprüft"
    vorbereitet = [s for s in _vorbereitet_auf_dem_server() if '"gespraech_kontakt"' in s]
    assert len(vorbereitet) == (2 if an else 0), _vorbereitet_auf_dem_server()


def test_fest_steht_als_literal_im_sql_und_liest_wie_das_orm(benutzer: Callable[..., Any]) -> None:
    """`Fest` (ein Code als Literal statt Parameter, gegen SQLites Neuplanung bei partiellen Indexen):
    dasselbe Ergebnis wie der Filter mit Parameter; im SQL steht der Wert, gebunden wird er nicht."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = benutzer("agent_sc3")
    offen, zu = _kontakt(user), _kontakt(user, status=Kontakt.ABGESCHLOSSEN)
    feld = Kontakt._meta.get_field("status")
    abfrage = Abfrage(lambda: Kontakt.objects.filter(kundennummer=Wert("nummer", Kontakt._meta.get_field(
        "kundennummer")), status=Fest(Kontakt.ABGESCHLOSSEN, feld)).order_by("begonnen"))   # type: ignore[arg-type]
    with CaptureQueriesContext(connection) as erfasst:
        gelesen = abfrage(nummer="955T000001")
    assert [k.pk for k in gelesen] == [zu.pk] == list(
        Kontakt.objects.filter(kundennummer="955T000001", status=Kontakt.ABGESCHLOSSEN).values_list("pk", flat=True))
    assert offen.pk not in [k.pk for k in gelesen]
    assert len(erfasst.captured_queries) == 1
    uebersetzt = abfrage._je.holen("default", abfrage._uebersetzen)
    assert "'abgeschlossen'" in uebersetzt.sql and Kontakt.ABGESCHLOSSEN not in uebersetzt.parameter


@pytest.mark.parametrize("wert", ["", "a'b", "x y", "50%", "ä", "a;--"])
def test_fest_nimmt_nur_codes(wert: str) -> None:
    with pytest.raises(ValueError, match="nur Codes"):
        Fest(wert)
