"""Die Angaben eines Freigabepakets (Titel, Datum, Stand, Gültigkeit, Standortregeln) ändert die Redaktion, solange
es bearbeitet wird — auf dem Stand, den sie sah: ein inzwischen geändertes Paket gibt 409 mit ihren Eingaben, nie ein
stilles Überschreiben. Jede Änderung steht im Protokoll."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Freigabepaket, Protokolleintrag
from kundenportal.redaktion.services.entwurf import EntwurfFehler
from kundenportal.redaktion.services.freigabe import paket_aendern, paket_anlegen, paket_fingerabdruck

Benutzer = Callable[..., Any]


def _paket(autor: Any) -> Freigabepaket:
    return paket_anlegen(autor, weisung="202003006", titel="Tippfehlr", datum=dt.date(2020, 12, 1))


def _formular(p: Freigabepaket, **neu: str) -> dict[str, Any]:
    daten = {"aendern-weisung": p.weisung, "aendern-titel": p.titel, "aendern-datum": f"{p.datum:%d.%m.%Y}",
             "aendern-stand": p.stand, "aendern-gueltig_ab": "", "aendern-gueltig_bis": "",
             "aendern-fingerabdruck": paket_fingerabdruck(p)}
    return daten | {f"aendern-{k}": v for k, v in neu.items()}


def test_angaben_aendern_mit_protokoll(db_katalog: None, benutzer: Benutzer) -> None:
    autor = benutzer("redaktion")
    p = _paket(autor)
    neu = paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung="202003006", titel="Tippfehler",
                        datum=dt.date(2020, 12, 1), stand="12/2020", geltungsbereich={"verbuende": ["nuernberg"]})
    assert (neu.titel, neu.stand, neu.geltungsbereich) == ("Tippfehler", "12/2020", {"verbuende": ["nuernberg"]})
    eintrag = Protokolleintrag.objects.get(aktion="paket_geaendert")
    assert eintrag.objekt == f"paket:{p.pk}" and eintrag.details == {"felder": ["geltungsbereich", "stand", "titel"]}
    with pytest.raises(EntwurfFehler) as veraltet:         # auf dem alten Stand: nicht still überschrieben
        paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung="202003006", titel="Anders",
                      datum=dt.date(2020, 12, 1))
    assert veraltet.value.code == "paket_konflikt"
    assert Freigabepaket.objects.get(pk=p.pk).titel == "Tippfehler"
    with pytest.raises(EntwurfFehler, match=r"Gültig bis: 01\.01\.2021 liegt vor „Gültig ab“"):
        paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(neu), weisung="202003006", titel="x",
                      datum=dt.date(2020, 12, 1), gueltig_ab=dt.date(2021, 2, 1), gueltig_bis=dt.date(2021, 1, 1))
    Freigabepaket.objects.filter(pk=p.pk).update(status=Freigabepaket.ZUR_FREIGABE)
    with pytest.raises(EntwurfFehler, match=r"^Das Paket ist zur Freigabe: keine Änderung möglich\.$"):
        paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(Freigabepaket.objects.get(pk=p.pk)),
                      weisung="202003006", titel="x", datum=dt.date(2020, 12, 1))


def test_seite_aendern_und_zweiter_tab_bekommt_409_mit_seinen_eingaben(db_katalog: None,
                                                                      benutzer: Benutzer) -> None:
    autor = benutzer("redaktion")
    p = _paket(autor)
    client = Client()
    client.force_login(autor)
    seite = client.get(f"/redaktion/pakete/{p.pk}/").content.decode()
    assert "Angaben des Pakets ändern" in seite and f'value="{paket_fingerabdruck(p)}"' in seite
    erster, zweiter = _formular(p, titel="Weisung Dezember"), _formular(p, titel="Mein Titel aus Tab 2")
    assert client.post(f"/redaktion/pakete/{p.pk}/aendern/", erster, follow=True).status_code == 200
    antwort = client.post(f"/redaktion/pakete/{p.pk}/aendern/", zweiter)
    assert antwort.status_code == 409
    text = antwort.content.decode()
    assert "Die Angaben des Pakets wurden inzwischen von t-redaktion am" in text
    assert 'value="Mein Titel aus Tab 2"' in text                      # die eigene Eingabe bleibt stehen
    assert "<dd>Weisung Dezember</dd>" in text                          # der neue Stand oben
    neu = Freigabepaket.objects.get(pk=p.pk)
    assert f'value="{paket_fingerabdruck(neu)}"' in text                # erneut speichern übernimmt die Eingabe
    assert client.post(f"/redaktion/pakete/{p.pk}/aendern/", _formular(neu, titel="Mein Titel aus Tab 2"),
                       ).status_code == 302
    assert Freigabepaket.objects.get(pk=p.pk).titel == "Mein Titel aus Tab 2"
    leer = client.post(f"/redaktion/pakete/{p.pk}/aendern/", _formular(Freigabepaket.objects.get(pk=p.pk), titel=""))
    assert leer.status_code == 400 and "Angaben nicht gespeichert" in leer.content.decode()
    freigabe = Client()
    freigabe.force_login(benutzer("freigabe"))
    assert freigabe.post(f"/redaktion/pakete/{p.pk}/aendern/", _formular(neu)).status_code == 403
