"""Die Teilantwort eines Schritts (_frage.html mit `neu`): Ändert eine Antwort nur Frage, Weg und Fortschritt, schickt
der Server nur diese Teile (HX-Retarget auf #frage-bereich, der Rest per hx-swap-oob). Geprüft wird, dass die
Seite danach genau so aussieht wie nach dem Neuladen: Die Tests spielen htmx' Tausch (innerHTML, hx-swap-oob,
hx-preserve) mit lxml nach und vergleichen nach jedem Schritt mit der frisch geladenen Seite."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import lxml.html
import pytest
from django.test import Client
from lxml.html import HtmlElement

from kundenportal.gespraech.ansicht import Ansicht, Wegpunkt, wegstempel
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _nach_id(wurzel: HtmlElement, kennung: str) -> HtmlElement:
    treffer = wurzel.xpath(f'.//*[@id="{kennung}"]')
    assert len(treffer) == 1, f"#{kennung}: {len(treffer)} Elemente"
    return treffer[0]


def _bereich(seite: str) -> HtmlElement:
    """#gespraech der ganzen Seite."""
    return lxml.html.document_fromstring(seite).get_element_by_id("gespraech")


def _teile(html: str) -> list[HtmlElement]:
    return [e for e in lxml.html.fragments_fromstring(html) if isinstance(e, HtmlElement)]


def _einsetzen(ziel: HtmlElement, neu: list[HtmlElement], alt: HtmlElement) -> None:
    """innerHTML wie htmx: Elemente mit hx-preserve behalten das bisherige Element derselben id."""
    for kind in list(ziel):
        ziel.remove(kind)
    ziel.text = None
    for e in neu:
        ziel.append(e)
    for bleibt in ziel.xpath(".//*[@hx-preserve]"):
        bleibt.getparent().replace(bleibt, copy.deepcopy(_nach_id(alt, bleibt.get("id"))))


def _tauschen(bereich: HtmlElement, antwort: Any) -> bool:
    """Die htmx-Antwort eines Schritts auf den Bereich anwenden; True, wenn es eine Teilantwort war."""
    html = antwort.content.decode()
    alt = copy.deepcopy(bereich)
    if antwort.get("HX-Retarget") is None:
        _einsetzen(bereich, _teile(html), alt)
        return False
    assert antwort["HX-Retarget"] == "#frage-bereich"
    haupt = []
    for e in _teile(html):
        art = e.attrib.pop("hx-swap-oob", None)
        if art is None:
            haupt.append(e)
        elif art == "true":
            ziel = _nach_id(bereich, e.get("id"))
            ziel.getparent().replace(ziel, e)
        else:
            assert art == "beforeend"
            _nach_id(bereich, e.get("id")).extend(list(e))
    _einsetzen(_nach_id(bereich, "frage-bereich"), haupt, alt)
    return True


def _normal(bereich: HtmlElement) -> str:
    e = copy.deepcopy(bereich)
    for feld in e.xpath('.//input[@name="csrfmiddlewaretoken"]'):
        feld.set("value", "")          # je Darstellung anders maskiert
    text = lxml.html.tostring(e, encoding="unicode")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text))


def _formular(bereich: HtmlElement) -> dict[str, str]:
    form = _nach_id(bereich, "antwort")
    felder = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    return felder | {"wert": form.xpath(".//button[@name='wert']")[0].get("value")}


def _starten(client: Client, benutzer: Callable[..., Any], leitfaden: str, kunde: str) -> str:
    client.force_login(benutzer("agent_sc3"))
    return str(client.post("/kontakt/starten/", {"leitfaden": leitfaden, "kundennummer": kunde})["Location"])


def test_jeder_schritt_hinterlaesst_die_seite_wie_neu_geladen(benutzer: Callable[..., Any], kunde: str,
                                                              client: Client) -> None:
    """SC 3.003, immer die erste Option: mit der Identitätsprüfung (Kundendaten erscheinen: ganzer Bereich),
    Fragen ohne Wirkung auf die Kundendaten (Teilantwort) und der Absage im ATV (danach ist Früheres nicht mehr
    änderbar: ganzer Bereich)."""
    ort = _starten(client, benutzer, "SC 3.003", kunde)
    bereich = _bereich(client.get(ort).content.decode())
    arten = []
    while bereich.xpath('.//*[@id="antwort"]//button[@name="wert"]'):
        antwort = client.post(f"{ort}antwort/", _formular(bereich), **HTMX)
        assert antwort.status_code == 200
        if "HX-Redirect" in antwort:
            break
        arten.append(_tauschen(bereich, antwort))
        assert _normal(bereich) == _normal(_bereich(client.get(ort).content.decode())), f"nach Schritt {len(arten)}"
    assert arten[0] is False and arten.count(True) >= 2, arten


def test_teilantwort_traegt_nur_was_sich_aendert(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    ort = _starten(client, benutzer, "SC 3.003", kunde)
    erst = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX)
    weg = _formular(_bereich(client.get(ort).content.decode()))["weg"]
    antwort = client.post(f"{ort}antwort/", {"fakt": "terminanliegen", "wert": "absagen", "weg": weg}, **HTMX)
    teil = antwort.content.decode()
    assert antwort["HX-Retarget"] == "#frage-bereich" and 'class="raster"' not in teil
    assert "Mustermann" not in teil and 'id="anruf-titel"' not in teil   # Kundendaten, Kontextleiste bleiben
    weg_neu = teil.split('<ol id="weg-liste" hx-swap-oob="beforeend">', 1)[1].split("</ol>", 1)[0]
    assert weg_neu.count("<li") == 1 and "Termin absagen" in weg_neu              # nur die neue Antwort
    assert 'id="fortschritt" hx-swap-oob="true"' in teil and 'id="vermerk-abbruch"' in teil
    assert 'data-ansage="Nächste Frage: Welcher Termin ist betroffen?"' in teil
    assert 'id="frage-bereich"' in erst.content.decode()


@pytest.mark.parametrize("weg", ["", "0000000000000000", "<script>"])
def test_ohne_passendes_wegfeld_der_ganze_bereich(benutzer: Callable[..., Any], kunde: str, client: Client,
                                                  weg: str) -> None:
    ort = _starten(client, benutzer, "SC 3.003", kunde)
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX)
    antwort = client.post(f"{ort}antwort/", {"fakt": "terminanliegen", "wert": "absagen", "weg": weg}, **HTMX)
    assert antwort.status_code == 200 and "HX-Retarget" not in antwort
    assert 'class="raster"' in antwort.content.decode()


def test_neue_wegpunkte_nur_zum_gezeigten_weg() -> None:
    """Zeigt die Seite einen anderen Weg als den vor der beantworteten Frage (ein anderer Tab hat Früheres
    geändert, eine Aktion hat es unänderbar gemacht) oder noch gar keinen, gibt es keine Teilantwort."""
    a = Wegpunkt("frage", "Anliegen?", "absagen", "anliegen")
    hinweis = Wegpunkt("hinweis", "Sagen Sie etwas.")
    b = Wegpunkt("frage", "Termin?", "T-1", "termin")
    ansicht = Ansicht(kontakt=Kontakt(), art="frage", leitfaden_id="SC 3.003", titel="", stand=dt.date(2020, 3, 20),
                      weisung="202003006", weg=[a, hinweis, b, Wegpunkt("aktion", "Absage")],
                      aenderbar={"anliegen", "termin"})
    gezeigt = wegstempel([a, hinweis], {"anliegen"})
    assert ansicht.neue_wegpunkte(gezeigt) == [b, Wegpunkt("aktion", "Absage")]
    assert ansicht.neue_wegpunkte(wegstempel([Wegpunkt("frage", "Anliegen?", "vereinbaren", "anliegen"), hinweis],
                                             {"anliegen"})) is None
    assert ansicht.neue_wegpunkte(wegstempel([a, hinweis], set())) is None        # „ändern“ stand nicht da
    ansicht.aenderbar = {"termin"}                                                  # nach einer Aktion
    assert ansicht.neue_wegpunkte(gezeigt) is None
    assert replace(ansicht, weg=[b]).neue_wegpunkte(wegstempel([], set())) is None  # „Noch keine Antwort“


def test_wegstempel_unterscheidet_was_die_seite_zeigt() -> None:
    frage = Wegpunkt("frage", "Termin?", "absagen", "terminanliegen")
    assert wegstempel([frage], set()) == wegstempel([frage], set())
    assert wegstempel([frage], set()) != wegstempel([frage], {"terminanliegen"})       # Knopf „ändern“
    assert wegstempel([frage], set()) != wegstempel([Wegpunkt("frage", "Termin?", "vereinbaren", "terminanliegen")],
                                                    set())
    assert wegstempel([], set()) != wegstempel([Wegpunkt("hinweis", "")], set())
