"""Stichprobe: Umfang, Standort, Zeitraum, Leitfaden; wiederholbar mit Seed; ein Kontakt nur einmal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import services
from kundenportal.qs.models import Stichprobe

pytestmark = pytest.mark.django_db


def _ziehen(user: Any, **mehr: Any) -> Stichprobe:
    return services.stichprobe_ziehen(user, heute=zeit.heute(), jetzt=zeit.jetzt(), **mehr)


def _kontakte(s: Stichprobe) -> set[Any]:
    return set(s.bewertungen.values_list("kontakt_id", flat=True))


def test_stichprobe_zieht_n_kontakte_nur_am_eigenen_standort(kontakt_abschliessen: Callable[..., Kontakt],
                                                            benutzer: Callable[..., Any]) -> None:
    nuernberg = {kontakt_abschliessen(i % 2 == 0).pk for i in range(7)}
    koeln = kontakt_abschliessen(standort="Köln")
    s = _ziehen(benutzer("teamleitung"), seed=1)
    assert s.standort == "Nürnberg" and s.bewertungen.count() == 5
    assert _kontakte(s) <= nuernberg and koeln.pk not in _kontakte(s)
    assert [b.nummer for b in s.bewertungen.all()] == [1, 2, 3, 4, 5]


def test_gleicher_seed_gleiche_stichprobe_und_kein_kontakt_zweimal(kontakt_abschliessen: Callable[..., Kontakt],
                                                                  benutzer: Callable[..., Any]) -> None:
    for _ in range(6):
        kontakt_abschliessen()
    tl = benutzer("teamleitung")
    erste = _ziehen(tl, n=3, seed=7)
    zweite = _ziehen(tl, n=5, seed=7)
    assert len(_kontakte(erste)) == 3 and len(_kontakte(zweite)) == 3      # nur die noch nicht gezogenen
    assert not _kontakte(erste) & _kontakte(zweite)


def test_offene_alte_und_fremde_leitfaeden_werden_nicht_gezogen(kontakt_abschliessen: Callable[..., Kontakt],
                                                                benutzer: Callable[..., Any], kunde: str) -> None:
    from kundenportal.gespraech import services as gespraech

    alt = kontakt_abschliessen()
    Kontakt.objects.filter(pk=alt.pk).update(
        abgeschlossen=dt.datetime.combine(zeit.heute() - dt.timedelta(days=20), dt.time(12), zeit.BERLIN))
    gespraech.kontakt_starten(benutzer("agent_sc3", "offen-agent"), "SC 3.003", kunde)   # offen
    neu = kontakt_abschliessen()
    tl = benutzer("teamleitung")
    with pytest.raises(services.QsFehler) as leer:
        _ziehen(tl, tage=14, leitfaden="SC 3.004a")
    assert leer.value.code == "leer"
    assert _kontakte(_ziehen(tl, tage=14)) == {neu.pk}


def test_ohne_standort_und_ohne_rolle_keine_stichprobe(benutzer: Callable[..., Any]) -> None:
    with pytest.raises(services.QsFehler) as fehler:
        _ziehen(benutzer("teamleitung", "tl-ohne", standort=""))
    assert fehler.value.code == "ohne_standort"
    with pytest.raises(services.KeinZugriff) as verboten:
        _ziehen(benutzer("agent_sc3"))
    assert verboten.value.meldung == "Die Qualitätssicherung macht die Teamleitung."
    with pytest.raises(services.QsFehler) as umfang:
        _ziehen(benutzer("teamleitung"), n=0)
    assert umfang.value.meldung == "Umfang 1 bis 50 Kontakte, Zeitraum 1 bis 365 Tage."
