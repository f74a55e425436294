"""Die Tageszahlen der Anlagen 5 und 7 bleiben richtig: ein spät committeter Kontakt wird nachgezählt, und
nach den Löschfristen zählt ein Tag weder doppelt noch zu wenig (Gelöscht-Zähler)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Sum

from kundenportal.betrieb.loeschfristen import loeschen
from kundenportal.fuehrung.kennzahlen import Zeitraum, anlage5
from kundenportal.fuehrung.kennzahlen_zeit import BERLIN
from kundenportal.fuehrung.models import GeloeschteKontakte, Tageszahl
from kundenportal.fuehrung.verdichtung import verdichten, vor_dem_loeschen
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs.models import Bewertung, Stichprobe

pytestmark = pytest.mark.django_db
TAG = dt.date(2020, 3, 24)


def _kontakt(user: Any, tag: dt.date = TAG, ergebnis: str = "termin_abgesagt", stunde: int = 9) -> Kontakt:
    ende = dt.datetime.combine(tag, dt.time(stunde), BERLIN)
    k = Kontakt.objects.create(user=user, kanal="sc3", standort="Nürnberg", leitfaden="SC 3.003",
                               stand=dt.date(2020, 3, 20), weisung="202003006", lauf={}, vermerk="Vermerk",
                               status=Kontakt.ABGESCHLOSSEN, ergebnis=ergebnis, abgeschlossen=ende)
    Kontakt.objects.filter(pk=k.pk).update(begonnen=ende - dt.timedelta(minutes=6))
    return k


def _am_tag(tag: dt.date = TAG) -> int:
    verdichten()
    return int(Tageszahl.objects.filter(tag=tag).aggregate(n=Sum("anzahl"))["n"] or 0)


def test_spaet_committeter_kontakt_wird_nachgezaehlt(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    erster = _kontakt(agent)
    assert _am_tag() == 1
    spaet = _kontakt(agent, stunde=10)
    # gespeichert vor dem ersten, sichtbar erst nach der letzten Verdichtung (späterer Commit)
    Kontakt.objects.filter(pk=spaet.pk).update(geaendert=Kontakt.objects.get(pk=erster.pk).geaendert
                                               - dt.timedelta(seconds=1))
    assert _am_tag() == 2
    assert _am_tag() == 2                                   # erneut verdichtet: nie doppelt
    dauer = Tageszahl.objects.filter(tag=TAG).aggregate(s=Sum("dauer_sekunden"))["s"]
    assert dauer == 2 * 6 * 60


def test_nach_den_loeschfristen_bleiben_die_tageszahlen(benutzer: Callable[..., Any], settings: Any) -> None:
    settings.LOESCHFRISTEN = {**settings.LOESCHFRISTEN, "kontakte": 30, "qs": 365}
    agent, tl = benutzer("agent_sc3"), benutzer("teamleitung", "tl-verdichtung")
    for ergebnis in ("termin_abgesagt", "termin_abgesagt", "termin_verschoben"):
        _kontakt(agent, ergebnis=ergebnis)
    gehalten = _kontakt(agent, ergebnis="termin_gebucht")     # hält eine junge QS-Stichprobe
    s = Stichprobe.objects.create(user=tl, standort="Nürnberg", von=TAG, bis=TAG,
                                  gezogen=dt.datetime(2020, 5, 20, tzinfo=dt.UTC))
    Bewertung.objects.create(stichprobe=s, kontakt=gehalten, nummer=1)
    # nicht vorher verdichtet: der Haken der Löschfristen zählt, bevor er löscht
    posten = {p.art: p.anzahl for p in loeschen(dt.datetime(2020, 6, 1, tzinfo=dt.UTC))}
    assert posten["kontakte"] == 3 and Kontakt.objects.count() == 1
    assert GeloeschteKontakte.objects.aggregate(n=Sum("anzahl"))["n"] == 3
    assert _am_tag() == 4
    gehalten.vermerk = "Vermerk ergänzt"                      # ein übriger Kontakt des Tages ändert sich
    gehalten.save()
    assert _am_tag() == 4                                     # neu gezählt: übrige + gelöschte, nicht 1
    loeschen(dt.datetime(2020, 6, 1, tzinfo=dt.UTC))           # nichts mehr fällig: nichts doppelt
    assert _am_tag() == 4
    b = anlage5(Zeitraum(TAG, TAG, "Nürnberg"))
    kontakte = next(z for z in b.zeilen if z.kennzahl == "kontakte_je_anliegen").werte
    assert kontakte[3] == 4.0
    absagen = next(z for z in b.zeilen if z.kennzahl == "terminabsagen").werte
    assert absagen[3] == pytest.approx(100 * 2 / 3, abs=0.1)  # 2 von 3 Terminkontakten „abgesagt“ (gebucht zählt nicht)


def test_haken_ohne_kontakte_tut_nichts(db: Any) -> None:
    assert vor_dem_loeschen([]) == 0 and not GeloeschteKontakte.objects.exists()
