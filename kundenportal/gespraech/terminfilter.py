"""Freie Termine filtern — nach Agentur und Tag („die nächsten zehn, filterbar nach Agentur und Tag“,
Weisung 202003006, 2.2 a) 2).

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

from kundenportal.konten import zugriff
from kundenportal.leitfaden.auftraege import Option

from . import services
from .ansicht import Ansicht, Terminfilter, Wahl, formwert, vorgabe
from .fehler import Abgelehnt, KeinZugriff
from .forms import TerminFilter
from .models import Kontakt


def termine_filtern(kontakt: Kontakt, agentur: str, tag: dt.date | None) -> tuple[Terminfilter, list[Option]] | None:
    """Die freien Zeitfenster der anstehenden Terminfrage für `agentur` ab `tag` (leer: wie bisher),
    als (Filter, Optionen der Quelle). None, wenn keine Terminfrage ansteht. Liest nur."""
    if kontakt.status != Kontakt.OFFEN:
        return None
    sitzung = services.sitzung(kontakt)
    zug = sitzung.stand()
    f = vorgabe(sitzung.katalog, zug, sitzung.lauf.antworten)
    if f is None:
        return None
    filter: dict[str, Any] = {}
    agentur = agentur.strip()
    if agentur and agentur != f.agentur:
        # Würde die Engine `agentur` als Antwort auf die Agentur-Frage annehmen (BBiE: Verbund, A8)?
        grund = ("Bei dieser Frage ist die Agentur fest: " + (f.agentur or "Cluster-Kalender") + "."
                 if not f.agentur_fakt else sitzung.antwort_pruefen(f.agentur_fakt, agentur))
        if grund:
            f.fehler, f.fehler_feld, f.eingabe = f"Agentur {agentur} nicht möglich: {grund}", "agentur", agentur
            return f, list(zug.optionen or [])
        filter["agentur"] = f.agentur = agentur
    if tag is not None:
        filter["ab_tag"] = f.tag = tag
    return f, sitzung.optionen(**filter)


def termin_waehlen(user: Any, kontakt: Kontakt, fakt: str, agentur: str, wert: Any, *,
                   historie: bool = False) -> Ansicht:
    """Beantwortet die Terminfrage `fakt` mit `wert` im Kalender von `agentur`. Ist das eine andere
    Agentur als bisher, wird zuerst die Agentur-Antwort geändert (Zurück und neu beantworten) — dann
    alles oder nichts in einer Transaktion: GespraechFehler mit deutscher Meldung, und die Agentur bleibt.
    Sonst ist es eine gewöhnliche Antwort (services.kontakt_beantworten). `historie` wie dort."""
    gelesen = Kontakt.objects.select_related("user").get(pk=kontakt.pk)
    if not zugriff.darf_kontakt_bearbeiten(user, gelesen):       # Rechte zuerst: Fremde erfahren nichts
        raise KeinZugriff("Diesen Kontakt führt eine andere Person; Sie können ihn nicht bearbeiten.")
    sitzung = services.sitzung(gelesen)
    zug = sitzung.stand()
    f = vorgabe(sitzung.katalog, zug, sitzung.lauf.antworten)
    agentur = agentur.strip()
    if f is None or zug.fakt != fakt or not agentur or agentur == f.agentur:
        return services.kontakt_beantworten(user, kontakt, fakt, wert, historie=historie)
    if not f.agentur_fakt:
        raise Abgelehnt("agentur_fest", f"Bei dieser Frage ist die Agentur fest: {f.agentur}.")
    with transaction.atomic():
        services.kontakt_zurueck(user, kontakt, f.agentur_fakt)
        services.kontakt_beantworten(user, kontakt, f.agentur_fakt, agentur)
        return services.kontakt_beantworten(user, kontakt, fakt, wert, historie=historie)


def filter_anwenden(kontakt: Kontakt, ansicht: Ansicht, daten: Any) -> None:
    """Der Filter einer Seite (GET-Daten `daten`: agentur, tag) auf die Terminfrage der `ansicht`: freie Termine neu
    lesen (nur lesen); ein Fehler steht am Filterfeld, der abgelehnte Tag bleibt darin. Für die Gesprächsseite wie
    für eine Seite, die den Gesprächsbereich einbettet (die Mail in der E-Mail-Bearbeitung)."""
    assert ansicht.terminfilter is not None
    form = TerminFilter(daten)
    if not form.is_valid():
        ansicht.terminfilter.fehler, ansicht.terminfilter.fehler_feld = str(form.errors["tag"][0]), "tag"
        ansicht.terminfilter.tag_eingabe = str(form.data.get("tag", ""))[:10]   # bleibt im Feld (ein Datum)
        return
    ergebnis = termine_filtern(kontakt, form.cleaned_data["agentur"], form.cleaned_data["tag"])
    if ergebnis is not None:
        ansicht.terminfilter = ergebnis[0]
        ansicht.optionen = [Wahl(formwert(o.wert), o.label) for o in ergebnis[1]]
