"""/metrics für Prometheus (kundenportal/betrieb/metriken.py, docs/betrieb.md „Metriken (/metrics)“): nur mit
KUNDENPORTAL_METRIKEN_TOKEN (sonst 404) und `Authorization: Bearer <Token>` (sonst 401, kurzer Grund); die Zahlen
sind Aggregate zur Abfragezeit aus der Datenbank — keine Kundennummer, kein Betreff, keine Adresse, auch wenn es
solche Daten gibt; ist die Datenbank weg, 200 mit `kundenportal_datenbank_erreichbar 0`. Keine neue Middleware:
der Gesprächsschritt läuft durch dieselbe Kette wie vorher."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from kundenportal import zeit
from kundenportal.betrieb import metriken

TOKEN = "t" * 20 + "-metriken-0123456789abcdef"
KOPF = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def mit_token(settings: Any) -> Any:
    settings.KUNDENPORTAL_METRIKEN_TOKEN = TOKEN
    return settings


def _proben(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Name und Bezeichner → Wert, aus dem Textformat gelesen (wie Prometheus es liest)."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for familie in text_string_to_metric_families(text) for s in familie.samples}


def _abfragen(client: Client, **kopf: Any) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    antwort = client.get("/metrics", **{**KOPF, **kopf})
    assert antwort.status_code == 200, antwort.content
    assert antwort["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-cache" in antwort["Cache-Control"]
    text = antwort.content.decode()
    return text, _proben(text)


def test_ohne_einstellung_gibt_es_keine_metriken(client: Client, settings: Any) -> None:
    settings.KUNDENPORTAL_METRIKEN_TOKEN = ""
    for kopf in ({}, KOPF):
        antwort = client.get("/metrics", **kopf)
        assert antwort.status_code == 404
        assert b"kundenportal_" not in antwort.content


def test_ohne_oder_mit_falschem_token_401(client: Client, mit_token: Any) -> None:
    faelle = {"fehlt": {}, "leer": {"HTTP_AUTHORIZATION": "Bearer "},
              "basic": {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
              "falsch": {"HTTP_AUTHORIZATION": f"Bearer {TOKEN[:-1]}x"},
              "laenger": {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}x"}}
    for fall, kopf in faelle.items():
        antwort = client.get("/metrics", **kopf)
        assert antwort.status_code == 401, fall
        assert antwort["Content-Type"] == "text/plain; charset=utf-8", fall
        assert antwort["WWW-Authenticate"].startswith("Bearer"), fall
        text = antwort.content.decode()
        assert text.strip() in ("Anmeldung fehlt: Authorization: Bearer <Token> mitsenden.", "Token ungültig."), fall
        assert "kundenportal_" not in text and TOKEN not in text, fall
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200   # Schema ohne Groß/klein
    assert client.post("/metrics", **KOPF).status_code == 405


@pytest.mark.django_db
def test_ohne_host_pruefung_https_umleitung_und_sitzung(client: Client, mit_token: Any) -> None:
    """Prometheus fragt jeden Knoten über seine Adresse und per HTTP — wie der Load-Balancer /readyz."""
    mit_token.SECURE_SSL_REDIRECT = True
    mit_token.ALLOWED_HOSTS = ["portal.agentur.example"]
    antwort = client.get("/metrics", HTTP_HOST="10.0.0.7:8000", **KOPF)
    assert antwort.status_code == 200
    assert "Set-Cookie" not in antwort and not antwort.cookies
    assert client.get("/metrics", HTTP_HOST="10.0.0.7:8000").status_code == 401      # keine Anmeldeseite


@pytest.mark.django_db(transaction=True)     # die Zahlen liest ein eigener Thread mit eigener Verbindung
def test_zahlen_aus_der_datenbank_ohne_sozialdaten(client: Client, mit_token: Any, benutzer: Callable[..., Any],
                                                   kunde: str) -> None:
    from kundenportal.emb.models import Antwort, Mail
    from kundenportal.fachverfahren.registry import systeme
    from kundenportal.gespraech import services

    jetzt = zeit.jetzt()
    geheim = {"betreff": "Kündigung wegen Krankheit Erika Mustermann", "absender": "erika.mustermann@example.org",
              "an": "erika.privat@example.net", "kunde": kunde}

    def mail(status: str, vor: dt.timedelta) -> Mail:
        return Mail.objects.create(inhalt_hash=uuid.uuid4().hex, message_id=f"<{uuid.uuid4()}@example.org>",
                                   roh=b"Subject: x", quelle="test", eingegangen=jetzt - vor, status=status,
                                   betreff=geheim["betreff"], absender=geheim["absender"],
                                   absender_name="Erika Mustermann", kundennummer=kunde)

    mail("offen", dt.timedelta(hours=2))
    mail("offen", dt.timedelta(minutes=5))
    alt = mail("in_bearbeitung", dt.timedelta(days=3))          # älter, aber nicht offen
    mail("quarantaene", dt.timedelta(days=1))
    mail("erledigt", dt.timedelta(days=9))                       # zählt nicht

    def antwort(status: str, naechster_versuch: dt.datetime | None) -> None:
        Antwort.objects.create(mail=alt, an=geheim["an"], betreff=f"AW: {geheim['betreff']}", text="Hallo",
                               vorlage="test", status=status, message_id=f"<{uuid.uuid4()}@portal>",
                               naechster_versuch=naechster_versuch, erstellt_von="t", erstellt=jetzt)

    antwort("wartend", jetzt - dt.timedelta(minutes=10))        # liegt: der Feger ist dran
    antwort("wartend", jetzt)
    antwort("fehlgeschlagen", None)                              # kein neuer Versuch
    antwort("gesendet", None)
    aufgaben = systeme().aufgaben
    aufgaben.erstellen("os_algplus", geheim["betreff"], kunde, "Bitte prüfen", "t", "")
    aufgaben.erstellen("os_algplus", geheim["betreff"], kunde, "Bitte prüfen", "t", "")
    erledigt = aufgaben.erstellen("team_ez", geheim["betreff"], kunde, "Bitte prüfen", "t", "")
    from kundenportal.fachverfahren.referenz.models import Aufgabe
    Aufgabe.objects.filter(pk=erledigt.id).update(status="erledigt")
    sc3 = benutzer("agent_sc3")
    offen = services.kontakt_starten(sc3, "SC 3.003", kunde)
    services.kontakt_abschliessen(sc3, services.kontakt_starten(sc3, "SC 3.003", kunde), "Vermerk.")

    text, p = _abfragen(client)
    assert p[("kundenportal_datenbank_erreichbar", ())] == 1
    mails = {status: p[("kundenportal_emb_mails", (("status", status),))] for status in metriken.MAIL_STATUS}
    assert mails == {"eingang": 0, "quarantaene": 1, "offen": 2, "in_bearbeitung": 1}
    alter = p[("kundenportal_emb_aelteste_offene_mail_alter_seconds", ())]
    assert 2 * 3600 - 5 <= alter <= 2 * 3600 + 120
    assert p[("kundenportal_emb_antworten", (("status", "wartend"),))] == 2
    assert p[("kundenportal_emb_antworten", (("status", "fehlgeschlagen"),))] == 1
    assert p[("kundenportal_emb_antworten_liegen", ())] == 1
    assert p[("kundenportal_emb_antworten_ohne_neuen_versuch", ())] == 1
    assert p[("kundenportal_postkorb_aufgaben_offen", (("postkorb", "os_algplus"),))] == 2
    assert ("kundenportal_postkorb_aufgaben_offen", (("postkorb", "team_ez"),)) not in p
    assert p[("kundenportal_kontakte_offen", (("kanal", offen.kanal),))] == 1
    assert sum(v for (n, _), v in p.items() if n == "kundenportal_kontakte_offen") == 1
    assert p[("kundenportal_katalog_geladen", ())] == 1
    assert p[("kundenportal_katalog_leitfaeden", ())] > 0
    assert p[("kundenportal_katalog_fassungen", ())] >= p[("kundenportal_katalog_leitfaeden", ())]
    assert p[("kundenportal_katalog_befunde", ())] == 0
    build = next(labels for (n, labels), v in p.items() if n == "kundenportal_build_info" and v == 1)
    assert dict(build)["version"]
    # Sozialdaten: nichts davon in der Ausgabe (auch nicht in Teilen)
    klein = text.lower()
    for wert in [*geheim.values(), "Erika", "Mustermann", "Krankheit", "Bitte prüfen", "example.org", str(offen.pk),
                 sc3.username]:
        assert wert.lower() not in klein, wert
    # Namen und Einheiten nach den Regeln von Prometheus; jede Familie mit deutschem HELP
    for familie in text_string_to_metric_families(text):
        assert familie.name.startswith("kundenportal_") and familie.documentation, familie.name
        assert not familie.name.endswith("_total"), familie.name         # nur Gauges, keine Zähler


@pytest.mark.django_db
def test_datenbank_weg_200_mit_erreichbar_0(client: Client, mit_token: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def kaputt(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection to server at \"db\" failed: Connection refused")

    with monkeypatch.context() as m:
        m.setattr(BaseDatabaseWrapper, "cursor", kaputt)
        beginn = time.monotonic()
        text, p = _abfragen(client)
        assert time.monotonic() - beginn < metriken.DATENBANK_SEKUNDEN + 1
    assert p[("kundenportal_datenbank_erreichbar", ())] == 0
    assert "kundenportal_datenbank_erreichbar 0.0" in text
    namen = {n for n, _ in p}
    assert namen == {"kundenportal_build_info", "kundenportal_datenbank_erreichbar"}, namen
    assert "refused" not in text.lower()
    # Wieder da: wieder alle Zahlen
    _, p = _abfragen(client)
    assert p[("kundenportal_datenbank_erreichbar", ())] == 1
    assert ("kundenportal_emb_mails", (("status", "offen"),)) in p


@pytest.mark.django_db
def test_datenbank_haengt_antwort_nach_der_zeitgrenze(client: Client, mit_token: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Antwortet die Datenbank gar nicht (kein Fehler, keine Antwort), wartet /metrics nicht länger als
    DATENBANK_SEKUNDEN; die nächste Abfrage wartet auf dieselbe hängende, statt eine zweite zu starten."""
    monkeypatch.setattr(metriken, "DATENBANK_SEKUNDEN", 0.3)
    gestartet = []

    def haengt() -> metriken.Datenbankwerte:
        gestartet.append(1)
        time.sleep(1.0)
        raise OperationalError("zu spät")

    monkeypatch.setattr(metriken, "_abfragen", haengt)
    beginn = time.monotonic()
    _, p = _abfragen(client)
    _, p2 = _abfragen(client)
    assert time.monotonic() - beginn < 0.9
    assert p[("kundenportal_datenbank_erreichbar", ())] == 0 == p2[("kundenportal_datenbank_erreichbar", ())]
    assert len(gestartet) == 1
    lauf = metriken.ABFRAGE.lauf
    assert lauf is not None
    with pytest.raises(OperationalError):
        lauf.result(timeout=5)          # ausklingen lassen: der nächste Test beginnt frisch


@pytest.mark.django_db
def test_keine_neue_middleware_im_schritt(client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Der Schritt eines Gesprächs (ein Benchmark-Ziel) läuft durch dieselbe Kette wie vorher: /metrics hängt
    nur am Prüfpfad ganz vorn (ein Blick in ein Wörterbuch), keine eigene Middleware, kein Zähler je Anfrage."""
    assert settings.MIDDLEWARE == [
        "kundenportal.betrieb.anfrage.AnfrageKennung",
        "kundenportal.betrieb.views.Pruefpfade",
        "kundenportal.api.fehler.ApiHuelle",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "kundenportal.konten.sitzung.SitzungsDauer",
        "kundenportal.betrieb.methode.MethodeNichtErlaubt",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "kundenportal.betrieb.inhaltsrichtlinie.InhaltsRichtlinie",
        "django_htmx.middleware.HtmxMiddleware",
        "axes.middleware.AxesMiddleware",
    ]
    assert not [m for m in settings.MIDDLEWARE if "prometheus" in m or "metrik" in m]

    def nie() -> None:
        raise AssertionError("Metriken außerhalb von /metrics berechnet")

    monkeypatch.setattr(metriken, "datenbankwerte", nie)
    monkeypatch.setattr(metriken.Sammler, "collect", nie)
    settings.KUNDENPORTAL_METRIKEN_TOKEN = TOKEN
    assert client.get("/healthz", **KOPF).status_code == 200
    schritt = client.post(f"/kontakt/{uuid.uuid4()}/antwort/", **KOPF)        # unangemeldet: zur Anmeldung
    assert schritt.status_code == 302 and schritt["Location"].startswith("/anmelden/")


def test_token_aus_der_umgebung_wird_geprueft() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from kundenportal.conf.umgebung import metriken_token

    assert metriken_token("") == "" and metriken_token("  ") == ""
    assert metriken_token(f" {TOKEN}\n") == TOKEN
    for schwach in ("xyz123", "a" * 31, "a" * 20 + " " + "b" * 20):
        with pytest.raises(ImproperlyConfigured) as fehler:
            metriken_token(schwach)
        assert schwach.strip() not in str(fehler.value)
