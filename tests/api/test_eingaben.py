"""Kaputte Anfragen an die API bekommen 400/401/403/404/413/422 mit {code, meldung} — nie 500:
NUL-Bytes, überlange Felder, Jahr 9999, multipart ohne boundary, zu große Körper, falsche Methode.
Dazu die Anmeldung mit API-Schlüssel (Bearer) neben der Sitzung."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kundenportal.konten import schluessel

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(benutzer: Callable[..., Any], kunde: str) -> Client:
    token = schluessel.anlegen(benutzer("agent_sc3"), "test")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _fehler(antwort: Any, status: int, code: str | None = None) -> dict[str, str]:
    assert antwort.status_code == status, (antwort.status_code, antwort.content[:300])
    koerper = json.loads(antwort.content)
    assert set(koerper) == {"code", "meldung"} and koerper["meldung"]
    if code:
        assert koerper["code"] == code, koerper
    return dict(koerper)


def test_schluessel_meldet_an_und_widerruf_sperrt(benutzer: Callable[..., Any], kunde: str) -> None:
    ausgabe = io.StringIO()
    benutzer("agent_sc3", "integrator")
    call_command("api_schluessel", "anlegen", "integrator", "--name", "Terminsystem", stdout=ausgabe)
    token = ausgabe.getvalue().strip().splitlines()[-1]
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert c.get("/api/katalog/suche?q=Termin").status_code == 200
    start = c.post("/api/kontakte", {"leitfaden_id": "SC 3.003", "kundennummer": kunde},
                   content_type="application/json")                 # schreibend ohne CSRF: kein Cookie
    assert start.status_code == 201
    call_command("api_schluessel", "widerrufen", "1", stdout=io.StringIO())
    _fehler(c.get("/api/katalog/suche?q=Termin"), 401, "nicht_angemeldet")
    _fehler(Client(HTTP_AUTHORIZATION="Bearer kp_falsch").get("/api/katalog/suche?q=x"), 401)


def test_nul_bytes(bearer: Client) -> None:
    _fehler(bearer.get("/api/katalog/suche?q=a%00b"), 400, "ungueltige_anfrage")
    antwort = bearer.post("/api/kontakte", '{"leitfaden_id": "SC 3.003\\u0000", "kundennummer": "955T000001"}',
                          content_type="application/json")
    assert antwort.status_code in (400, 404, 422) and "code" in antwort.json()


def test_ueberlange_felder(bearer: Client) -> None:
    suche = bearer.get("/api/katalog/suche?q=" + "x" * 50_000)          # keine Treffer, kein Fehler
    assert suche.status_code == 200 and suche.json() == []
    for antwort in (bearer.post("/api/kontakte", {"leitfaden_id": "x" * 100_000, "kundennummer": "1" * 10_000},
                                content_type="application/json"),
                    bearer.get("/api/katalog/leitfaeden/" + "A" * 5000 + "/fassungen")):
        assert 400 <= antwort.status_code < 500 and set(antwort.json()) == {"code", "meldung"}


def test_jahr_9999_und_unmoegliche_daten(bearer: Client) -> None:
    for adresse in ("/api/katalog/leitfaeden/SC%203.307/gueltig?datum=9999-12-31",
                    "/api/katalog/leitfaeden/SC%203.307/fassungen/9999-12-31",
                    "/api/katalog/leitfaeden/SC%203.307/diff?alt=0001-01-01&neu=9999-12-31",
                    "/api/katalog/leitfaeden/SC%203.307/gueltig?datum=2020-02-30"):
        antwort = bearer.get(adresse)                     # 9999-12-31 ist ein gültiges Datum: 200 oder 404
        assert antwort.status_code < 500, (adresse, antwort.content[:200])
        if antwort.status_code >= 400:
            assert set(antwort.json()) == {"code", "meldung"}
    _fehler(bearer.get("/api/katalog/leitfaeden/SC%203.307/gueltig?datum=2020-02-30"), 400, "ungueltige_anfrage")
    _fehler(bearer.get("/api/katalog/leitfaeden/SC%203.307/gueltig?datum=10000-01-01"), 400, "ungueltige_anfrage")


def test_multipart_ohne_boundary(bearer: Client) -> None:
    antwort = bearer.generic("POST", "/api/kontakte", b"--x\r\n", content_type="multipart/form-data")
    _fehler(antwort, 400, "ungueltige_anfrage")


def test_zu_grosser_koerper(bearer: Client, settings: Any) -> None:
    settings.KUNDENPORTAL_API_MAX_BYTES = 1000
    antwort = bearer.post("/api/kontakte", {"leitfaden_id": "x" * 2000}, content_type="application/json")
    _fehler(antwort, 413, "anfrage_zu_gross")


def test_kaputtes_json_und_falsche_methode(bearer: Client) -> None:
    _fehler(bearer.post("/api/kontakte", "{kaputt", content_type="application/json"), 400, "ungueltiges_json")
    _fehler(bearer.delete("/api/katalog/suche"), 405, "methode_nicht_erlaubt")
    _fehler(bearer.get("/api/gibt-es-nicht"), 404, "nicht_gefunden")


def test_listen_seitenweise(bearer: Client) -> None:
    alle = bearer.get("/api/katalog/leitfaeden/SC%203.307/fassungen")
    gesamt = int(alle["X-Gesamtzahl"])
    assert gesamt == len(alle.json()) >= 2
    seite = bearer.get("/api/katalog/leitfaeden/SC%203.307/fassungen?grenze=1&ab=1")
    assert seite.json() == alle.json()[1:2] and seite["X-Gesamtzahl"] == str(gesamt)
    _fehler(bearer.get("/api/katalog/leitfaeden/SC%203.307/fassungen?grenze=0"), 400, "ungueltige_anfrage")
    treffer = bearer.get("/api/katalog/suche?q=Termin&grenze=3").json()
    assert bearer.get("/api/katalog/suche?q=Termin&grenze=2&ab=1").json() == treffer[1:3]
