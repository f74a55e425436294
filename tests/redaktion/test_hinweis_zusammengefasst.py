"""Rundgang Familienkasse: folgen zwei Fassungen schnell aufeinander (FK 4.406 und SC 3.004a am 07.12. und
08.12.2026), sah eine Beschäftigte, die den Hinweis vom 07.12. nicht bestätigt hatte, nur den vom 08.12.: die neue
Frage vom 07.12. erfuhr sie nie, und sie las „Entfällt: …“ zu Prüfungen, die es nur einen Tag gab. Jetzt sieht sie je
Leitfaden weiter EINEN Hinweis — mit der Zusammenfassung seit der Fassung vor dem ältesten unbestätigten; „Gelesen“
bestätigt die ganze Kette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client

from kundenportal.leitfaden.diff import diff
from kundenportal.redaktion import hinweise as modul
from kundenportal.redaktion.hinweise import lesestand, offene_eintraege, offene_hinweise, zusammenfassung
from kundenportal.redaktion.klartext import klartext
from kundenportal.redaktion.models import Aenderungshinweis, Lesebestaetigung, Protokolleintrag
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.hinweise import hinweis_bestaetigen
from tests.conftest import CONTENT
from tests.fixtures_katalog import katalog_veroeffentlicht

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
AM_7, AM_8, AM_9 = dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 9)
FRAGE = "„Mitgeteilte Änderung (wer wechselt ab wann zu welchem Arbeitgeber)“"


@pytest.fixture
def kette(db: Any, settings: Any) -> Iterator[None]:
    """Der Katalog aus content/, importiert am 06.12.2026 (mit den Hinweisen ab 07.12.); heute ist der 08.12.2026."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-06"
    with katalog_veroeffentlicht(CONTENT):
        settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
        zusammenfassung.cache_clear()
        yield
    zusammenfassung.cache_clear()


def _hinweis(leitfaden_id: str, tag: dt.date) -> Aenderungshinweis:
    return Aenderungshinweis.objects.get(leitfaden_id=leitfaden_id, gilt_ab=tag)


def _klartext(leitfaden_id: str, alt: str, neu: str) -> str:
    k = katalog_aus_datenbank()
    return klartext(k.leitfaeden[leitfaden_id].kopf.titel,
                    diff(k.fassung(f"{leitfaden_id}@{alt}"), k.fassung(f"{leitfaden_id}@{neu}")), k)


def test_ohne_bestaetigung_ein_hinweis_mit_der_frage_vom_07_12(kette: None, benutzer: Benutzer) -> None:
    agent = benutzer("agent_scfk", "fk")
    assert [h.gilt_ab for h in offene_hinweise(agent, AM_8, "FK 4.406")] == [AM_8]     # weiter nur einer
    [e] = offene_eintraege(agent, AM_8, "FK 4.406")
    assert e.hinweis == _hinweis("FK 4.406", AM_8) and e.frueher == (_hinweis("FK 4.406", AM_7),)
    assert e.zusammengefasst == ("Zusammengefasst seit der Fassung vom 20.03.2020 (den Hinweis vom 07.12.2026 haben "
                                 "Sie nicht bestätigt).")
    assert e.ab == AM_7
    assert e.text == _klartext("FK 4.406", "2020-03-20", "2026-12-08")
    assert e.text.splitlines()[0] == f"Neue Frage nach der Antwort „Änderung mitteilen“: {FRAGE}."
    assert "Neuer Abschluss: „An die Familienkasse Direktion abgegeben“." in e.text
    assert FRAGE not in e.hinweis.text                                  # der Hinweis vom 08.12. allein nennt sie nicht


def test_kein_entfaellt_fuer_schritte_die_es_nur_einen_tag_gab(kette: None, benutzer: Benutzer) -> None:
    agent = benutzer("agent_sc3", "sc")
    [e] = offene_eintraege(agent, AM_8, "SC 3.004a")
    eigen = e.hinweis.text
    assert "Entfällt: Prüfung „ATV: Hat der Kunde geplante Termine?“." in eigen
    assert e.text == _klartext("SC 3.004a", "2020-03-23", "2026-12-08")
    assert "Entfällt" not in e.text
    assert "Neue Prüfung im System: „ATV: Hat der Kunde geplante Termine im AU-Zeitraum? Sie werden abgesagt.“." in e.text
    assert "Fassung vom 23.03.2020" in e.zusammengefasst


def test_wer_den_07_12_bestaetigt_hat_liest_genau_den_08_12(kette: None, benutzer: Benutzer, settings: Any) -> None:
    agent = benutzer("agent_scfk", "fk")
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    [e7] = offene_eintraege(agent, AM_7, "FK 4.406")             # am 07.12.: der 08.12. ist noch nicht zu sehen
    assert e7.hinweis.gilt_ab == AM_7 and not e7.frueher and e7.text == e7.hinweis.text
    hinweis_bestaetigen(agent, e7.hinweis.pk)
    settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
    [e8] = offene_eintraege(agent, AM_8, "FK 4.406")
    assert e8.text == _hinweis("FK 4.406", AM_8).text and e8.frueher == () and e8.zusammengefasst == ""


def test_drei_fassungen_die_kette_geht_bis_zur_ersten_bestaetigung(kette: None, benutzer: Benutzer,
                                                                   settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-09"
    keiner, einer = benutzer("agent_sc3", "keiner"), benutzer("agent_sc3", "einer")
    Lesebestaetigung.objects.create(hinweis=_hinweis("SC 3.004a", AM_7), user=einer, zeit=dt.datetime.now(dt.UTC))
    [e] = offene_eintraege(keiner, AM_9, "SC 3.004a")
    assert e.zusammengefasst == ("Zusammengefasst seit der Fassung vom 23.03.2020 (die Hinweise vom 07.12.2026 und "
                                 "08.12.2026 haben Sie nicht bestätigt).")
    assert e.text == _klartext("SC 3.004a", "2020-03-23", "2026-12-09")
    [e] = offene_eintraege(einer, AM_9, "SC 3.004a")
    assert e.frueher == (_hinweis("SC 3.004a", AM_8),) and e.text == _klartext("SC 3.004a", "2026-12-07", "2026-12-09")


def test_gelesen_bestaetigt_die_kette_und_den_lesestand(kette: None, benutzer: Benutzer) -> None:
    agent = benutzer("agent_scfk", "fk")
    h7, h8 = _hinweis("FK 4.406", AM_7), _hinweis("FK 4.406", AM_8)
    client = Client()
    client.force_login(agent)
    seite = client.get("/arbeitsplatz/").content.decode()
    assert "Zusammengefasst seit der Fassung vom 20.03.2020 (den Hinweis vom 07.12.2026 haben Sie nicht" in seite
    assert "FK 4.406 – neu seit 07.12.2026" in seite
    assert client.post(f"/redaktion/hinweise/{h8.pk}/gelesen/").status_code == 302
    assert set(Lesebestaetigung.objects.filter(user=agent).values_list("hinweis__gilt_ab", "hinweis__leitfaden_id")) \
        == {(AM_7, "FK 4.406"), (AM_8, "FK 4.406")}
    assert Protokolleintrag.objects.filter(aktion="hinweis_gelesen").count() == 2
    assert offene_eintraege(agent, AM_8, "FK 4.406") == []
    assert "FK 4.406 – neu seit" not in client.get("/arbeitsplatz/").content.decode()
    # Teamleitung: bestätigt beim geltenden Hinweis und — an seinem Tag — beim abgelösten
    assert lesestand(h8, "Nürnberg", AM_8) == ([agent], [])
    assert lesestand(h7, "Nürnberg", AM_7) == ([agent], [])
    hinweis_bestaetigen(agent, h8.pk)                                         # ein zweites Mal: nichts Neues
    assert Lesebestaetigung.objects.filter(user=agent).count() == 2


def test_zusammenfassung_wird_einmal_gerechnet(kette: None, benutzer: Benutzer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    aufrufe = {"diff": 0, "klartext": 0}

    def zaehlen(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def gezaehlt(*args: Any, **kwargs: Any) -> Any:
            aufrufe[name] += 1
            return f(*args, **kwargs)
        return gezaehlt

    monkeypatch.setattr(modul, "diff", zaehlen("diff", modul.diff))
    monkeypatch.setattr(modul, "klartext", zaehlen("klartext", modul.klartext))
    erste, zweite = benutzer("agent_scfk", "a"), benutzer("agent_scfk", "b")
    texte = [e.text for e in offene_eintraege(erste, AM_8, "FK 4.406")]
    assert aufrufe == {"diff": 1, "klartext": 1}
    assert [e.text for e in offene_eintraege(erste, AM_8, "FK 4.406")] == texte
    assert [e.text for e in offene_eintraege(zweite, AM_8, "FK 4.406")] == texte
    assert aufrufe == {"diff": 1, "klartext": 1}


def test_im_gespraech_nur_eine_ueberschrift(kette: None, benutzer: Benutzer) -> None:
    """Rundgang: „Neu seit 08.12.2026“ stand im Gespräch FK 4.404 zweimal übereinander (Bereich und Hinweis)."""
    agent = benutzer("agent_scfk", "fk")
    html = Template("{% load redaktion %}{% aenderungshinweise user 'FK 4.404' %}").render(Context({"user": agent}))
    assert html.count("Neu seit 08.12.2026") == 1 and "FK 4.404 – neu seit" not in html
    assert '<h2 class="kern-title" id="hinweis-' in html and "<h3" not in html
