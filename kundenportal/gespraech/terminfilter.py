"""Freie Termine filtern — nach Agentur und Tag (issue 5, Punkt 5: „die nächsten zehn, filterbar nach
Agentur und Tag“).

Eine Frage, deren Optionen aus der Quelle `freie_termine` kommen, bietet die nächsten zehn freien
Zeitfenster an. Der Filter liest sie neu: ab einem Tag (Parameter `ab_tag` der Quelle) und — wenn die
Agentur eine frühere Antwort ist (`agentur: "=wunschagentur"`) — für eine andere Agentur. Das Filtern
liest nur; der Lauf bleibt, wie er ist.

Wählt die Beschäftigte ein Zeitfenster einer anderen Agentur, ändert `termin_waehlen` zuerst die
Agentur-Antwort (die Engine prüft sie wie jede Antwort, bei der BBiE den Verbund der Wohnortagentur,
Weisung 202003006, 2.1) und wählt dann den Termin — beides in einer Transaktion: lehnt das ATV den
Termin ab, bleibt auch die Agentur unverändert."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kundenportal.fachverfahren.registry import systeme
from kundenportal.katalog.queries import katalog
from kundenportal.leitfaden.auftraege import QUELLEN
from kundenportal.leitfaden.engine import Zug, naechstes, parameter_auswerten, umgebung
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Frage

from . import services
from .ansicht import QUELLE_FREIE_TERMINE, Ansicht, Terminfilter, vorgabe
from .fehler import GespraechFehler
from .models import Kontakt


def _agentur_ablehnung(lauf: Lauf, zug: Zug, fakt: str, agentur: str, kontakt: Kontakt) -> str | None:
    """Würde die Engine `agentur` als Antwort auf die Frage `fakt` annehmen? Fragt dieselbe Quelle ab,
    die die Frage anbietet (z. B. `bbie_agenturen`), ohne etwas zu ändern."""
    station = next((s for s in zug.weg if isinstance(s.schritt, Frage) and s.schritt.fakt == fakt), None)
    if station is None or not isinstance(station.schritt, Frage) or station.schritt.optionen_aus is None:
        return None
    quelle = QUELLEN[station.schritt.optionen_aus.quelle]
    werte = {k: v for k, v in station.werte.items() if k != fakt}
    p = parameter_auswerten(umgebung(katalog()), station.schritt.optionen_aus.parameter, werte)
    kontext = services.kontext_fuer(kontakt, lauf)
    if quelle.ablehnung is not None:
        return quelle.ablehnung(systeme(), kontext, p, agentur)
    if agentur not in [o.wert for o in quelle.optionen(systeme(), kontext, p)]:
        return f"{agentur} ist keine der angebotenen Agenturen"
    return None


def termine_filtern(kontakt: Kontakt, agentur: str, tag: dt.date | None) -> tuple[Terminfilter, list[Any]] | None:
    """Die freien Zeitfenster der anstehenden Terminfrage für `agentur` ab `tag` (leer: wie bisher),
    als (Filter, Optionen der Quelle). None, wenn keine Terminfrage ansteht. Liest nur."""
    if kontakt.status != Kontakt.OFFEN:
        return None
    k = katalog()
    lauf = Lauf.aus_json(kontakt.lauf)
    zug = naechstes(k, lauf)
    f = vorgabe(k, zug, lauf.antworten)
    if f is None:
        return None
    p = dict(zug.parameter)
    agentur = agentur.strip()
    if agentur and agentur != f.agentur:
        grund = ("Bei dieser Frage ist die Agentur fest: " + (f.agentur or "Cluster-Kalender") + "."
                 if not f.agentur_fakt else _agentur_ablehnung(lauf, zug, f.agentur_fakt, agentur, kontakt))
        if grund:
            f.fehler, f.fehler_feld, f.eingabe = f"Agentur {agentur} nicht möglich: {grund}", "agentur", agentur
            return f, list(zug.optionen or [])
        p["agentur"] = f.agentur = agentur
    if tag is not None:
        p["ab_tag"] = f.tag = tag
    optionen = QUELLEN[QUELLE_FREIE_TERMINE].optionen(systeme(), services.kontext_fuer(kontakt, lauf), p)
    return f, optionen


def termin_waehlen(user: Any, kontakt: Kontakt, fakt: str, agentur: str, wert: Any) -> Ansicht:
    """Beantwortet die Terminfrage `fakt` mit `wert` im Kalender von `agentur`. Ist das eine andere
    Agentur als bisher, wird zuerst die Agentur-Antwort geändert (Zurück und neu beantworten) — dann
    alles oder nichts in einer Transaktion: GespraechFehler mit deutscher Meldung, und die Agentur bleibt.
    Sonst ist es eine gewöhnliche Antwort (services.kontakt_beantworten)."""
    k = katalog()
    lauf = Lauf.aus_json(Kontakt.objects.get(pk=kontakt.pk).lauf)
    zug = naechstes(k, lauf)
    f = vorgabe(k, zug, lauf.antworten)
    agentur = agentur.strip()
    if f is None or zug.fakt != fakt or not agentur or agentur == f.agentur:
        return services.kontakt_beantworten(user, kontakt, fakt, wert)
    if not f.agentur_fakt:
        raise GespraechFehler("agentur_fest", f"Bei dieser Frage ist die Agentur fest: {f.agentur}.")
    with transaction.atomic():
        services.kontakt_zurueck(user, kontakt, f.agentur_fakt)
        services.kontakt_beantworten(user, kontakt, f.agentur_fakt, agentur)
        return services.kontakt_beantworten(user, kontakt, fakt, wert)
