"""Was ein Schritt über HTTP die Datenbank kostet (Issue-Ziel: schlanker Schritt) — die Zahl der
SQL-Befehle der echten Sicht über den Test-Client, damit sie nicht unbemerkt wieder wächst.

Gezählt wie im Betrieb (transactional_db: echtes BEGIN/COMMIT statt Savepoints): Sitzung mit Benutzer
und Rollen (eine Abfrage, konten/sitzungsspeicher.py), BEGIN, Kontakt gesperrt, Kontakt geändert, eine
Zeile im Zugriffsprotokoll (auf PostgreSQL im selben Befehl wie das UPDATE), COMMIT — dazu, was der Schritt
selbst braucht (Abfragen und Aktionen des Leitfadens, nach einer Aktion die neu gelesenen Kundendaten)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db(transaction=True)

GRUNDKOSTEN = 6          # Sitzung+Benutzer+Rollen, BEGIN, Sperre, UPDATE, Protokoll, COMMIT


def _schritt(client: Client, ort: str, fakt: str, wert: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as erfasst:
        antwort = client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, HTTP_HX_REQUEST="true")
    assert antwort.status_code == 200, antwort.status_code
    return antwort.content.decode(), [q["sql"] for q in erfasst.captured_queries]


def _eigene(befehle: list[str]) -> list[str]:
    """Die Befehle des Portals selbst — ohne die der Referenz-Fachverfahren (was der Leitfaden liest
    und tut)."""
    return [q for q in befehle if '"referenz_' not in q]


def test_schritt_ohne_aktion(benutzer: Callable[..., Any], kunde: str, client: Client,
                             django_assert_max_num_queries: Any) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    erst, erste = _schritt(client, ort, "identitaet_geprueft", "ja")  # Kundendaten erscheinen: gelesen
    assert any("referenz_kunde" in q for q in erste) and "Erika Mustermann" in erst and "hx-preserve" not in erst
    assert sum('FROM "referenz_kunde"' in q for q in erste) == 1     # einmal gelesen, nicht noch für die Historie
    # Schritt, Profil und letzte Kontakte: ein INSERT ins Protokoll, in der Transaktion des Schritts (auf
    # PostgreSQL im selben Befehl wie das UPDATE des Kontakts)
    protokoll = [i for i, q in enumerate(erste) if 'INSERT INTO "konten_zugriff"' in q]
    assert len(protokoll) == 1 and protokoll[0] < erste.index("COMMIT"), "\n".join(erste)
    if connection.vendor == "postgresql":
        assert 'UPDATE "gespraech_kontakt"' in erste[protokoll[0]]
    vorher = Zugriff.objects.count()
    with django_assert_max_num_queries(GRUNDKOSTEN + 1):               # + die freien Termine (Leitfaden)
        html, befehle = _schritt(client, ort, "terminanliegen", "absagen")
    assert len(_eigene(befehle)) <= GRUNDKOSTEN, "\n".join(befehle)
    assert sum("auth_group" in q for q in befehle) == 1                 # Rollen mit dem Benutzer gelesen
    assert sum('"auth_user"' in q for q in befehle) == 1                # … in der Abfrage der Sitzung
    assert '"konten_sitzung"' in next(q for q in befehle if '"auth_user"' in q)
    assert Zugriff.objects.count() - vorher == 1                         # genau eine Protokollzeile
    assert '<aside id="kundendaten" hx-preserve="true"></aside>' in html  # Seite behält die Kundendaten
    assert "Erika" not in html
    zurueck = client.post(f"{ort}zurueck/", {"fakt": "identitaet_geprueft"}, HTTP_HX_REQUEST="true")
    assert "Kundendaten erscheinen, sobald die Identität bestätigt ist." in zurueck.content.decode()


def test_schritt_mit_aktion(benutzer: Callable[..., Any], client: Client,
                            django_assert_max_num_queries: Any) -> None:
    """SC 3.307: die abgelehnte Erhöhung der Sicherheitsstufe gibt einen Versandauftrag (Aktion, zwei
    Zeilen im Fachverfahren) und beendet den Leitfaden: die Seite lädt die Abschlussseite ganz neu, der
    Schritt liest deshalb keine Kundendaten."""
    ausgangslage_laden({"kunde": {"kundennummer": "955A999002", "vorname": "Sabine", "nachname": "Krüger",
                                  "wohnort_agentur": "Berlin Nord"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.307", "kundennummer": "955A999002"})["Location"]
    for fakt, wert in [("identitaet_geprueft", "ja"), ("antrag_online_gewuenscht", "ja")]:
        _schritt(client, ort, fakt, wert)
    teil, _ = _schritt(client, ort, "erhoehung_sicherheitsstufe", "abgelehnt")
    assert "Bitte prüfen und bestätigen: Papierantrag per Post versenden" in teil   # Bestätigungsschritt
    vorher = Zugriff.objects.count()
    # + die Aktion im Fachverfahren
    with django_assert_max_num_queries(GRUNDKOSTEN + 2), CaptureQueriesContext(connection) as erfasst:
        antwort = client.post(f"{ort}bestaetigen/", HTTP_HX_REQUEST="true")
    assert antwort.status_code == 200
    befehle = [q["sql"] for q in erfasst.captured_queries]
    assert len(_eigene(befehle)) <= GRUNDKOSTEN, "\n".join(befehle)
    assert any('INSERT INTO "referenz_versandauftrag"' in q for q in befehle)
    assert Zugriff.objects.count() - vorher == 1
    seite = client.get(ort).content.decode()                             # die Abschlussseite zeigt alles
    assert "Sabine Krüger" in seite and "Versand" in seite


def test_ein_schritt_uebersetzt_keine_abfrage(benutzer: Callable[..., Any], kunde: str, client: Client,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Keine Übersetzung von Abfragen im Schritt (kundenportal/vorbereitet.py): nach dem ersten Kontakt übersetzt
    Django für einen Schritt — auch den mit den Kundendaten — keine einzige Abfrage mehr."""
    from django.db.models.sql import compiler

    client.force_login(benutzer("agent_sc3"))
    schritte = [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen")]
    erster = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    for fakt, wert in schritte:                                        # warm: je Abfrage die erste Übersetzung
        _schritt(client, erster, fakt, wert)
    client.force_login(benutzer("agent_sc3", name="zweite"))          # ein neuer Kontakt einer Kollegin
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    assert ort != erster
    uebersetzt: list[str] = []
    for klasse in (compiler.SQLCompiler, compiler.SQLInsertCompiler, compiler.SQLUpdateCompiler):
        original = klasse.__dict__["as_sql"]

        def zaehlen(self: Any, *args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            uebersetzt.append(f"{type(self).__name__} {self.query.model.__name__ if self.query.model else ''}")
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(klasse, "as_sql", zaehlen)
    for fakt, wert in schritte:
        html, befehle = _schritt(client, ort, fakt, wert)
        assert befehle and "Antwort nicht übernommen" not in html
    assert uebersetzt == []


def test_schritt_aendert_keine_spalte_mit_index(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Ein Schritt schreibt nur Spalten, die in keinem Index der Kontakttabelle stehen (Lauf, Ergebnis,
    bearbeitet): auf PostgreSQL bleibt sein UPDATE ein HOT-Update ohne neue Indexeinträge. Ein Index auf
    `geaendert` (Verdichtung der Führung) machte aus jedem Schritt neun Indexeinträge — gemessen ein Achtel des
    Durchsatzes unter Last. `geaendert` ändert sich darum nur außerhalb des Gesprächsverlaufs (Abschluss)."""
    from kundenportal.gespraech import services
    from kundenportal.gespraech.models import Kontakt

    geschrieben = set(services._LAUF_SPEICHERN._spalten)
    assert geschrieben == {"lauf", "ergebnis", "bearbeitet"}
    with connection.cursor() as cursor:
        indizes = connection.introspection.get_constraints(cursor, Kontakt._meta.db_table)
    mit_index = {spalte for i in indizes.values() if i["index"] or i["unique"] for spalte in i["columns"] or []}
    assert "geaendert" in mit_index                         # die Verdichtung liest ihn (fuehrung/migrations/0001)
    assert not geschrieben & mit_index, geschrieben & mit_index
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    k = Kontakt.objects.get(pk=ort.rstrip("/").rsplit("/", 1)[1])
    _schritt(client, ort, "identitaet_geprueft", "ja")
    danach = Kontakt.objects.get(pk=k.pk)
    assert danach.geaendert == k.geaendert and danach.bearbeitet > k.bearbeitet


def test_schritt_erneuert_das_csrf_cookie_nicht(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Die ganze Seite setzt (erneuert) das CSRF-Cookie, ein htmx-Schritt mit diesem Cookie nicht: kein Set-Cookie je
    Schritt. Sein Formular trägt trotzdem ein gültiges Token (Djangos Prüfung, enforce_csrf_checks)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/kontakt/neu/")
    token = seite.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde,
                                            "csrfmiddlewaretoken": token})["Location"]
    ganz = client.get(ort)
    assert "csrftoken" in ganz.cookies                                   # die ganze Seite erneuert es
    token = ganz.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    schritt = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"},
                          HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert schritt.status_code == 200 and "csrftoken" not in schritt.cookies
    neu = schritt.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    weiter = client.post(f"{ort}antwort/", {"fakt": "terminanliegen", "wert": "absagen", "csrfmiddlewaretoken": neu},
                         HTTP_HX_REQUEST="true")
    assert weiter.status_code == 200, weiter.content[:300]
