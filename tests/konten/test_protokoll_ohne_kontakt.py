"""Die Frage der Datenschutzkontrolle „Gibt es Lesezugriffe auf Sozialdaten ohne Kontakt?“: der Filter „Nur
Lesezugriffe ohne Kontakt“ im Zugriffsprotokoll (per POST, nie in der URL) zeigt nur Einträge von Aktionen, die
Kundendaten lesen (aktionen.LESEN und die Familien), deren Kontakt leer ist — keine Änderungen, keine verweigerten
Versuche, nicht das Herunterladen des Protokolls selbst. Die CSV hält sich an denselben Filter und nennt ihn."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten import aktionen
from kundenportal.konten.queries import zugriffe
from kundenportal.konten.services import zugriff_protokollieren, zugriff_verweigert_protokollieren

pytestmark = pytest.mark.django_db
NUMMER = "900D000009"


def test_jede_aktion_liest_oder_aendert() -> None:
    assert not aktionen.LESEN & aktionen.AENDERN
    assert set(aktionen.TEXTE) == aktionen.LESEN | aktionen.AENDERN, (
        "konten/aktionen.py: jede Aktion in LESEN oder AENDERN eintragen; fehlt: "
        f"{sorted(set(aktionen.TEXTE) - aktionen.LESEN - aktionen.AENDERN)}")


def _eintraege(benutzer: Callable[..., Any]) -> Any:
    agentin = benutzer("agent_sc3", "agentin")
    kontakt = uuid.uuid4()
    zugriff_protokollieren(agentin, "kundenhistorie_lesen", kundennummer=NUMMER)                  # gesucht
    zugriff_protokollieren(agentin, "verbis_profil_lesen", kundennummer="900D000001")              # gesucht
    zugriff_protokollieren(agentin, "qs_anlage5_erstkontaktloesung", kundennummer=NUMMER)         # Familie: gesucht
    zugriff_protokollieren(agentin, "kundenhistorie_lesen", kundennummer=NUMMER, kontakt=kontakt)  # im Kontakt
    zugriff_protokollieren(agentin, "kontakt_beantworten", kundennummer=NUMMER)                   # ändert
    zugriff_verweigert_protokollieren(agentin, "verbis_profil_lesen", kundennummer=NUMMER)        # verweigert
    zugriff_protokollieren(benutzer("administration", "pruefer"), "zugriffsprotokoll_herunterladen",
                           kundennummer=NUMMER)                                                   # Kontrolle
    return kontakt


def test_abfrage_nur_lesen_ohne_kontakt(benutzer: Callable[..., Any]) -> None:
    _eintraege(benutzer)
    gefunden = sorted(z.aktion for z in zugriffe(ohne_kontakt=True))
    assert gefunden == ["kundenhistorie_lesen", "qs_anlage5_erstkontaktloesung", "verbis_profil_lesen"]
    assert all(z.kontakt is None for z in zugriffe(ohne_kontakt=True))
    assert len(zugriffe()) == 7                                                   # ohne Filter alle
    assert [z.kundennummer for z in zugriffe(ohne_kontakt=True, kundennummer="900D000001")] == ["900D000001"]


def _verwaltung(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(benutzer("administration", "verwalterin"))
    return c


def _aktionen_der_tabelle(seite: str) -> list[str]:
    zeilen = re.findall(r'<tr class="kern-table__row">(.*?)</tr>', seite.split("<tbody", 1)[1], flags=re.S)
    return [re.findall(r'<td class="kern-table__cell">(.*?)</td>', z)[2] for z in zeilen]


def test_seite_filtert_per_post(benutzer: Callable[..., Any]) -> None:
    _eintraege(benutzer)
    c = _verwaltung(benutzer)
    leer = c.get("/protokoll/").content.decode()
    assert 'name="ohne_kontakt"' in leer and "Nur Lesezugriffe ohne Kontakt" in leer
    antwort = c.post("/protokoll/", {"ohne_kontakt": "on", "seite": "1"})
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert sorted(_aktionen_der_tabelle(seite)) == [
        "Kontakte hinter einer Zahl der Anlage 5 gelesen (erstkontaktloesung)", "Kontakthistorie gelesen",
        "VerBIS-Profil gelesen"]
    assert "Lesezugriffe auf Kundendaten ohne Kontakt, neueste zuerst" in seite
    assert re.search(r'name="ohne_kontakt"[^>]*checked', seite)
    assert "ohne_kontakt" not in antwort.wsgi_request.get_full_path()
    # ohne Haken wie bisher alles, und per GET lässt sich der Filter nicht setzen
    assert len(_aktionen_der_tabelle(c.post("/protokoll/", {"seite": "1"}).content.decode())) == 7
    per_get = c.get("/protokoll/?ohne_kontakt=on").content.decode()
    assert len(_aktionen_der_tabelle(per_get)) == 7 and not re.search(r'name="ohne_kontakt"[^>]*checked', per_get)


def _csv(antwort: Any) -> list[list[str]]:
    inhalt = antwort.content.decode("utf-8")
    return list(csv.reader(io.StringIO(inhalt[1:]), delimiter=";"))


def test_csv_haelt_sich_an_den_filter(benutzer: Callable[..., Any]) -> None:
    _eintraege(benutzer)
    c = _verwaltung(benutzer)
    antwort = c.post("/protokoll/csv/", {"ohne_kontakt": "on"})
    assert antwort.status_code == 200
    zeilen = _csv(antwort)
    assert ["Nur Lesezugriffe ohne Kontakt", "ja"] in zeilen and ["Einträge", "3"] in zeilen
    kopf = zeilen.index(["Zeit", "Benutzer", "Aktion", "Zweck", "Kundennummer", "Kontakt"])
    daten = zeilen[kopf + 1:]
    assert sorted(z[2] for z in daten) == [
        "Kontakte hinter einer Zahl der Anlage 5 gelesen (erstkontaktloesung)", "Kontakthistorie gelesen",
        "VerBIS-Profil gelesen"]
    assert all(z[5] == "" for z in daten)
    # das Herunterladen steht im Protokoll, erscheint aber nicht im Filter „ohne Kontakt“
    assert len(_csv(c.post("/protokoll/csv/", {"ohne_kontakt": "on"}))) == len(zeilen)
    alle = _csv(c.post("/protokoll/csv/", {}))
    assert ["Nur Lesezugriffe ohne Kontakt", "nein"] in alle


def test_ungueltiger_filter_behaelt_den_haken(benutzer: Callable[..., Any]) -> None:
    """CSV mit ungültigem Filter: 303 auf die Seite, die die Eingaben samt Haken einmal aus der Sitzung zeigt."""
    c = _verwaltung(benutzer)
    antwort = c.post("/protokoll/csv/", {"ohne_kontakt": "on", "kundennummer": "?!"})
    assert antwort.status_code == 303 and antwort["Location"] == "/protokoll/"
    seite = c.get("/protokoll/").content.decode()
    assert re.search(r'name="ohne_kontakt"[^>]*checked', seite)
