"""Die Demodaten der Führungsprozesse sind echte Gespräche (Sitzung über die gepinnte Fassung, Weg aus
Antworten und erledigten Aufträgen) und bringen eine bewertete QS-Stichprobe März 2020 mit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from kundenportal.fuehrung.demo import STANDORTE, demo_kontakte_anlegen
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.qs.models import Bewertung, Kalibrierung, Stichprobe
from kundenportal.verdrahtung import katalog

pytestmark = pytest.mark.django_db


def test_jeder_demokontakt_ist_ein_gespraech_auf_der_geltenden_fassung(db: Any) -> None:
    assert demo_kontakte_anlegen(anzahl=120) > 110
    k = katalog()
    kontakte = list(Kontakt.objects.all())
    assert {x.standort for x in kontakte} == set(STANDORTE)
    for kontakt in kontakte:
        lauf = Lauf.aus_json(kontakt.lauf)
        assert lauf.ergebnis == kontakt.ergebnis and lauf.antworten, kontakt.pk
        fassung = k.fassung(lauf.fassung)
        assert (fassung.leitfaden_id, fassung.stand) == (kontakt.leitfaden, kontakt.stand)
        assert kontakt.abgeschlossen is not None
        tag = kontakt.abgeschlossen.date()
        assert fassung.gueltig_ab <= tag and (fassung.gueltig_bis is None or tag <= fassung.gueltig_bis)
        assert kontakt.vermerk and kontakt.begonnen < kontakt.abgeschlossen
    assert {x.stand for x in kontakte} >= {dt.date(2019, 12, 20), dt.date(2020, 3, 20)}


def test_qs_stichprobe_maerz_ist_bewertet_und_kalibriert(db: Any) -> None:
    demo_kontakte_anlegen(anzahl=200)
    s = Stichprobe.objects.get()
    assert (s.standort, s.monat, s.plan) == ("Nürnberg", dt.date(2020, 3, 1), "2.2.6@2020-03-20")
    bewertungen = Bewertung.objects.filter(stichprobe=s)
    assert bewertungen.count() > 0 and not bewertungen.filter(bewertet__isnull=True).exists()
    assert bewertungen.filter(freigegeben__isnull=False).exists()
    assert any(b.vorschlag for b in bewertungen)            # vorbewertet aus dem aufgezeichneten Weg
    # zwei Kontakte von drei Teamleitungen kalibriert (vollständig nach 2.2.6), einer erst von zweien
    je_bewertung = Counter(Kalibrierung.objects.filter(bewertung__stichprobe=s).values_list("bewertung", flat=True))
    assert sorted(je_bewertung.values()) == [1, 2, 2][-min(3, bewertungen.count()):]
    assert demo_kontakte_anlegen(anzahl=200) == 0 and Stichprobe.objects.count() == 1
