"""Der Wortlaut einer Frage je Fassung (`frage:` am Schritt): eine Weisung ändert die Frage in einer Fassung, die
Beschriftung im Vokabular bleibt. Entwurf → Prüfung ohne Befund → Tor, Freigabe → im Gespräch ab dem Gültigkeitstag
der neue Wortlaut (Überschrift, Weg, Vermerk, QS), davor die alte Fassung mit der Beschriftung; Diff und
Änderungshinweis nennen bisher → jetzt mit dem, was dasteht."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import lesbar
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.diff import diff, diff_text
from kundenportal.leitfaden.diff_lesbar import WORTLAUT, diff_lesbar
from kundenportal.qs.pfad import Punkt, pfad
from kundenportal.redaktion.hinweise import offene_hinweise
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern
from kundenportal.redaktion.services.freigabe import (
    paket_einreichen,
    paket_freigeben,
    paket_zurueckweisen,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.struktur import einordnen, schritt_ersetzen, schritt_lesen

from .werkzeug import BASIS, paket_mit

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LABEL = "Möchte der Kunde den Antrag online stellen?"                   # fakten.yaml: antrag_online_gewuenscht
NEU = "Will der Kunde den Antrag auf Insolvenzgeld online stellen?"    # der Wortlaut der neuen Fassung
SZENARIO = """id: sc-3307-wortlaut-online
titel: Wortlaut der Frage nach dem Online-Antrag
leitfaden: SC 3.307
kanal: sc3
datum: 2020-04-01
ausgangslage:
  kunde: {kundennummer: 955A200199, vorname: Ria, nachname: Berg, geburtsdatum: 1980-05-17,
          wohnort_agentur: Berlin Mitte, betreuung: av, status: arbeitsuchend}
  step: {konto: true, sicherheitsstufe: basis}
antworten: {identitaet_geprueft: true, antrag_online_gewuenscht: true, erhoehung_sicherheitsstufe: eid}
erwartet: {ergebnis: hinweis_sicherheitsstufe}
"""


def _paket(autor: Any, e: Any) -> Any:
    """Das Paket mit dem Entwurf, das Tor bestanden (ein Szenario deckt die geänderte Frage)."""
    szenario_speichern(autor, SZENARIO)
    p = paket_mit(autor, e)
    tor = tor_laufen_lassen(autor, p.pk)
    assert tor["ok"], {k: v for k, v in tor.items() if k != "szenarien"}
    return paket_einreichen(autor, p.pk)


def _entwurf(autor: Any, wortlaut: str = NEU) -> tuple[Any, Any]:
    e = entwurf_beginnen(autor, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                         stand=dt.date(2020, 4, 1))
    alt = schritt_lesen(e.text, "online")
    text = schritt_ersetzen(e.text, "online", einordnen({**alt, "frage": wortlaut}, list(alt)))
    return entwurf_speichern(autor, e.pk, katalog_aus_datenbank(), text=text, version=e.version)


def _bis_zur_erhoehung(client: Client, kunde: str) -> tuple[str, str, str]:
    """SC 3.307 bis zur Frage nach der Sicherheitsstufe: (Adresse, Seite mit der Frage „online“, Seite danach)."""
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.307", "kundennummer": kunde})["Location"])
    online = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX)  # type: ignore[arg-type]
    danach = client.post(f"{ort}antwort/", {"fakt": "antrag_online_gewuenscht", "wert": "ja"}, **HTMX)  # type: ignore[arg-type]
    return ort, html.unescape(online.content.decode()), html.unescape(danach.content.decode())


def test_neuer_wortlaut_gilt_in_seiner_fassung_und_nur_dort(db_katalog: None, benutzer: Callable[..., Any],
                                                             kunde: str, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor, pruefer, agentin = benutzer("redaktion"), benutzer("freigabe"), benutzer("agent_sc3")
    e, pruefung = _entwurf(autor)
    assert pruefung.befunde == [] and e.befunde == []
    assert f'    frage: "{NEU}"\n' in e.text                     # an seinem Platz nach dem Fakt, zitiert

    paket_freigeben(pruefer, _paket(autor, e).pk, gueltig_ab=dt.date(2020, 4, 15))

    # Diff: bisher die Beschriftung des Fakts, jetzt der Wortlaut — in der Tabelle wie im Text.
    k = katalog_aus_datenbank()
    alt, neu = k.fassung("SC 3.307@2020-03-20"), k.fassung("SC 3.307@2020-04-01")
    d = diff(alt, neu)
    felder = [z for s in diff_lesbar(d, k, code=lesbar.code) for z in s.felder]
    assert [(z.pfad, z.name, z.art, z.alt, z.neu) for z in felder if z.pfad == "frage"] == [
        ("frage", "Wortlaut der Frage", WORTLAUT, LABEL, NEU)]
    assert f"    frage: {LABEL}  →  {NEU}" in diff_text(k, alt, neu).splitlines()

    # Änderungshinweis an die Beschäftigten ab dem Gültigkeitstag: bisher → jetzt.
    hinweise = offene_hinweise(agentin, dt.date(2020, 4, 15))
    assert len(hinweise) == 1
    assert f"Frage „{LABEL}“ lautet jetzt „{NEU}“." in hinweise[0].text.splitlines()       # Hinweis an die Beschäftigten

    # Vor dem Gültigkeitstag: die alte Fassung, die Überschrift aus dem Vokabular (eine Kollegin, ein eigener Kontakt).
    settings.KUNDENPORTAL_STICHTAG = "2020-04-14"
    client = Client()
    client.force_login(benutzer("agent_sc3", "kollegin"))
    _, seite, _ = _bis_zur_erhoehung(client, kunde)
    assert f'<h2 id="frage-titel" tabindex="-1">{LABEL}</h2>' in seite and NEU not in seite

    # Ab dem Gültigkeitstag: der Wortlaut der neuen Fassung — als Überschrift, im Weg und im Vermerk.
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    client = Client()
    client.force_login(agentin)
    ort, seite, danach = _bis_zur_erhoehung(client, kunde)
    assert f'<h2 id="frage-titel" tabindex="-1">{NEU}</h2>' in seite and LABEL not in seite
    assert NEU in danach and LABEL not in danach                           # der Weg nennt die beantwortete Frage
    client.post(f"{ort}antwort/", {"fakt": "erhoehung_sicherheitsstufe", "wert": "eid"}, **HTMX)  # type: ignore[arg-type]
    ende = html.unescape(client.get(ort).content.decode())
    assert f"{NEU} ja" in ende and LABEL not in ende                        # der vorgeschlagene Vermerk
    kontakt = Kontakt.objects.get(pk=ort.strip("/").rsplit("/", 1)[1])
    assert client.post(f"{ort}abschliessen/", {"vermerk": f"{NEU} ja"}).status_code == 302
    kontakt.refresh_from_db()
    assert Punkt("Frage", NEU, "ja") in pfad(kontakt).punkte               # die QS sieht denselben Wortlaut

    # Der Katalog: die Seite der Fassung nennt den Wortlaut, der Vergleich bisher → jetzt.
    fassung = html.unescape(client.get("/katalog/SC%203.307/2020-04-01/").content.decode())
    assert f"Frage (Wortlaut dieser Fassung): „{NEU}“" in fassung
    vergleich = html.unescape(client.get("/katalog/SC%203.307/diff/?alt=2020-03-20&neu=2020-04-01").content.decode())
    assert f"Wortlaut der Frage</td><td class=\"kern-table__cell\"><del>{LABEL}</del></td>" in vergleich
    assert f"<ins>{NEU}</ins>" in vergleich

    # Die alte Fassung liest weiter wie damals (ihr Vermerk, ihre Bytes).
    assert Katalogdatei.objects.get(pfad=BASIS).inhalt_hash == alt.inhalt_hash


def test_ungueltiger_wortlaut_ist_ein_befund_am_feld(db_katalog: None, benutzer: Callable[..., Any]) -> None:
    autor = benutzer("redaktion")
    _, pruefung = _entwurf(autor, "Seit {datum} online?")
    assert [(b.feld, b.meldung.split(" (")[0]) for b in pruefung.befunde] == [("schritte.2.frage", "ohne Platzhalter")]
    _, pruefung = _entwurf(autor, "x" * 201)
    assert [b.meldung for b in pruefung.befunde] == ["höchstens 200 Zeichen, eingegeben sind 201 — bitte kürzen"]


def test_zurueckgewiesenes_paket_aendert_nichts_am_gespraech(db_katalog: None, benutzer: Callable[..., Any],
                                                             kunde: str, settings: Any) -> None:
    """Erst die Freigabe macht den Wortlaut wirksam: ein zurückgewiesenes Paket lässt die Beschriftung stehen."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor, pruefer, agentin = benutzer("redaktion"), benutzer("freigabe"), benutzer("agent_sc3")
    e, _ = _entwurf(autor)
    paket_zurueckweisen(pruefer, _paket(autor, e).pk, "Wortlaut noch abstimmen.")
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    client = Client()
    client.force_login(agentin)
    _, seite, _ = _bis_zur_erhoehung(client, kunde)
    assert f'<h2 id="frage-titel" tabindex="-1">{LABEL}</h2>' in seite
