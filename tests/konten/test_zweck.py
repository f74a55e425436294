"""Der Zweck jedes Lesens im Zugriffsprotokoll: feste deutsche Zwecke, aus der Aktion abgeleitet; Listen
werden je Kunde und Kontakt in einer Abfrage protokolliert; die Protokollseite zeigt den Zweck."""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kundenportal.konten import zwecke
from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import zugriff_protokollieren, zugriffe_gesammelt, zugriffe_protokollieren

QUELLE = Path(zwecke.__file__).resolve().parent.parent
# Aktionscodes im Quelltext: zugriff(e)_protokollieren(user, "code", …), _protokollieren(request, "code", …)
# und die Schritte des Gesprächs (_schritt(user, kontakt, "code", …)).
AUFRUF = re.compile(r'(?:_protokollieren\(\s*[\w.]+,\s*|_schritt\(\s*\w+,\s*\w+,\s*)"([a-z_]+)"')


def _aktionen() -> set[str]:
    return {m for datei in QUELLE.rglob("*.py") for m in AUFRUF.findall(datei.read_text(encoding="utf-8"))}


def test_jede_aktion_im_quelltext_hat_einen_zweck() -> None:
    aktionen = _aktionen()
    assert {"kontakt_lesen", "kunde_suchen", "emb_mail_lesen", "emb_anhang_lesen", "postkorb_lesen",
            "qs_kontakt_lesen", "emb_quarantaene_lesen", "kontakt_beantworten"} <= aktionen   # der Scan findet sie
    ohne = []
    for aktion in sorted(aktionen):
        try:
            assert zwecke.zweck_fuer(aktion) in zwecke.ZWECKE
        except ValueError:
            ohne.append(aktion)
    assert not ohne, f"Aktionen ohne Zweck (konten/zwecke.py ergänzen): {ohne}"


def test_zwecke_sind_deutsch_und_fest() -> None:
    assert zwecke.zweck_fuer("emb_quarantaene_mail_lesen") == zwecke.QUARANTAENE
    assert zwecke.zweck_fuer("emb_mail_lesen") == zwecke.EMAIL
    assert zwecke.zweck_fuer("kundenhistorie_lesen") == zwecke.HISTORIE
    assert all(text[0].isupper() and " " in text for text in zwecke.ZWECKE.values())     # Wörter, keine Codes
    with pytest.raises(ValueError, match="hat keinen Zweck"):
        zwecke.zweck_fuer("irgendwas_lesen")
    with pytest.raises(ValueError, match="Unbekannter Zweck"):
        zwecke.pruefen("neugier")


@pytest.mark.django_db
def test_ein_eintrag_traegt_seinen_zweck(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    kontakt = uuid.uuid4()
    zugriff_protokollieren(agent, "kontakt_lesen", kundennummer="955T000001", kontakt=kontakt)
    z = Zugriff.objects.get(user=agent)
    assert z.zweck == zwecke.GESPRAECH and z.get_zweck_display() == "Kundengespräch führen"
    assert (z.kontakt, z.kundennummer, z.aktion) == (kontakt, "955T000001", "kontakt_lesen")
    zugriff_protokollieren(agent, "kontakt_lesen", zweck=zwecke.QS)
    assert Zugriff.objects.filter(user=agent, zweck=zwecke.QS).count() == 1             # ausdrücklich
    with pytest.raises(ValueError):
        zugriff_protokollieren(agent, "unbekannt")
    assert Zugriff.objects.filter(user=agent).count() == 2


@pytest.mark.django_db
def test_liste_in_einer_abfrage_je_kunde_und_kontakt(benutzer: Callable[..., Any],
                                                     django_assert_num_queries: Any) -> None:
    agent = benutzer("agent_emb")
    k = uuid.uuid4()
    with django_assert_num_queries(1):
        eintraege = zugriffe_protokollieren(agent, "emb_warteschlange_lesen",
                                            [("955T000001", None), ("955T000002", k), ("955T000001", None),
                                             ("", "keine-kennung")])
    assert eintraege == 3
    gespeichert = Zugriff.objects.filter(user=agent).order_by("kundennummer")
    assert [(z.kundennummer, z.kontakt, z.zweck) for z in gespeichert] == [
        ("", None, "email"), ("955T000001", None, "email"), ("955T000002", k, "email")]
    vorher = Zugriff.objects.count()
    assert zugriffe_protokollieren(agent, "emb_warteschlange_lesen", []) == 1
    assert Zugriff.objects.order_by("-id").values_list("kundennummer", flat=True)[0] == ""   # gelesen wurde trotzdem
    assert Zugriff.objects.count() == vorher + 1


@pytest.mark.django_db(transaction=True)
def test_gesammelte_eintraege_in_einem_insert_vor_dem_commit(benutzer: Callable[..., Any]) -> None:
    """Ein Schritt schreibt seine Einträge in einem INSERT, in seiner Transaktion; ein innerer Block
    sammelt für den äußeren; lange Listen gehen in Stapeln."""
    agent = benutzer("agent_sc3")
    k = uuid.uuid4()
    with CaptureQueriesContext(connection) as erfasst, transaction.atomic(), zugriffe_gesammelt():
        zugriff_protokollieren(agent, "kontakt_beantworten", kundennummer="955T000001", kontakt=k)
        with zugriffe_gesammelt():                                    # innen: sammelt für außen
            zugriff_protokollieren(agent, "verbis_profil_lesen", kundennummer="955T000001", kontakt=k)
        assert zugriffe_protokollieren(agent, "kundenhistorie_lesen", [("955T000001", k), ("955T000001", None)]) == 2
        assert not Zugriff.objects.filter(user=agent).exists()          # vorgemerkt, noch nicht geschrieben
    inserts = [q["sql"] for q in erfasst.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1, inserts
    assert erfasst.captured_queries[-1]["sql"] == "COMMIT"              # vor dem Commit geschrieben
    assert list(Zugriff.objects.filter(user=agent).order_by("id").values_list("aktion", "kontakt")) == [
        ("kontakt_beantworten", k), ("verbis_profil_lesen", k), ("kundenhistorie_lesen", k),
        ("kundenhistorie_lesen", None)]
    with zugriffe_gesammelt():
        viele = zugriffe_protokollieren(agent, "emb_warteschlange_lesen", [(f"955T{i:06d}", None) for i in range(50)])
    assert viele == 50 and Zugriff.objects.filter(aktion="emb_warteschlange_lesen").count() == 50


@pytest.mark.django_db(transaction=True)
def test_gesammelte_eintraege_auch_bei_einem_fehler(benutzer: Callable[..., Any]) -> None:
    """Was gelesen wurde, steht im Protokoll, auch wenn danach etwas scheitert (ohne Transaktion); in einer
    Transaktion, die der Fehler zurückrollt, verschwindet es mit der Änderung — und der Fehler bleibt der
    ursprüngliche, auch wenn die Transaktion der Datenbank schon verloren ist."""
    agent = benutzer("agent_sc3")
    with pytest.raises(RuntimeError, match="nach dem Lesen"), zugriffe_gesammelt():
        zugriff_protokollieren(agent, "kontakt_lesen", kundennummer="955T000001")
        raise RuntimeError("nach dem Lesen")
    assert Zugriff.objects.filter(user=agent, aktion="kontakt_lesen").count() == 1
    with pytest.raises(DatabaseError), transaction.atomic(), zugriffe_gesammelt():
        zugriff_protokollieren(agent, "kontakt_lesen", kundennummer="955T000002")
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM gibt_es_nicht")               # die Transaktion ist verloren
    assert not Zugriff.objects.filter(user=agent, kundennummer="955T000002").exists()


@pytest.mark.django_db
def test_postkorb_und_historie_protokollieren_jeden_kunden(benutzer: Callable[..., Any], kunde: str) -> None:
    from kundenportal.fachverfahren.registry import systeme
    from kundenportal.gespraech import services

    systeme().aufgaben.erstellen("os_algplus", "Prüfen", kunde, "Text", "test", "")
    systeme().aufgaben.erstellen("os_algplus", "Prüfen", "955T000009", "Text", "test", "")
    backoffice = benutzer("os_algplus")
    c = Client()
    c.force_login(backoffice)
    assert c.get("/postkorb/os_algplus/").status_code == 200
    assert set(Zugriff.objects.filter(user=backoffice, aktion="postkorb_lesen").values_list(
        "kundennummer", "zweck")) == {(kunde, "aufgabe"), ("955T000009", "aufgabe")}
    agent = benutzer("agent_sc3")
    fertig = [services.kontakt_abschliessen(agent, services.kontakt_starten(agent, "SC 3.003", kunde), "V.")
              for _ in range(2)]
    services.kundenhistorie_lesen(agent, kunde)
    gelesen = set(Zugriff.objects.filter(user=agent, aktion="kundenhistorie_lesen").values_list("kontakt", flat=True))
    assert {k.pk for k in fertig} <= gelesen


@pytest.mark.django_db
def test_protokollseite_zeigt_den_zweck(benutzer: Callable[..., Any], kunde: str) -> None:
    zugriff_protokollieren(benutzer("agent_sc3"), "kundenhistorie_lesen", kundennummer=kunde)
    c = Client()
    c.force_login(benutzer("administration"))
    seite = c.post("/protokoll/", {"kundennummer": kunde}).content.decode()
    assert 'scope="col">Zweck</th>' in seite and "Frühere Kontakte einsehen" in seite


@pytest.mark.django_db
def test_migration_traegt_den_zweck_alter_eintraege_nach(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    alt = Zugriff.objects.create(user=agent, aktion="kunde_suchen", zeit="2026-01-01T00:00Z")
    fremd = Zugriff.objects.create(user=agent, aktion="ganz_alt", zeit="2026-01-01T00:00Z")
    importlib.import_module("kundenportal.konten.migrations.0005_zweck").zwecke_nachtragen(apps, None)
    alt.refresh_from_db()
    fremd.refresh_from_db()
    assert (alt.zweck, fremd.zweck) == ("identifizieren", "")
