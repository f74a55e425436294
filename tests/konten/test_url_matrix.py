"""Rolle × Route, erzeugt aus der URL-Konfiguration: jede Route braucht hier eine Regel (wer darf, mit
welcher Antwort), sonst schlägt `test_jede_route_hat_eine_regel` fehl — eine neue Route ohne Regel
kommt so nicht durch. Dann wird jede Route mit jeder Rolle, als Kunde und unangemeldet aufgerufen.

Erlaubt heißt: die erwartete Antwort (`ja`; None = irgendeine Antwort außer Ablehnung, Anmeldung und
Serverfehler, etwa 400 für ein leeres Formular). Nicht erlaubt heißt: 403 (Seiten, API) oder die
Anmeldung (Kundenseiten für Beschäftigte, Beschäftigtenseiten für Kunden)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kundenportal import zeit
from kundenportal.eservice.zugang import SITZUNG_KUNDE
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import services
from kundenportal.konten.rollen import ROLLEN
from kundenportal.qs import services as qs
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db

ALLE = frozenset(ROLLEN)
AGENTEN = frozenset({"agent_ez", "agent_sc3", "agent_scfk", "agent_emb"})
SGB3 = frozenset({"agent_ez", "agent_sc3", "agent_emb", "os_algplus"})      # Kundendaten im Rechtskreis SGB III
FK = frozenset({"agent_scfk", "fk_direktion"})                               # Kundendaten der Familienkasse
KEINE: frozenset[str] = frozenset()
ANMELDEN, KUNDE_ANMELDEN = "/anmelden/", "/kunde/anmelden/"
# Benutzer mit mehreren Rollen (Rechte addieren sich): eine Spalte darf, was eine ihrer Rollen darf, und
# dazu, was die Regel ihr ausdrücklich gibt. Die Teamleitung der E-Mail-Bearbeitung sieht die Quarantäne.
MEHRFACH = {"emb_leitung": ("teamleitung", "agent_emb")}
SPALTEN = [*sorted(ROLLEN), *MEHRFACH, "kunde", "anonym"]
EMB_QUARANTAENE = frozenset({"teamleitung_emb"})
# Die Warteschlange sehen die E-Mail-Bearbeitung und die Teamleitung E-Mail; gehaltene Mails gibt nur diese frei.
EMB_WARTESCHLANGE = frozenset({"agent_emb", "teamleitung_emb"})
EMB_STEUERN = frozenset({"teamleitung_emb"})
REDAKTION = frozenset({"redaktion"})
FREIGABE = frozenset({"freigabe"})
REDAKTION_SEHEN = REDAKTION | FREIGABE                   # Redaktion und Freigabe lesen Entwürfe und Pakete
TEAMLEITUNG = frozenset({"teamleitung"})
KENNZAHLEN = frozenset({"teamleitung", "teamleitung_fk", "teamleitung_emb"})   # Führungsprozesse: auch E-Mail und Familienkasse
ANLAGE5 = KENNZAHLEN - {"teamleitung_fk"}     # Anlage 5: die Arbeitshilfe des SGB III
# QS im eigenen Rechtskreis (Stichproben hier: SGB III, Telefon), die Teamleitung E-Mail nur im Kanal E-Mail
QS = frozenset({"teamleitung", "teamleitung_fk", "teamleitung_emb"})
SC3 = frozenset({"agent_sc3"})


@dataclass(frozen=True)
class Fall:
    url: str                                  # mit {Schlüsseln} aus der Fixture `welt`
    erlaubt: frozenset[str]                   # Rollen (und "kunde"), die dürfen
    ja: int | None = 200
    nein: int | str = 403                     # Status oder Anmeldeseite, auf die umgeleitet wird
    anonym: int | str = ANMELDEN
    methode: str = "get"
    kunde: int | str | None = None            # abweichende Erwartung für angemeldete Kunden
    daten: dict[str, Any] = field(default_factory=dict)   # Formular (Seiten) oder JSON (API); Werte mit {Schlüsseln}
    fremd: frozenset[str] = frozenset()       # Rollen mit dem Recht, denen das Objekt nicht gehört: 404 wie unbekannt


def _seite(url: str, erlaubt: frozenset[str], **kw: Any) -> list[Fall]:
    return [Fall(url, erlaubt, **kw)]


def _post(url: str, erlaubt: frozenset[str], **kw: Any) -> list[Fall]:
    return [Fall(url, erlaubt, ja=None, methode="post", **kw)]


def _api(url: str, erlaubt: frozenset[str], ja: int | None = 200, methode: str = "get",
         daten: dict[str, Any] | None = None, nein: int = 403) -> list[Fall]:
    return [Fall(url, erlaubt, ja=ja, nein=nein, anonym=401, methode=methode, daten=daten or {})]


def _kunde(url: str, methode: str = "get", ja: int | None = 200) -> list[Fall]:
    return [Fall(url, frozenset({"kunde"}), ja=ja, nein=KUNDE_ANMELDEN, anonym=KUNDE_ANMELDEN, methode=methode)]


OEFFENTLICH = frozenset({*ROLLEN, "kunde", "anonym"})

# Route (wie in der URL-Konfiguration) → Fälle. Präfix-Regeln (Ende "*") gelten für alle Routen darunter.
REGELN: dict[str, list[Fall]] = {
    "": [Fall("/", ALLE, ja=302, nein=302)],                                    # Startseite je Rolle
    "healthz": [Fall("/healthz", OEFFENTLICH, anonym=200)],
    "readyz": [Fall("/readyz", OEFFENTLICH, anonym=200)],
    # Prometheus: ohne KUNDENPORTAL_METRIKEN_TOKEN (so in den Tests) gibt es die Route nicht; mit Token nur per
    # Authorization: Bearer, für jede Spalte gleich (tests/betrieb/test_metriken.py)
    "metrics": [Fall("/metrics", OEFFENTLICH, ja=404, nein=404, anonym=404)],
    "verwaltung/*": [Fall("/verwaltung/", frozenset({"administration"}), nein="/verwaltung/login/",
                          anonym="/verwaltung/login/"),
                     Fall("/verwaltung/auth/user/", frozenset({"administration"}), nein="/verwaltung/login/",
                          anonym="/verwaltung/login/")],
    # API: Sitzung (oder Token); unangemeldet 401
    "api/schema/": [Fall("/api/schema/", OEFFENTLICH, anonym=200)],
    "api/docs/": [Fall("/api/docs/", OEFFENTLICH, anonym=200)],
    "api/": [Fall("/api/", OEFFENTLICH, ja=404, nein=404, anonym=404)],          # nur Präfix, keine Operation
    "api/katalog/leitfaeden/<leitfaden_id>/gueltig": _api("/api/katalog/leitfaeden/SC%203.307/gueltig", ALLE),
    "api/katalog/leitfaeden/<leitfaden_id>/fassungen": _api("/api/katalog/leitfaeden/SC%203.307/fassungen", ALLE),
    "api/katalog/leitfaeden/<leitfaden_id>/fassungen/<stand>": _api(
        "/api/katalog/leitfaeden/SC%203.307/fassungen/2020-03-20", ALLE),
    "api/katalog/leitfaeden/<leitfaden_id>/diff": _api(
        "/api/katalog/leitfaeden/SC%203.307/diff?alt=2019-12-20&neu=2020-03-20", ALLE),
    "api/katalog/suche": _api("/api/katalog/suche?q=Termin", ALLE),
    "api/katalog/weisungen/<nummer>": _api("/api/katalog/weisungen/202003006", ALLE),
    "api/kontakte": _api("/api/kontakte", frozenset({"agent_sc3"}), None, "post",
                         {"leitfaden_id": "SC 3.003", "kundennummer": "{kunde}"}),
    "api/kontakte/<kontakt_id>": _api("/api/kontakte/{sgb3}", SGB3) + _api("/api/kontakte/{fk}", FK),
    "api/kontakte/<kontakt_id>/antwort": _api("/api/kontakte/{offen}/antwort", frozenset({"agent_sc3"}), None,
                                              "post", {"fakt": "identitaet_geprueft", "wert": True}),
    "api/kontakte/<kontakt_id>/zurueck": _api("/api/kontakte/{offen}/zurueck", frozenset({"agent_sc3"}), None,
                                              "post", {"fakt": "identitaet_geprueft"}),
    "api/kontakte/<kontakt_id>/abschluss": _api("/api/kontakte/{offen}/abschluss", frozenset({"agent_sc3"}),
                                                None, "post", {"vermerk": "Matrix."}),
    "api/kontakte/<kontakt_id>/termine": _api("/api/kontakte/{offen}/termine", SC3, None),
    "api/kontakte/<kontakt_id>/termin": _api("/api/kontakte/{offen}/termin", SC3, None, "post",
                                             {"fakt": "termin", "agentur": "Fürth", "wert": "T-1"}),
    "api/kontakte/<kontakt_id>/weiter": _api("/api/kontakte/{offen}/weiter", SC3, None, "post"),
    "api/kontakte/<kontakt_id>/bestaetigen": _api("/api/kontakte/{offen}/bestaetigen", SC3, None, "post",
                                                  {"zeichen": "falsch"}),
    # Führung: die Anlagen der Teamleitung
    "api/fuehrung/anlage5": _api("/api/fuehrung/anlage5", ANLAGE5),
    "api/fuehrung/anlage7": _api("/api/fuehrung/anlage7", KENNZAHLEN),
    # Redaktion: lesen Redaktion und Freigabe, schreiben die Redaktion, freigeben und zurückweisen die Freigabe
    "api/redaktion/entwuerfe": (_api("/api/redaktion/entwuerfe", REDAKTION_SEHEN)
                                + _api("/api/redaktion/entwuerfe", REDAKTION, None, "post",
                                       {"basis_leitfaden": "SC 3.307", "basis_stand": "2020-03-20",
                                        "stand": "2020-05-01"})),
    "api/redaktion/entwuerfe/<pk>": _api("/api/redaktion/entwuerfe/{entwurf}", REDAKTION_SEHEN),
    "api/redaktion/entwuerfe/<pk>/befunde": _api("/api/redaktion/entwuerfe/{entwurf}/befunde", REDAKTION_SEHEN),
    "api/redaktion/pakete": _api("/api/redaktion/pakete", REDAKTION, None, "post",
                                 {"weisung": "202003006", "titel": "Matrix", "datum": "2020-03-30"}),
    "api/redaktion/pakete/<pk>": _api("/api/redaktion/pakete/{paket}", REDAKTION_SEHEN),
    "api/redaktion/pakete/<pk>/entwuerfe": _api("/api/redaktion/pakete/{paket}/entwuerfe", REDAKTION, None, "post",
                                                {"entwurf": "{entwurf}"}),
    "api/redaktion/pakete/<pk>/tor": _api("/api/redaktion/pakete/{paket}/tor", REDAKTION_SEHEN, None, "post"),
    "api/redaktion/pakete/<pk>/einreichen": _api("/api/redaktion/pakete/{paket}/einreichen", REDAKTION, None, "post"),
    "api/redaktion/pakete/<pk>/freigeben": _api("/api/redaktion/pakete/{paket}/freigeben", FREIGABE, None, "post",
                                                {"gueltig_ab": "2020-04-15"}),
    "api/redaktion/pakete/<pk>/zurueckweisen": _api("/api/redaktion/pakete/{paket}/zurueckweisen", FREIGABE, None,
                                                    "post", {"kommentar": "Matrix."}),
    # Zurückrufen: die Freigabe oder wer das Paket angelegt hat (hier t-redaktion)
    "api/redaktion/pakete/<pk>/zurueckrufen": _api("/api/redaktion/pakete/{paket}/zurueckrufen", REDAKTION_SEHEN,
                                                   None, "post"),
    "api/redaktion/hinweise": _api("/api/redaktion/hinweise", ALLE),
    # Ein Änderungshinweis zu SC 3.307 (Kanal sc3): wen er nicht betrifft, dem ist er unbekannt (404)
    "api/redaktion/hinweise/<pk>/gelesen": _api("/api/redaktion/hinweise/{hinweis}/gelesen", SC3, 204, "post",
                                                nein=404),
    # Kundenseite: nur mit Kundenanmeldung; Beschäftigte sind dort nicht angemeldet
    "kunde/": _kunde("/kunde/"),
    "kunde/anmelden/": [Fall("/kunde/anmelden/", OEFFENTLICH, anonym=200, kunde="/kunde/")],
    "kunde/abmelden/": [Fall("/kunde/abmelden/", OEFFENTLICH, ja=302, anonym=302, methode="post")],
    "kunde/beratungsgespraech/": _kunde("/kunde/beratungsgespraech/", ja=None),
    "kunde/beratungsgespraech/pruefen/": _kunde("/kunde/beratungsgespraech/pruefen/", ja=None),
    "kunde/beratungsgespraech/bestaetigung/": _kunde("/kunde/beratungsgespraech/bestaetigung/", ja=None),
    "kunde/termine/": _kunde("/kunde/termine/"),
    "kunde/termine/<str:termin_id>/absagen/": _kunde("/kunde/termine/T-1/absagen/", ja=None),
    "kunde/termine/<str:termin_id>/termin.ics": _kunde("/kunde/termine/T-1/termin.ics"),
    # Fußzeile der Kundenseite: für alle, ohne Anmeldung (eservice/views/info.py)
    "kunde/datenschutz/": [Fall("/kunde/datenschutz/", OEFFENTLICH, anonym=200)],
    "kunde/barrierefreiheit/": [Fall("/kunde/barrierefreiheit/", OEFFENTLICH, anonym=200)],
    "kunde/hilfe/": [Fall("/kunde/hilfe/", OEFFENTLICH, anonym=200)],
    "kunde/impressum/": [Fall("/kunde/impressum/", OEFFENTLICH, anonym=200)],
    # E-Mail-Bearbeitung
    "emb/": _seite("/emb/", EMB_WARTESCHLANGE),
    "emb/naechste/": _post("/emb/naechste/", frozenset({"agent_emb"})),
    # GET: die Seite mit dem Grund (oder zurück zur Warteschlange, hält niemand die Mail); POST ohne Grund: 400
    "emb/<int:mail_id>/teamleitung-freigeben/": (_seite("/emb/{mail}/teamleitung-freigeben/", EMB_STEUERN, ja=None)
                                                 + _post("/emb/{mail}/teamleitung-freigeben/", EMB_STEUERN)),
    "emb/<int:mail_id>/": _seite("/emb/{mail}/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/beanspruchen/": _post("/emb/{mail}/beanspruchen/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/freigeben/": _post("/emb/{mail}/freigeben/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/zuordnung/": _post("/emb/{mail}/zuordnung/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/arbeitshilfe/": _post("/emb/{mail}/arbeitshilfe/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/antwort/": _post("/emb/{mail}/antwort/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/erledigen/": _post("/emb/{mail}/erledigen/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/weiterleiten/": _post("/emb/{mail}/weiterleiten/", frozenset({"agent_emb"})),
    "emb/antwort/<int:antwort_id>/erneut/": _post("/emb/antwort/999999/erneut/", frozenset({"agent_emb"})),
    "emb/<int:mail_id>/anhang/<int:nummer>/": _seite("/emb/{mail_anhang}/anhang/1/", frozenset({"agent_emb"})),
    # Quarantäne: nur die Rolle Teamleitung E-Mail (nicht Teamleitung + E-Mail-Bearbeitung)
    "emb/quarantaene/": _seite("/emb/quarantaene/", EMB_QUARANTAENE),
    "emb/quarantaene/<int:mail_id>/": _seite("/emb/quarantaene/{quarantaene}/", EMB_QUARANTAENE),
    "emb/quarantaene/<int:mail_id>/roh/": _seite("/emb/quarantaene/{quarantaene}/roh/", EMB_QUARANTAENE),
    "emb/quarantaene/<int:mail_id>/neu-zerlegen/": _post("/emb/quarantaene/{quarantaene}/neu-zerlegen/", EMB_QUARANTAENE),
    # ohne Grund: 400 mit der Meldung am Feld (die Mail bleibt in der Quarantäne)
    "emb/quarantaene/<int:mail_id>/verwerfen/": _post("/emb/quarantaene/{quarantaene}/verwerfen/", EMB_QUARANTAENE),
    # Konten
    "anmelden/": [Fall("/anmelden/", OEFFENTLICH, anonym=200)],
    "abmelden/": [Fall("/abmelden/", OEFFENTLICH, ja=302, nein=302, anonym=302, methode="post")],
    "protokoll/": _seite("/protokoll/", frozenset({"administration"})),
    # die gefilterten Einträge als CSV (derselbe Filter per POST, nur die Administration)
    "protokoll/csv/": [Fall("/protokoll/csv/", frozenset({"administration"}), methode="post",
                            daten={"kundennummer": "900D000009"})],
    # Arbeitsplatz und Kontakte
    "arbeitsplatz/": _seite("/arbeitsplatz/", AGENTEN),
    "kontakt/neu/": _seite("/kontakt/neu/", AGENTEN),
    "kontakt/anliegen/": _seite("/kontakt/anliegen/", AGENTEN),
    "kontakt/anliegen/<slug:schluessel>/": _seite("/kontakt/anliegen/unbekannt/", AGENTEN, ja=None),
    "kontakt/starten/": _post("/kontakt/starten/", frozenset({"agent_sc3"}),         # SC 3.003: Kanal sc3
                              daten={"leitfaden": "SC 3.003", "kundennummer": "{kunde}"}),
    "kontakt/<uuid:kontakt_id>/": _seite("/kontakt/{sgb3}/", SGB3) + _seite("/kontakt/{fk}/", FK),
    "kontakt/<uuid:kontakt_id>/antwort/": _post("/kontakt/{offen}/antwort/", frozenset({"agent_sc3"})),
    "kontakt/<uuid:kontakt_id>/zurueck/": _post("/kontakt/{offen}/zurueck/", frozenset({"agent_sc3"})),
    "kontakt/<uuid:kontakt_id>/weiter/": _post("/kontakt/{offen}/weiter/", SC3),
    "kontakt/<uuid:kontakt_id>/bestaetigen/": _post("/kontakt/{offen}/bestaetigen/", SC3, daten={"zeichen": "x"}),
    "kontakt/<uuid:kontakt_id>/termin/": _post("/kontakt/{offen}/termin/", frozenset({"agent_sc3"})),
    "kontakt/<uuid:kontakt_id>/abschliessen/": _post("/kontakt/{offen2}/abschliessen/", frozenset({"agent_sc3"}),
                                                     daten={"vermerk": "Matrix."}),
    "kontakt/<uuid:kontakt_id>/historie/": (_seite("/kontakt/{sgb3}/historie/", SGB3)
                                            + _seite("/kontakt/{fk}/historie/", FK)),
    "kunden/<slug:schluessel>/": _seite("/kunden/unbekannt/", KEINE, nein=404, anonym=ANMELDEN),
    "kennzahlen/": _seite("/kennzahlen/", KENNZAHLEN),
    "postkorb/<str:postkorb>/": (_seite("/postkorb/os_algplus/", frozenset({"os_algplus"}))
                                 + _seite("/postkorb/fk_direktion_qs/", frozenset({"fk_direktion"}))
                                 + _seite("/postkorb/team_sc3/", frozenset({"teamleitung"}))),
    "postkorb/<str:postkorb>/<int:aufgabe_id>/nehmen/": (
        _post("/postkorb/os_algplus/{aufgabe_sgb3}/nehmen/", frozenset({"os_algplus"}))
        + _post("/postkorb/fk_direktion_qs/{aufgabe_fk}/nehmen/", frozenset({"fk_direktion"}))),
    "postkorb/<str:postkorb>/<int:aufgabe_id>/zurueckgeben/": (
        _post("/postkorb/os_algplus/{aufgabe_sgb3}/zurueckgeben/", frozenset({"os_algplus"}))
        + _post("/postkorb/fk_direktion_qs/{aufgabe_fk}/zurueckgeben/", frozenset({"fk_direktion"}))),
    "postkorb/<str:postkorb>/<int:aufgabe_id>/schliessen/": (
        _post("/postkorb/os_algplus/{aufgabe_sgb3}/schliessen/", frozenset({"os_algplus"}))
        + _post("/postkorb/fk_direktion_qs/{aufgabe_fk}/schliessen/", frozenset({"fk_direktion"}))),
    # QS (Teamleitung am eigenen Standort)
    "qs/": _seite("/qs/", QS),
    # Stichprobe und Bewertung der Teamleitung SGB III: für die übrigen QS-Rollen (anderer Rechtskreis, anderer
    # Kanal) wie unbekannt (404) — ein 403 verriete, dass es sie gibt
    "qs/stichprobe/<int:stichprobe_id>/": _seite("/qs/stichprobe/{stichprobe}/", TEAMLEITUNG, fremd=QS),
    "qs/bewertung/<int:bewertung_id>/": _seite("/qs/bewertung/{bewertung}/", TEAMLEITUNG, fremd=QS),
    # Die freigegebenen QS-Ergebnisse der eigenen Kontakte: wer Kontakte führt
    "qs/meine/": _seite("/qs/meine/", AGENTEN),
    "qs/bewertung/<int:bewertung_id>/freigeben/": _post("/qs/bewertung/{bewertung}/freigeben/", TEAMLEITUNG,
                                                        fremd=QS),
    # Führung
    "fuehrung/": _seite("/fuehrung/", KENNZAHLEN, ja=302),
    "fuehrung/anlage-5/": _seite("/fuehrung/anlage-5/", ANLAGE5),
    "fuehrung/anlage-7/kontakte/": _seite("/fuehrung/anlage-7/kontakte/?regel=2.2+a)+4&zahl=kontakte&vergleich=pilot-ab", ANLAGE5),
    "fuehrung/anlage-5/kontakte/": _seite("/fuehrung/anlage-5/kontakte/?kennzahl=kontakte_je_anliegen&vergleich=pilot-ab",
                                          ANLAGE5),
    "fuehrung/anlage-7/": _seite("/fuehrung/anlage-7/", KENNZAHLEN),
    # Ändern: wie Entfernen — die Teamleitungen (eine unbekannte Maßnahme: 404), alle anderen 403 vor jeder Suche
    "fuehrung/anlage-7/massnahme/<int:massnahme_id>/aendern/": (
        _seite("/fuehrung/anlage-7/massnahme/999999/aendern/", KENNZAHLEN, ja=404)
        + _post("/fuehrung/anlage-7/massnahme/999999/aendern/", KENNZAHLEN)),
    # Entfernen: die Teamleitungen (eine unbekannte Maßnahme: 404), alle anderen 403 vor jeder Suche
    "fuehrung/anlage-7/massnahme/<int:massnahme_id>/entfernen/": _post(
        "/fuehrung/anlage-7/massnahme/999999/entfernen/", KENNZAHLEN),
    # Redaktion (Seiten): wie die API
    "redaktion/": _seite("/redaktion/", REDAKTION_SEHEN),
    "redaktion/entwuerfe/beginnen/": _post("/redaktion/entwuerfe/beginnen/", REDAKTION),
    "redaktion/entwuerfe/neu/": _post("/redaktion/entwuerfe/neu/", REDAKTION),
    "redaktion/entwuerfe/<int:pk>/": _seite("/redaktion/entwuerfe/{entwurf}/", REDAKTION_SEHEN),
    "redaktion/entwuerfe/<int:pk>/feld/": _post("/redaktion/entwuerfe/{entwurf}/feld/", REDAKTION),
    "redaktion/entwuerfe/<int:pk>/anfuegen/": _post("/redaktion/entwuerfe/{entwurf}/anfuegen/", REDAKTION),
    "redaktion/entwuerfe/<int:pk>/verwerfen/": _post("/redaktion/entwuerfe/{entwurf2}/verwerfen/", REDAKTION),
    "redaktion/entwuerfe/<int:pk>/szenario/": _seite("/redaktion/entwuerfe/{entwurf}/szenario/", REDAKTION),
    "redaktion/pakete/anlegen/": _post("/redaktion/pakete/anlegen/", REDAKTION),
    "redaktion/pakete/<int:pk>/": _seite("/redaktion/pakete/{paket}/", REDAKTION_SEHEN),
    "redaktion/pakete/<int:pk>/aendern/": _post("/redaktion/pakete/{paket}/aendern/", REDAKTION),
    # Paket einer Weisung des Katalogs: die Seite „Neue Weisung erfassen“ leitet zum Paket (302).
    "redaktion/pakete/<int:pk>/weisung/": _seite("/redaktion/pakete/{paket}/weisung/", REDAKTION, ja=302),
    "redaktion/pakete/<int:pk>/weisung/verwerfen/": _seite("/redaktion/pakete/{paket}/weisung/verwerfen/", REDAKTION,
                                                            ja=302),
    "redaktion/pakete/<int:pk>/optionen/": _seite("/redaktion/pakete/{paket}/optionen/", REDAKTION),
    "redaktion/pakete/<int:pk>/zuordnen/": _post("/redaktion/pakete/{paket}/zuordnen/", REDAKTION),
    "redaktion/pakete/<int:pk>/tor/": _post("/redaktion/pakete/{paket}/tor/", REDAKTION_SEHEN),
    "redaktion/pakete/<int:pk>/verhalten/": _seite("/redaktion/pakete/{paket}/verhalten/", REDAKTION_SEHEN),
    "redaktion/pakete/<int:pk>/einreichen/": _post("/redaktion/pakete/{paket}/einreichen/", REDAKTION),
    "redaktion/pakete/<int:pk>/freigeben/": _post("/redaktion/pakete/{paket}/freigeben/", FREIGABE,
                                                  daten={"freigabe-gueltig_ab": "2020-04-15"}),
    "redaktion/pakete/<int:pk>/zurueckweisen/": _post("/redaktion/pakete/{paket}/zurueckweisen/", FREIGABE,
                                                      daten={"zurueck-kommentar": "Matrix."}),
    "redaktion/pakete/<int:pk>/zurueckrufen/": _post("/redaktion/pakete/{paket}/zurueckrufen/", REDAKTION_SEHEN),
    # Entwürfe anderer Arbeitsmittel: sehen wie Entwürfe, beginnen, speichern und aufnehmen nur die Redaktion
    "redaktion/arbeitsmittel/": _seite("/redaktion/arbeitsmittel/", REDAKTION_SEHEN),
    "redaktion/arbeitsmittel/beginnen/": _post("/redaktion/arbeitsmittel/beginnen/", REDAKTION),
    "redaktion/arbeitsmittel/<int:pk>/": _seite("/redaktion/arbeitsmittel/{am_entwurf}/", REDAKTION_SEHEN),
    "redaktion/pakete/<int:pk>/arbeitsmittel/": _post("/redaktion/pakete/{paket}/arbeitsmittel/", REDAKTION),
    "redaktion/hinweise/<int:pk>/gelesen/": _post("/redaktion/hinweise/{hinweis}/gelesen/", SC3, nein=404),
    "redaktion/hinweise/lesestand/": _seite("/redaktion/hinweise/lesestand/", KENNZAHLEN),
    # Arbeitsmittel: für alle Angemeldeten
    "arbeitsmittel/": _seite("/arbeitsmittel/", ALLE),
    "arbeitsmittel/<str:art>/<str:ordner>/": _seite("/arbeitsmittel/fuehrungsprozess_anlage/anlage-5/", ALLE),
    "arbeitsmittel/<str:art>/<str:ordner>/diff/": _seite("/arbeitsmittel/fuehrungsprozess_anlage/anlage-5/diff/",
                                                         ALLE, ja=None),
    # Katalog: für alle Angemeldeten
    "suche/": _seite("/suche/?q=Termin", ALLE),
    "katalog/": _seite("/katalog/", ALLE),
    "katalog/<str:leitfaden_id>/": _seite("/katalog/SC%203.307/", ALLE),
    "katalog/<str:leitfaden_id>/diff/": _seite("/katalog/SC%203.307/diff/?alt=2019-12-20&neu=2020-03-20", ALLE),
    "katalog/<str:leitfaden_id>/<str:stand>/": _seite("/katalog/SC%203.307/2020-03-20/", ALLE),
    "weisungen/<str:nummer>/": _seite("/weisungen/202003006/", ALLE),
    # Redaktion: strukturierter Editor und Live-Vorschau nur für die Redaktion (unbekannter Entwurf: 404)
    "redaktion/entwuerfe/<int:pk>/schritt/": _post("/redaktion/entwuerfe/999999/schritt/", frozenset({"redaktion"})),
    "redaktion/entwuerfe/<int:pk>/vorschau/": _post("/redaktion/entwuerfe/999999/vorschau/", frozenset({"redaktion"})),
}
# Von einer früheren Route verdeckt (nie erreichbar): katalog:startseite unter "" (konten.views.start davor).
VERDECKT = {("", "katalog:startseite")}


def routen(muster: list[URLPattern | URLResolver] | None = None, vorn: str = "", ns: str = ""
           ) -> Iterator[tuple[str, str]]:
    for p in get_resolver().url_patterns if muster is None else muster:
        if isinstance(p, URLResolver):
            yield from routen(p.url_patterns, vorn + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        else:
            yield vorn + str(p.pattern), ns + (p.name or "")


def _regel(route: str) -> list[Fall] | None:
    if route in REGELN:
        return REGELN[route]
    return next((f for r, f in REGELN.items() if r.endswith("*") and route.startswith(r[:-1])), None)


def test_jede_route_hat_eine_regel() -> None:
    ohne = [(r, n) for r, n in routen() if (r, n) not in VERDECKT and _regel(r) is None]
    assert not ohne, f"Routen ohne Regel in tests/konten/test_url_matrix.py: {ohne}"
    alle = {r for r, _ in routen()}
    veraltet = [r for r in REGELN if not r.endswith("*") and r not in alle]
    assert not veraltet, f"Regeln ohne Route: {veraltet}"


@pytest.fixture
def welt(benutzer: Callable[..., Any], kunde: str) -> Iterator[dict[str, Any]]:
    """Die Schlüssel der URLs: abgeschlossene Kontakte je Rechtskreis, ein offener Kontakt von t-agent_sc3,
    Aufgaben je Postkorb, eine Mail (mit Anhang), eine Mail in Quarantäne, eine QS-Stichprobe, Entwürfe und
    ein Paket von t-redaktion, ein Änderungshinweis zu SC 3.307."""
    from kundenportal.emb.models import Mail
    from kundenportal.emb.services import eml_importieren
    from kundenportal.katalog.queries import katalog
    from kundenportal.konten.services import benutzer_anlegen
    from kundenportal.redaktion.models import Aenderungshinweis, Katalogdatei
    from kundenportal.redaktion.queries import katalog_aus_datenbank, katalog_vergessen
    from kundenportal.redaktion.services.entwurf import entwurf_beginnen
    from kundenportal.redaktion.services.freigabe import paket_anlegen
    from kundenportal.redaktion.services.katalog import katalog_importieren

    for rolle in ROLLEN:
        benutzer(rolle)
    for spalte, rollen in MEHRFACH.items():
        benutzer_anlegen(f"t-{spalte}", "geheim-123", list(rollen), standort="Nürnberg")
    sc3, fk = benutzer("agent_sc3", "welt-sc3"), benutzer("agent_scfk", "welt-fk")
    fk_leitfaden = next(lf.id for lf in katalog().leitfaeden.values()
                        if "scfk" in lf.kopf.kanaele and not lf.kopf.baustein)
    sgb3 = services.kontakt_abschliessen(sc3, services.kontakt_starten(sc3, "SC 3.003", kunde), "Vermerk.")
    fk_kontakt = services.kontakt_abschliessen(fk, services.kontakt_starten(fk, fk_leitfaden, kunde), "Vermerk.")
    offen = services.kontakt_starten(benutzer("agent_sc3"), "SC 3.003", kunde)
    offen2 = services.kontakt_starten(benutzer("agent_sc3"), "SC 3.003", kunde)
    aufgaben = systeme().aufgaben
    stichprobe = qs.stichprobe_ziehen(benutzer("teamleitung"), heute=zeit.heute(), jetzt=zeit.jetzt())
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0001.eml")
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0004.eml")
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0002.eml")
    mails = list(Mail.objects.order_by("pk"))
    Mail.objects.filter(pk=mails[-1].pk).update(status=Mail.Status.QUARANTAENE, quarantaene_grund="Matrix.")
    katalog_vergessen()
    katalog_importieren(CONTENT, veroeffentlicht=True)
    redakteur = benutzer("redaktion")
    basis = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.307/2020-03-20.yaml")
    entwurf = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=basis, stand=dt.date(2020, 4, 1))
    entwurf2 = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=basis, stand=dt.date(2020, 4, 2))
    paket = paket_anlegen(redakteur, weisung="202003006", titel="Matrix", datum=dt.date(2020, 3, 30))
    from kundenportal.redaktion.services import arbeitsmittel as am

    am_entwurf = am.beginnen(redakteur, katalog_aus_datenbank(), stand=dt.date(2020, 4, 1), basis=Katalogdatei.objects.get(
        pfad="arbeitsmittel/aufgabensteckbrief/ez-01/2020-03-20.yaml"))
    hinweis = Aenderungshinweis.objects.create(fassung=basis, leitfaden_id="SC 3.307", gilt_ab=dt.date(2020, 3, 20),
                                               text="Matrix.")
    yield {"entwurf": entwurf.pk, "entwurf2": entwurf2.pk, "paket": paket.pk, "hinweis": hinweis.pk,
            "am_entwurf": am_entwurf.pk,
            "quarantaene": mails[-1].pk,
            "sgb3": sgb3.pk, "fk": fk_kontakt.pk, "offen": offen.pk, "offen2": offen2.pk, "stichprobe": stichprobe.pk,
            "bewertung": stichprobe.bewertungen.order_by("pk").first().pk,  # type: ignore[union-attr]
            "aufgabe_sgb3": aufgaben.erstellen("os_algplus", "Prüfen", kunde, "Text", "welt", str(sgb3.pk)).id,
            "aufgabe_fk": aufgaben.erstellen("fk_direktion_qs", "Prüfen", kunde, "Text", "welt", str(fk_kontakt.pk)).id,
            "mail": mails[0].pk, "mail_anhang": next(m.pk for m in mails[:-1] if m.anhaenge.exists())}
    katalog_vergessen()


def _client(spalte: str, kunde: str) -> Client:
    c = Client(REMOTE_ADDR=f"10.{abs(hash(spalte)) % 250}.0.1")
    if spalte == "kunde":
        s = c.session
        s[SITZUNG_KUNDE] = kunde
        s.save()
    elif spalte != "anonym":
        from django.contrib.auth import get_user_model

        c.force_login(get_user_model().objects.get(username=f"t-{spalte}"))
    return c


def _erwartet(fall: Fall, spalte: str) -> int | str | None:
    if spalte == "kunde" and fall.kunde is not None:
        return fall.kunde
    if spalte == "anonym":
        return fall.anonym if "anonym" not in fall.erlaubt else fall.ja
    if spalte in fall.erlaubt or set(MEHRFACH.get(spalte, ())) & fall.erlaubt:
        return fall.ja
    if spalte == "kunde" and fall.nein != KUNDE_ANMELDEN:       # Kunden sind für Beschäftigtenseiten anonym
        return fall.anonym
    if spalte in fall.fremd or set(MEHRFACH.get(spalte, ())) & fall.fremd:
        return 404
    return fall.nein


def _pruefen(antwort: Any, erwartet: int | str | None) -> bool:
    if erwartet is None:
        ort = antwort.get("Location", "")
        return antwort.status_code < 500 and antwort.status_code not in (401, 403) and not (
            antwort.status_code == 302 and ort.startswith((ANMELDEN, KUNDE_ANMELDEN, "/verwaltung/login/")))
    if isinstance(erwartet, str):
        return antwort.status_code == 302 and antwort["Location"].startswith(erwartet)
    return bool(antwort.status_code == erwartet)


def test_rolle_mal_route(welt: dict[str, Any], kunde: str) -> None:
    """Alle Routen × alle Spalten in einem Durchgang (eine Welt; schreibende Fälle am Ende, damit sie
    die lesenden nicht verändern). Jede Abweichung wird gesammelt und zusammen gemeldet."""
    clients = {spalte: _client(spalte, kunde) for spalte in SPALTEN}
    faelle = [(route, f) for route in sorted(REGELN) for f in REGELN[route]]
    # Lesen zuerst, dann Schreiben, Abschließen ganz zuletzt (danach ist der offene Kontakt zu).
    faelle.sort(key=lambda rf: (rf[1].methode == "post", "abschl" in rf[0]))
    fehler = []
    for route, fall in faelle:
        url = fall.url.format(**welt)
        spalten = sorted(SPALTEN, key=lambda sp: sp in fall.erlaubt)   # wer darf, schreibt zuletzt
        for spalte in spalten:
            c = clients[spalte] if fall.url not in ("/abmelden/", "/kunde/abmelden/") else _client(spalte, kunde)
            daten = {k: v.format(**welt, kunde=kunde) if isinstance(v, str) else v for k, v in fall.daten.items()}
            if fall.methode == "get":
                antwort = c.get(url)
            elif url.startswith("/api/"):
                antwort = c.post(url, daten, content_type="application/json")
            else:
                antwort = c.post(url, daten)
            erwartet = _erwartet(fall, spalte)
            if not _pruefen(antwort, erwartet):
                fehler.append(f"{route}: {fall.methode.upper()} {url} als {spalte}: {antwort.status_code} "
                              f"{antwort.get('Location', '')} (erwartet {erwartet})")
    assert not fehler, "\n".join(fehler)


def test_kein_unbekannter_kontakt_verraet_etwas(benutzer: Callable[..., Any]) -> None:
    c = Client()
    c.force_login(benutzer("agent_sc3"))
    assert c.get(f"/kontakt/{uuid.uuid4()}/").status_code == 404
    assert c.get(f"/api/kontakte/{uuid.uuid4()}").status_code == 404
