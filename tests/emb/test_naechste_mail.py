"""„Nächste Mail“: übernimmt die älteste offene Mail, die niemand hält, im eigenen Rechtskreis, und öffnet sie. Zwei
Beschäftigte, die zugleich drücken, bekommen nie dieselbe Mail — das bedingte UPDATE (`bearbeiter = ''`) entscheidet,
auf PostgreSQL überspringt die Auswahl zudem gesperrte Zeilen (SKIP LOCKED). Ist keine mehr da, sagt die Seite das."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from kundenportal.emb.models import Mail, Protokoll
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen, naechste_mail_beanspruchen
from kundenportal.gespraech import services as gespraech
from kundenportal.leitfaden.vokabular import BERLIN
from kundenportal.verdrahtung import katalog

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
KEINE = "Keine offene Mail in der Warteschlange."


def _mails(anzahl: int) -> list[Mail]:
    """`anzahl` offene Mails, eine Minute nacheinander eingegangen (die erste ist die älteste)."""
    return [mail_einlesen(f"Message-ID: <n{i}@web.example>\r\nFrom: k{i}@web.example\r\nSubject: Frage {i}\r\n\r\n"
                          f"Text {i}\r\n".encode(), quelle="test", jetzt=JETZT + dt.timedelta(minutes=i)).mail
            for i in range(anzahl)]


def _angemeldet(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_naechste_mail_ist_die_aelteste_freie_und_oeffnet_sich(anna: Any, bernd: Any) -> None:
    erste, zweite, dritte = _mails(3)
    assert mail_beanspruchen(bernd, erste.id, JETZT)
    client = _angemeldet(anna)
    assert '<span class="kern-label">Nächste Mail</span>' in client.get("/emb/").content.decode()
    antwort = client.post("/emb/naechste/")
    assert antwort.status_code == 302 and antwort["Location"] == f"/emb/{zweite.id}/"
    m = Mail.objects.get(id=zweite.id)
    assert (m.status, m.bearbeiter) == (Mail.Status.IN_BEARBEITUNG, "anna")
    assert Protokoll.objects.filter(mail=m, art="beansprucht", benutzer="anna").count() == 1
    assert client.post("/emb/naechste/")["Location"] == f"/emb/{dritte.id}/"     # die nächste, nicht dieselbe
    leer = client.post("/emb/naechste/", follow=True).content.decode()
    assert KEINE in leer and Mail.objects.filter(bearbeiter="anna").count() == 2


def test_zwei_nacheinander_bekommen_verschiedene_mails(anna: Any, bernd: Any) -> None:
    erste, zweite = _mails(2)
    a, b = naechste_mail_beanspruchen(anna, JETZT), naechste_mail_beanspruchen(bernd, JETZT)
    assert a is not None and b is not None and (a.id, b.id) == (erste.id, zweite.id)
    assert naechste_mail_beanspruchen(anna, JETZT) is None


@pytest.fixture
def dazwischen(bernd: Any) -> Iterator[list[int]]:
    """Nimmt Annas erster Übernahme die Mail weg: Bevor ihr UPDATE (`… SET bearbeiter = 'anna' … WHERE bearbeiter =
    ''`) läuft, übernimmt Bernd genau diese Mail — wie ein zweiter Worker zwischen Auswahl und UPDATE. Die Liste
    sammelt die Mails, die Bernd so bekam."""
    bernd_bekam: list[int] = []
    innen = False

    def einschieben(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal innen
        if (not innen and not bernd_bekam and sql.startswith('UPDATE "email_bearbeitung_mail"')
                and params and "anna" in params):
            innen = True
            try:
                kandidat = Mail.objects.filter(status=Mail.Status.OFFEN).order_by("eingegangen", "id").values_list(
                    "id", flat=True)[0]        # die Mail, die Anna eben ausgewählt hat: die älteste offene
                assert mail_beanspruchen(bernd, kandidat, JETZT)
                bernd_bekam.append(kandidat)
            finally:
                innen = False
        return execute(sql, params, many, context)

    with connection.execute_wrapper(einschieben):
        yield bernd_bekam


def test_wer_die_mail_zwischen_auswahl_und_update_verliert_nimmt_die_naechste(anna: Any, dazwischen: list[int]) -> None:
    erste, zweite = _mails(2)
    bekommen = naechste_mail_beanspruchen(anna, JETZT)
    assert dazwischen == [erste.id]                         # Bernd war schneller
    assert bekommen is not None and bekommen.id == zweite.id
    assert Mail.objects.get(id=erste.id).bearbeiter == "bernd" and Mail.objects.get(id=zweite.id).bearbeiter == "anna"
    assert not Protokoll.objects.filter(mail=erste, benutzer="anna").exists()


def test_nur_der_eigene_rechtskreis_und_nur_offene_mails(anna: Any, benutzer: Callable[..., Any], kunde: str) -> None:
    fk_mail, quarantaene, erledigt, eigene = _mails(4)
    fk = benutzer("agent_scfk", "fk-agent")
    leitfaden = next(lf.id for lf in katalog().leitfaeden.values() if "scfk" in lf.kopf.kanaele and not lf.kopf.baustein)
    kontakt = gespraech.kontakt_abschliessen(fk, gespraech.kontakt_starten(fk, leitfaden, kunde), "Vermerk.")
    Mail.objects.filter(id=fk_mail.id).update(kontakt=kontakt)
    Mail.objects.filter(id=quarantaene.id).update(status=Mail.Status.QUARANTAENE)
    Mail.objects.filter(id=erledigt.id).update(status=Mail.Status.ERLEDIGT)
    bekommen = naechste_mail_beanspruchen(anna, JETZT)
    assert bekommen is not None and bekommen.id == eigene.id
    assert naechste_mail_beanspruchen(anna, JETZT) is None
    assert Mail.objects.get(id=fk_mail.id).bearbeiter == ""
    # „Übernehmen“ einer Mail, die nicht offen ist, sagt warum (und holt sie nicht in die Bearbeitung)
    client = _angemeldet(anna)
    html = client.post(f"/emb/{quarantaene.id}/beanspruchen/", follow=True).content.decode()
    assert "Die Mail liegt in der Quarantäne. Übernehmen lässt sich nur eine offene Mail der Warteschlange." in html
    m = Mail.objects.get(id=quarantaene.id)
    assert (m.status, m.bearbeiter) == (Mail.Status.QUARANTAENE, "")


def test_rechte_und_falsche_methode(benutzer: Callable[..., Any], anna: Any) -> None:
    _mails(1)
    for rolle in ("agent_scfk", "agent_sc3", "teamleitung_emb", "teamleitung"):
        assert _angemeldet(benutzer(rolle, f"n-{rolle}")).post("/emb/naechste/").status_code == 403, rolle
    assert _angemeldet(anna).get("/emb/naechste/").status_code == 405
    assert Mail.objects.get().bearbeiter == ""
    assert Client().post("/emb/naechste/")["Location"].startswith("/anmelden/")


def test_auf_der_erledigten_mail_geht_es_mit_der_naechsten_weiter(anna: Any, bernd: Any) -> None:
    erste, zweite = _mails(2)
    assert mail_beanspruchen(bernd, erste.id, JETZT)
    html = _angemeldet(anna).get(f"/emb/{erste.id}/").content.decode()
    assert "In Bearbeitung durch bernd." in html and 'action="/emb/naechste/"' in html
    Mail.objects.filter(id=zweite.id).update(status=Mail.Status.ERLEDIGT)
    assert 'action="/emb/naechste/"' in _angemeldet(anna).get(f"/emb/{zweite.id}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_postgresql_ueberspringt_die_zeile_die_gerade_jemand_uebernimmt(anna: Any, bernd: Any) -> None:
    """Echte Nebenläufigkeit: Bernds Transaktion hat die älteste Mail gesperrt (SELECT … FOR UPDATE SKIP LOCKED, wie
    `naechste_mail_beanspruchen`) und ist noch nicht fertig. Anna wartet nicht auf sie, sondern bekommt sofort die
    zweite; danach übernimmt Bernd die erste."""
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED gibt es nur auf PostgreSQL; SQLite schreibt nur nacheinander")
    erste, zweite = _mails(2)
    gesperrt, weiter = threading.Event(), threading.Event()
    ergebnis: dict[str, Any] = {}

    def bernd_haelt() -> None:
        try:
            with transaction.atomic():
                ergebnis["gesperrt"] = (Mail.objects.filter(status=Mail.Status.OFFEN, bearbeiter="")
                                        .order_by("eingegangen", "id").select_for_update(skip_locked=True)
                                        .values_list("id", flat=True).first())
                gesperrt.set()
                weiter.wait(timeout=20)
                ergebnis["bernd"] = mail_beanspruchen(bernd, ergebnis["gesperrt"], JETZT)
        finally:
            connection.close()

    faden = threading.Thread(target=bernd_haelt)
    faden.start()
    try:
        assert gesperrt.wait(timeout=20)
        bekommen = naechste_mail_beanspruchen(anna, JETZT)
    finally:
        weiter.set()
        faden.join(timeout=30)
    assert ergebnis["gesperrt"] == erste.id and ergebnis["bernd"] is True
    assert bekommen is not None and bekommen.id == zweite.id
    assert Mail.objects.get(id=erste.id).bearbeiter == "bernd"
