"""SQLite-Backend (kundenportal.sqlite): schreibende Transaktionen stellen sich an einer Dateisperre an,
statt in SQLites gestaffeltem Schlaf (1, 2, 5, 10 … ms) zu warten; die Frist bleibt SQLites timeout."""

from __future__ import annotations

import fcntl
import gc
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import OperationalError

from kundenportal.gespraech.models import Kontakt
from kundenportal.sqlite import base

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _nur_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("die Warteschlange der Schreiber gibt es nur im SQLite-Backend")


@pytest.fixture
def fremde_sperre() -> Iterator[int]:
    """Ein eigener Deskriptor auf die Sperrdatei, wie ihn ein anderer Prozess hätte."""
    datei = connection.schreibsperre_datei()  # type: ignore[attr-defined]
    assert datei is not None and datei.endswith("-schreiben.lock")
    fd = os.open(datei, os.O_RDWR | os.O_CREAT, 0o600)
    yield fd
    os.close(fd)


def _frei(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return True


def test_eine_transaktion_haelt_die_sperre_bis_commit_oder_rollback(fremde_sperre: int) -> None:
    assert _frei(fremde_sperre)
    with transaction.atomic():
        assert not _frei(fremde_sperre)
        with transaction.atomic():          # verschachtelt: ein Sicherungspunkt, dieselbe Sperre
            assert not _frei(fremde_sperre)
        assert not _frei(fremde_sperre)
    assert _frei(fremde_sperre)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert not _frei(fremde_sperre)
        1 / 0  # noqa: B018
    assert _frei(fremde_sperre)
    connection.close()                      # mitten in keiner Transaktion: Deskriptor zu, nichts gehalten
    assert _frei(fremde_sperre)


def test_schliessen_mitten_in_der_transaktion_gibt_frei(fremde_sperre: int) -> None:
    connection.ensure_connection()
    connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]  # BEGIN IMMEDIATE
    assert not _frei(fremde_sperre)
    connection.close()                        # etwa nach einem Fehler der Verbindung
    assert _frei(fremde_sperre)


def test_belegte_sperre_meldet_nach_der_frist_database_is_locked(fremde_sperre: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict["OPTIONS"], "timeout": 0.2})
    fcntl.flock(fremde_sperre, fcntl.LOCK_EX)
    try:
        beginn = time.monotonic()
        meldung = r"database is locked: 0.2 s auf die Schreibsperre .*-schreiben\.lock"
        with pytest.raises(OperationalError, match=meldung), transaction.atomic():
            Kontakt.objects.count()
        assert time.monotonic() - beginn >= 0.2
    finally:
        fcntl.flock(fremde_sperre, fcntl.LOCK_UN)
    with transaction.atomic():                # danach geht es weiter, nichts hängt
        assert Kontakt.objects.count() == 0
    assert _frei(fremde_sperre)


def test_ein_wartender_schreiber_fragt_in_kurzen_abstaenden_und_kommt_nach_dem_commit_dran(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pausen: list[float] = []
    echt = time.sleep
    def schlafen(sekunden: float) -> None:
        pausen.append(sekunden)
        echt(sekunden)

    monkeypatch.setattr("kundenportal.sqlite.base.time.sleep", schlafen)
    reihenfolge: list[str] = []
    begonnen = threading.Event()
    fehler: list[BaseException] = []

    def zweiter() -> None:
        try:
            begonnen.wait(5)
            with transaction.atomic():
                reihenfolge.append("B beginnt")
        except BaseException as f:   # im Faden festhalten, im Test prüfen
            fehler.append(f)
        finally:
            connection.close()

    faden = threading.Thread(target=zweiter)
    with transaction.atomic():
        reihenfolge.append("A beginnt")
        faden.start()
        begonnen.set()
        while not pausen:                     # B wartet an der Sperre, nicht in SQLite
            echt(0.001)
        echt(0.05)
        reihenfolge.append("A schreibt fest")
    faden.join(10)
    assert not fehler
    assert reihenfolge == ["A beginnt", "A schreibt fest", "B beginnt"]
    assert pausen[0] == base.ERSTE_PAUSE
    assert max(pausen) == base.LAENGSTE_PAUSE


def test_nach_fork_ein_eigener_deskriptor_ohne_die_sperre_der_eltern_zu_loesen(
        fremde_sperre: int, monkeypatch: pytest.MonkeyPatch) -> None:
    with transaction.atomic():
        pass
    assert connection._sperrdatei is not None  # type: ignore[attr-defined]
    andere_pid = os.getpid() + 1
    monkeypatch.setattr("kundenportal.sqlite.base.os.getpid", lambda: andere_pid)
    with transaction.atomic():
        assert not _frei(fremde_sperre)
        assert connection._sperrdatei_pid == andere_pid  # type: ignore[attr-defined]
    assert _frei(fremde_sperre)


def test_datenbank_im_speicher_braucht_keine_sperrdatei() -> None:
    einstellungen = {**connection.settings_dict, "NAME": ":memory:"}
    speicher = base.DatabaseWrapper(einstellungen, alias="speicher")
    try:
        assert speicher.schreibsperre_datei() is None
        with speicher.cursor() as c:
            speicher._start_transaction_under_autocommit()
            c.execute("CREATE TABLE t (x)")
            speicher.commit()
        assert speicher._sperrdatei is None
    finally:
        speicher.close()


def test_ohne_sperrdatei_schreibt_die_verbindung_ohne_warteschlange_weiter(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    connection.close()
    echt = os.open

    def verweigert(pfad: str, *args: Any, **kwargs: Any) -> int:
        if str(pfad).endswith("-schreiben.lock"):
            raise PermissionError(13, "Permission denied")
        return echt(pfad, *args, **kwargs)

    monkeypatch.setattr("kundenportal.sqlite.base.os.open", verweigert)
    with caplog.at_level("WARNING", logger="kundenportal.sqlite"):
        for _ in range(2):
            with transaction.atomic():
                assert Kontakt.objects.count() == 0
    assert [r.getMessage() for r in caplog.records if "Sperrdatei" in r.getMessage()] == [
        f"SQLite: Sperrdatei {connection.schreibsperre_datei()} nicht zu öffnen (Permission denied) — diese "  # type: ignore[attr-defined]
        "Verbindung schreibt ohne Warteschlange, SQLites Busy-Handler wartet allein"]
    connection.close()


def test_ein_schreibender_befehl_ohne_transaktion_stellt_sich_an_lesende_nicht(
        fremde_sperre: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict["OPTIONS"], "timeout": 0.2})
    fcntl.flock(fremde_sperre, fcntl.LOCK_EX)
    try:
        assert Kontakt.objects.count() == 0                     # lesen: sofort, auch bei belegter Sperre
        with pytest.raises(OperationalError, match=r"database is locked: 0.2 s auf die Schreibsperre"):
            Kontakt.objects.filter(kanal="sc3").update(kanal="ez")     # Autocommit: ein Befehl, angestellt
    finally:
        fcntl.flock(fremde_sperre, fcntl.LOCK_UN)
    assert Kontakt.objects.filter(kanal="sc3").update(kanal="ez") == 0
    assert _frei(fremde_sperre)                                 # nach dem Befehl wieder frei


def test_eine_verworfene_verbindung_haelt_die_sperre_nicht_fest(fremde_sperre: int) -> None:
    verworfen: Any = base.DatabaseWrapper({**connection.settings_dict}, alias="verworfen")
    verworfen.ensure_connection()
    verworfen._start_transaction_under_autocommit()
    assert not _frei(fremde_sperre)
    del verworfen                                               # ohne close(): etwa ein beendeter Faden
    gc.collect()
    assert _frei(fremde_sperre)


def test_die_sperrdatei_geht_mit_der_testdatenbank(tmp_path: Any) -> None:
    name = str(tmp_path / "test.sqlite3")
    for datei in (name, base.sperrdatei_zu(name)):
        open(datei, "w").close()
    connection.creation._destroy_test_db(name, 0)  # type: ignore[attr-defined]
    assert list(tmp_path.iterdir()) == []
