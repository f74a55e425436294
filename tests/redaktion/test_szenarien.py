"""Die Szenarien eines Entwurfs: die Seite listet sie (Name, wer/wann, letztes Ergebnis), „Löschen“ nach
Rückfrage und nur auf der gesehenen Version (sonst 409), nur solange der Entwurf bearbeitbar ist, mit
Protokolleintrag; das Szenario-Tor trägt das Ergebnis jedes Laufs ein."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Katalogdatei, Protokolleintrag, Szenario
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import EntwurfFehler, entwurf_beginnen
from kundenportal.redaktion.services.freigabe import paket_einreichen, tor_laufen_lassen
from kundenportal.redaktion.services.szenario import szenario_loeschen, szenario_speichern

from .test_lebenszyklus import SZENARIO
from .werkzeug import BASIS, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _loeschen(c: Client, entwurf: int, sz: Szenario, **extra: Any) -> Any:
    daten = {"tun": "loeschen", "szenario": sz.pk, "version": sz.version, "bestaetigt": "ja", **extra}
    return c.post(f"/redaktion/entwuerfe/{entwurf}/szenario/", daten)


def test_die_seite_des_entwurfs_listet_seine_szenarien(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    autorin = benutzer("redaktion", "ria")
    e = entwurf_3307(autorin)
    szenario_speichern(autorin, SZENARIO, lauf={"ok": True, "quelle": "Aufzeichnung", "fassung": "SC 3.307@2020-04-01",
                                                "fehler": []})
    html = _client(autorin).get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    zeile = html.split('id="szenario-sc-3307-redaktion-eid"')[1].split("</tr>")[0]
    assert "Basis-Stufe, eID<br><code>sc-3307-redaktion-eid</code>" in zeile
    assert "von ria am 01.04.2020 um " in zeile
    assert "<strong>bestanden</strong>" in zeile and "Aufzeichnung, 01.04.2020 " in zeile
    assert "Fassung SC 3.307, Stand 01.04.2020" in zeile and "SC 3.307@" not in zeile
    assert "Wirklich löschen: sc-3307-redaktion-eid" in zeile
    assert "im Katalog, gepflegt von der Entwicklung" in html and "content/szenarien" not in html


def test_das_tor_traegt_das_letzte_ergebnis_ein(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    p = paket_mit(a, entwurf_3307(a, bedingung="!stufe_ausweissicht"))
    szenario_speichern(a, SZENARIO)
    assert Szenario.objects.get().letzter_lauf == {}
    tor_laufen_lassen(a, p.pk)
    lauf = Szenario.objects.get().letzter_lauf
    assert lauf["ok"] is False and lauf["quelle"] == "Szenario-Tor, Paket Weisung 202003006"
    assert lauf["fehler"] == ["ergebnis: erwartet hinweis_sicherheitsstufe, war online_antrag_moeglich"]
    e = p.entwuerfe.get()
    html = _client(a).get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert ("<strong>fehlgeschlagen</strong>: ergebnis: erwartet hinweis_sicherheitsstufe, war "
            "online_antrag_moeglich") in html


def test_loeschen_nach_rueckfrage_mit_protokolleintrag(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    c = _client(a)
    antwort = _loeschen(c, e.pk, sz, bestaetigt="")
    assert antwort.status_code == 302 and Szenario.objects.filter(pk=sz.pk).exists()
    antwort = _loeschen(c, e.pk, sz)
    assert antwort.status_code == 302 and antwort["Location"] == f"/redaktion/entwuerfe/{e.pk}/#szenarien"
    assert not Szenario.objects.exists()
    eintrag = Protokolleintrag.objects.get(aktion="szenario_geloescht")
    assert eintrag.objekt == "szenario:sc-3307-redaktion-eid" and eintrag.user == a
    assert eintrag.details == {"leitfaden": "SC 3.307", "entwurf": e.pk, "version": 1, "text": SZENARIO}
    html = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert "Szenario sc-3307-redaktion-eid gelöscht: das Szenario-Tor führt es nicht mehr aus." in html
    assert "Noch keine Szenarien der Redaktion zu SC 3.307." in html


def test_zweites_loeschen_ist_ein_konflikt(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    c = _client(a)
    assert _loeschen(c, e.pk, sz).status_code == 302
    antwort = _loeschen(c, e.pk, sz)
    assert antwort.status_code == 409
    assert ("Szenario nicht gelöscht: es gibt es nicht mehr (inzwischen von jemand anderem gelöscht). Die Liste "
            "zeigt den jetzigen Stand.") in antwort.content.decode()


def test_veraltete_version_loescht_nichts(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    Szenario.objects.filter(pk=sz.pk).update(version=2)       # so, als hätte es jemand inzwischen geändert
    antwort = _loeschen(_client(a), e.pk, sz)
    assert antwort.status_code == 409 and Szenario.objects.filter(pk=sz.pk).exists()
    assert ("Szenario sc-3307-redaktion-eid nicht gelöscht: es wurde inzwischen geändert (Version 2, Ihre Rückfrage "
            "zeigte Version 1). Den jetzigen Stand in der Liste ansehen und dann erneut löschen.") \
        in antwort.content.decode()
    with pytest.raises(EntwurfFehler) as fehler:
        szenario_loeschen(a, e.pk, sz.pk, None)
    assert fehler.value.code == "szenario_konflikt"


def test_eingereicht_ist_nichts_zu_loeschen(db_katalog: None, benutzer: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    p = paket_mit(a, e)
    assert tor_laufen_lassen(a, p.pk)["ok"]
    paket_einreichen(a, p.pk)
    c = _client(a)
    seite = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert "Wirklich löschen" not in seite
    assert "Der Entwurf ist gesperrt: Szenarien lassen sich erst nach Zurückweisen oder Rückruf des Pakets löschen." \
        in seite
    antwort = _loeschen(c, e.pk, sz)
    assert antwort.status_code == 409 and Szenario.objects.filter(pk=sz.pk).exists()
    assert ("Szenario nicht gelöscht: der Entwurf liegt im Paket Weisung 202003006 (zur Freigabe) und ist gesperrt. "
            "Löschen geht erst wieder, wenn das Paket zurückgewiesen oder zurückgerufen ist.") \
        in antwort.content.decode()


def test_szenario_im_tor_eines_anderen_eingereichten_entwurfs_bleibt(db_katalog: None, benutzer: Any,
                                                                     stichtag: None) -> None:
    a = benutzer("redaktion")
    eingereicht = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    p = paket_mit(a, eingereicht)
    assert tor_laufen_lassen(a, p.pk)["ok"]
    paket_einreichen(a, p.pk)
    zweiter = entwurf_beginnen(a, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                               stand=dt.date(2020, 5, 1))
    with pytest.raises(EntwurfFehler) as fehler:
        szenario_loeschen(a, zweiter.pk, sz.pk, sz.version)
    assert fehler.value.meldung == ("Szenario sc-3307-redaktion-eid nicht gelöscht: es gehört zum Szenario-Tor des "
                                    "Pakets Weisung 202003006, das zur Freigabe vorliegt. Nach Freigabe oder "
                                    "Zurückweisung löschen.")


def test_nur_die_redaktion_loescht(db_katalog: None, benutzer: Any, anmelden: Any, stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    assert _loeschen(anmelden("freigabe"), e.pk, sz).status_code == 403
    assert "Wirklich löschen" not in anmelden("freigabe").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert Szenario.objects.filter(pk=sz.pk).exists()


def test_szenario_eines_anderen_leitfadens_ist_nicht_zu_loeschen(db_katalog: None, benutzer: Any,
                                                                 stichtag: None) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    sz = szenario_speichern(a, SZENARIO)
    Szenario.objects.filter(pk=sz.pk).update(leitfaden_id="SC 3.017")
    with pytest.raises(EntwurfFehler) as fehler:
        szenario_loeschen(a, e.pk, sz.pk, sz.version)
    assert fehler.value.code == "szenario_fehlt" and Szenario.objects.filter(pk=sz.pk).exists()
