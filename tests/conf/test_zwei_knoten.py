"""Skalierung (docs/betrieb.md): zwei echte gunicorn-Prozesse (`gunicorn kundenportal.wsgi`) im
Betriebsmodus auf zwei Loopback-Ports gegen eine PostgreSQL-Datenbank. Eine Anmeldung auf Knoten A
(Sitzung in der Datenbank) gilt auf Knoten B; was B schreibt, liest A; beide melden /readyz bereit;
statische Dateien kommen gehasht mit langem Cache-Control; das Protokoll ist JSON mit Anfragekennung.
Dazu der Einzellauf: von zwei Knoten mit derselben Unit arbeitet einer, der andere übernimmt."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conf.betrieb_werkzeug import HOST, WURZEL, betrieb_umgebung, manage, wegwerf_datenbank

PASSWORT = "Knoten-Passwort-2026"


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Knoten:
    """Ein App-Knoten hinter einem (gedachten) TLS-Proxy: Host und X-Forwarded-Proto wie vom Proxy."""

    def __init__(self, umgebung: dict[str, str], protokoll: Path) -> None:
        self.port = _freier_port()
        self.protokoll = protokoll
        self.datei = protokoll.open("w")
        self.prozess = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "kundenportal.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--timeout", "60"],
            cwd=WURZEL, env=umgebung, stdout=subprocess.DEVNULL, stderr=self.datei)

    def url(self, pfad: str) -> str:
        return f"http://127.0.0.1:{self.port}{pfad}"

    def get(self, pfad: str, cookies: dict[str, str] | None = None, **kw: Any) -> requests.Response:
        return requests.get(self.url(pfad), headers=self._kopf(cookies, kw.pop("headers", {})),
                            allow_redirects=False, timeout=30, **kw)

    def post(self, pfad: str, daten: dict[str, str], cookies: dict[str, str]) -> requests.Response:
        kopf = self._kopf(cookies, {"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{pfad}"})
        return requests.post(self.url(pfad), data=daten, headers=kopf, allow_redirects=False, timeout=30)

    @staticmethod
    def _kopf(cookies: dict[str, str] | None, kopf: dict[str, str]) -> dict[str, str]:
        basis = {"Host": HOST, "X-Forwarded-Proto": "https", **kopf}
        if cookies:       # Secure-Cookies selbst mitsenden (der Test spricht HTTP, der Proxy HTTPS)
            basis["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return basis

    def warten(self) -> None:
        ende = time.monotonic() + 60
        while time.monotonic() < ende:
            assert self.prozess.poll() is None, self.protokoll.read_text()
            try:
                if requests.get(self.url("/healthz"), timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError("gunicorn antwortet nicht:\n" + self.protokoll.read_text())

    def beenden(self) -> None:
        self.prozess.terminate()
        self.prozess.wait(timeout=30)
        self.datei.close()


def _cookies(antwort: requests.Response, alt: dict[str, str]) -> dict[str, str]:
    neu = dict(alt)
    for kopf in antwort.raw.headers.getlist("Set-Cookie"):
        for name, morsel in SimpleCookie(kopf).items():
            neu[name] = morsel.value
    return neu


@pytest.fixture(scope="module")
def verbund(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Knoten, Knoten]]:
    verzeichnis = tmp_path_factory.mktemp("verbund")
    with wegwerf_datenbank() as url:
        umgebung = betrieb_umgebung(DATABASE_URL=url, KUNDENPORTAL_VAR=str(verzeichnis),
                                    DJANGO_STATIC_ROOT=str(verzeichnis / "static"))
        for schritt in (["einrichten"], ["collectstatic", "--noinput", "-v0"]):
            ergebnis = manage(*schritt, umgebung=umgebung)
            assert ergebnis.returncode == 0, ergebnis.stderr
        ergebnis = manage("benutzer", "anlegen", "knoten", "--rolle", "agent_sc3", "--standort", "Nürnberg",
                          "--passwort-stdin", umgebung=umgebung, eingabe=PASSWORT + "\n")
        assert ergebnis.returncode == 0, ergebnis.stderr
        a, b = Knoten(umgebung, verzeichnis / "a.log"), Knoten(umgebung, verzeichnis / "b.log")
        try:
            a.warten()
            b.warten()
            yield a, b
        finally:
            a.beenden()
            b.beenden()


@pytest.mark.django_db
def test_anmeldung_auf_a_gilt_auf_b(verbund: tuple[Knoten, Knoten]) -> None:
    a, b = verbund
    formular = a.get("/anmelden/")
    assert formular.status_code == 200
    cookies = _cookies(formular, {})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formular.text)
    assert token, formular.text[:500]
    angemeldet = a.post("/anmelden/", {"csrfmiddlewaretoken": token[1], "username": "knoten",
                                       "password": PASSWORT}, cookies)
    assert angemeldet.status_code == 302 and angemeldet.headers["Location"] == "/arbeitsplatz/"
    cookies = _cookies(angemeldet, cookies)
    assert "Secure" in angemeldet.headers["Set-Cookie"] and "HttpOnly" in angemeldet.headers["Set-Cookie"]
    auf_b = b.get("/arbeitsplatz/", cookies)            # die Sitzung (geschrieben von A) liest B
    assert auf_b.status_code == 200 and "knoten" in auf_b.text
    assert b.get("/", cookies).headers["Location"] == "/arbeitsplatz/"


def test_beide_knoten_bereit_und_sicher(verbund: tuple[Knoten, Knoten]) -> None:
    for knoten in verbund:
        for _ in range(5):     # wie ein Load-Balancer: bereit nach ein paar Abfragen (unter Last gibt /readyz nach 1 s auf)
            bereit = knoten.get("/readyz")
            if bereit.status_code == 200:
                break
            time.sleep(1)
        assert bereit.status_code == 200, bereit.text
        assert bereit.json()["pruefungen"]["datenbank"]["info"] == "postgresql"
        seite = knoten.get("/anmelden/")
        assert seite.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "default-src 'self'" in seite.headers["Content-Security-Policy"]
        assert seite.headers["X-Frame-Options"] == "DENY"
        ohne_tls = requests.get(knoten.url("/anmelden/"), headers={"Host": HOST}, allow_redirects=False, timeout=10)
        assert ohne_tls.status_code == 301 and ohne_tls.headers["Location"].startswith("https://")
        lb = requests.get(knoten.url("/readyz"), timeout=10)          # Load-Balancer: per HTTP, Host = Adresse
        assert lb.status_code == 200 and lb.json()["status"] == "bereit"


def test_statische_dateien_gehasht_und_lange_zwischengespeichert(verbund: tuple[Knoten, Knoten]) -> None:
    a, _ = verbund
    css = re.search(r'href="(/static/gespraech/portal\.[0-9a-f]{12}\.css)"', a.get("/anmelden/").text)
    assert css, "kein gehashter Name"
    datei = a.get(css[1], headers={"Accept-Encoding": "gzip"})
    assert datei.status_code == 200
    assert "max-age=315360000" in datei.headers["Cache-Control"] and "immutable" in datei.headers["Cache-Control"]


def test_protokoll_ist_json_mit_anfragekennung(verbund: tuple[Knoten, Knoten]) -> None:
    a, _ = verbund
    assert a.get("/kunden/955T000001/", headers={"X-Request-ID": "test-zwei-knoten"}).status_code == 302
    time.sleep(0.5)
    zeilen = [json.loads(z) for z in a.protokoll.read_text().splitlines() if z.startswith("{")]
    eigene = [z for z in zeilen if z.get("anfrage") == "test-zwei-knoten"]
    assert eigene and eigene[0]["pfad"] == "/kunden/<Kundennummer>/"
    assert "955T000001" not in a.protokoll.read_text()


def _eltern(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _warten_auf(marke: Path, zeilen: int, sekunden: float = 120) -> list[int]:
    ende = time.monotonic() + sekunden     # unter Last startet ein Django-Prozess auch einmal langsam
    while time.monotonic() < ende:
        if marke.exists() and len(marke.read_text().split()) >= zeilen:
            break
        time.sleep(0.2)
    return [int(z) for z in marke.read_text().split()] if marke.exists() else []


def test_einzellauf_ein_knoten_arbeitet_der_andere_uebernimmt(tmp_path: Path) -> None:
    with wegwerf_datenbank() as url:
        umgebung = betrieb_umgebung(DATABASE_URL=url, KUNDENPORTAL_VAR=str(tmp_path))
        marke = tmp_path / "laeuft"
        arbeit = [sys.executable, "-c",
                  f"import os,time,pathlib; p=pathlib.Path({str(marke)!r}); "
                  "p.open('a').write(f'{os.getpid()}\\n'); time.sleep(600)"]
        prozesse = [subprocess.Popen([sys.executable, "manage.py", "einzeln", "test-takt", "--takt", "0.5", "--",
                                      *arbeit], cwd=WURZEL, env=umgebung, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL) for _ in range(2)]
        try:
            erste = _warten_auf(marke, 1)
            assert len(erste) == 1, "kein Knoten hat die Arbeit begonnen"
            time.sleep(3)                                           # der zweite Knoten bleibt in Bereitschaft
            assert len(_warten_auf(marke, 1)) == 1
            inhaber = next(p for p in prozesse if p.pid == _eltern(erste[0]))
            inhaber.terminate()                                    # Knoten mit der Sperre geht weg
            inhaber.wait(timeout=40)
            beide = _warten_auf(marke, 2)
            assert len(beide) == 2                                  # der andere hat übernommen
            assert _eltern(beide[1]) == next(p for p in prozesse if p is not inhaber).pid
        finally:
            for p in prozesse:
                if p.poll() is None:
                    p.terminate()
                    p.wait(timeout=40)
