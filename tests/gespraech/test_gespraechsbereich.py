"""Der Gesprächsbereich ist eine Jinja2-Vorlage (kundenportal/gespraech/vorlagen.py): als htmx-Antwort eines
Schritts und eingebettet in die ganze Seite (`{% gespraechsbereich %}`) dasselbe HTML, mit einem CSRF-Feld
je Antwort und mit denselben Filtern wie die Django-Vorlagen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _bereich(seite: str) -> str:
    """Der Inhalt von <div id="gespraech" …> einer ganzen Seite (bis zur Tastenhilfe dahinter)."""
    anfang = seite.index(">", seite.index('<div id="gespraech"')) + 1
    ende = seite.rindex("</div>", 0, seite.index('id="tastenhilfe"'))
    return seite[anfang:ende]


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", CSRF.sub('name="csrfmiddlewaretoken" value="…"', html)).strip()


def test_htmx_antwort_und_ganze_seite_zeigen_denselben_bereich(benutzer: Callable[..., Any], kunde: str,
                                                               client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    schritt = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, HTTP_HX_REQUEST="true")
    assert schritt.status_code == 200
    html = schritt.content.decode()
    token = CSRF.findall(html)
    assert len(token) >= 2 and len(set(token)) == 1                      # ein CSRF-Feld je Antwort, in jedem Formular
    assert "Erika Mustermann" in html and "Geplante Termine" in html     # Kundendaten mit Filtern (date, lesbar)
    # |date("d.m.Y, H:i") wie in Django: in der Zeitzone des Portals (der Termin der Fixture beginnt 09:00 in
    # Nürnberg), nicht in UTC, wie er gespeichert ist
    assert re.search(r"\d\d\.\d\d\.\d{4}, 09:00 Uhr", html), html
    seite = client.get(ort).content.decode()
    assert _normal(_bereich(seite)) == _normal(html)


def test_werte_werden_maskiert(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Autoescape wie in Django: eine abgelehnte Antwort mit Markup kommt als Text zurück, nie als HTML."""
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    html = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "<script>x</script>"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "<script>x</script>" not in html and "Antwort nicht übernommen" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html                      # im Text und im Attribut data-ansage


def test_ohne_letzte_kontakte_im_kontext_keine_liste() -> None:
    """Wie in der Django-Vorlage: fehlen die letzten Kontakte (E-Mail-Arbeitshilfe, VerBIS gestört), steht keine
    Liste „Letzte Kontakte“ da — auch nicht leer („Keine früheren Kontakte.“)."""
    from types import SimpleNamespace

    from django.template import engines

    a = SimpleNamespace(identitaet_geprueft=True, kunde_unveraendert=False, kunde=None, art="frage")
    k = SimpleNamespace(begonnen=dt.datetime(2020, 3, 20, 9, tzinfo=dt.UTC), wege={"historie": "/h/"})
    vorlage = engines["jinja2"].get_template("gespraech/_kontext.html")
    ohne = vorlage.render({"a": a, "k": k})
    assert "Letzte Kontakte" not in ohne and "Kundendaten" in ohne
    mit = vorlage.render({"a": a, "k": k, "letzte_kontakte": []})
    assert "Letzte Kontakte" in mit and "Keine früheren Kontakte." in mit


def test_tastenhilfe_sagt_dass_tasten_beim_laden_gemerkt_werden(benutzer: Callable[..., Any], kunde: str,
                                                                client: Client) -> None:
    """Die Tastenhilfe nennt den Tastenpuffer (portal/tasten-puffer.js): im Gespräch mit „ein Schritt“ und „auf der
    neuen Frage“, auf „Anliegen wählen“ ohne (dort gibt es keine Schritte)."""
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    hilfe = re.search(r'<p class="kern-body" id="tastenhilfe-puffer">(.*?)</p>', client.get(ort).content.decode())
    assert hilfe is not None
    assert "während die Seite oder ein Schritt noch lädt" in hilfe.group(1)
    assert "auf der neuen Frage, nie auf der alten" in hilfe.group(1) and "älter als 3 Sekunden" in hilfe.group(1)
    anliegen = re.search(r'id="tastenhilfe-puffer">(.*?)</p>', client.get("/kontakt/anliegen/").content.decode())
    assert anliegen is not None and "während die Seite noch lädt" in anliegen.group(1)
    assert "neuen Frage" not in anliegen.group(1)
