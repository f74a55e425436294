"""Die Kontakte hinter einer Zahl der Anlage 7 lesen (domain.md A12): die Teamleitung sieht „12 Kontakte“ oder
„3 von 7 mit Weg über die Schritte der Regel“ und öffnet, welche Kontakte das sind — mit denselben Grenzen wie
hinter der Anlage 5 (services.kennzahl_kontakte_lesen): nur die Teamleitung, nur Kontakte ihrer Kanäle
(konten.zugriff.kennzahl_kanaele, nur ihr Rechtskreis) und nur zu Regeln, die die Anlage 7 für sie zählt; als
Liste nur ihr eigener Standort, die Kundennummer verborgen; jedes Lesen im Zugriffsprotokoll."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Paginator

from kundenportal.konten import zugriff, zwecke
from kundenportal.konten.services import zugriffe_protokollieren

from . import kontaktliste, regelkontakte, regelmessung
from .kennzahlen import Zeitraum
from .services import KeinZugriff, Kontaktseite, kanaele_text, regel_fuer_teamleitung, zustaendig

_ERNEUT = "bitte die Zahl in der Anlage 7 über ihren Verweis öffnen."


class RegelAuswahlFormular(forms.Form):
    """Welche Zahl der Anlage 7 (Regel, Zahl, Vergleichsgruppe) und welche Seite der Kontakte dahinter; geprüft
    gegen die Anlage in regelkontakte.Regelauswahl."""

    regel = forms.CharField(max_length=20, error_messages={"required": f"Es fehlt die Regel; {_ERNEUT}"})
    zahl = forms.CharField(max_length=20, error_messages={"required": f"Es fehlt die Zahl; {_ERNEUT}"})
    vergleich = forms.CharField(max_length=20, error_messages={     # pilot-ab, andere-vor, alle-ab …
        "required": f"Es fehlt die Vergleichsgruppe; {_ERNEUT}"})
    seite = forms.IntegerField(min_value=1, required=False, error_messages={
        "invalid": "Die Seite ist eine Zahl ab 1.", "min_value": "Die Seite ist eine Zahl ab 1."})

    def fehler(self) -> str:
        return " ".join(str(e) for fehler in self.errors.values() for e in fehler)


@dataclass(frozen=True)
class Regelseite(Kontaktseite):
    """Eine Seite der Kontakte hinter einer Zahl der Anlage 7; dazu, was die Seite über die Zahl sagt."""

    regel_titel: str = ""       # der Titel der Regel in der Weisung
    gruppe: str = ""            # die Vergleichsgruppe in Worten: „Pilotstandorte ab 20.03.2020“


def regel_kontakte_lesen(user: Any, z: Zeitraum, auswahl: regelkontakte.Regelauswahl, seite: int | None) -> Regelseite:
    """Die Kontakte hinter einer Zahl der Anlage 7, seitenweise, nur in den Kanälen von `user` (dieselben, die die
    Anlage 7 für ihn zählt) und an seinem Standort. Je gezeigtem Kontakt ein Eintrag im Zugriffsprotokoll
    (`Regelauswahl.aktion`, Zweck „Frühere Kontakte einsehen“ wie bei der Anlage 5). KeinZugriff ohne Recht oder
    für eine Regel, die andere Kanäle misst; kontaktliste.AuswahlFehler für eine Zahl, die die Anlage nicht zeigt."""
    kanaele = zugriff.kennzahl_kanaele(user)
    if not kanaele:
        raise KeinZugriff("Die Kontakte hinter der Anlage 7 sieht die Teamleitung.")
    messung = auswahl.pruefen(z, regelmessung.regel_messung(z, auswahl.regel))
    if not regel_fuer_teamleitung(user, messung.kanaele):
        raise KeinZugriff(f"Die Regel {auswahl.regel} misst die Anlage 7 an Kontakten der Kanäle "
                          f"{kanaele_text(messung.kanaele)}, nicht Ihrer Kanäle ({kanaele_text(kanaele)}). Die Zahlen "
                          f"und Kontakte dazu sieht {zustaendig(messung.kanaele)}.")
    eigener = zugriff.standort_fuer(user) or ""     # ohne eigenen Standort: keine Zeilen, nur die Zahl
    blatt = Paginator(regelkontakte.regel_kontakte(z, auswahl, messung, kanaele, standort=eigener or "-"),
                      kontaktliste.JE_SEITE).get_page(seite)
    sichtbar = zugriff.qs_bewertungen_sichtbar(user)
    zeilen = [kontaktliste.listenzeile(k, sichtbar, eigener) for k in blatt]
    zugriffe_protokollieren(user, auswahl.aktion, [(k.kundennummer, k.pk) for k in blatt], zweck=zwecke.HISTORIE)
    im_filter = eigener and z.standort in (None, "", eigener)       # der eigene Standort liegt in der Auswahl
    hier = regelkontakte.regel_gezaehlt(dataclasses.replace(z, standort=eigener), auswahl, messung, kanaele) \
        if im_filter else 0
    return Regelseite(zeilen, blatt, regelkontakte.regel_gezaehlt(z, auswahl, messung, kanaele), eigener, hier,
                      regel_titel=messung.titel, gruppe=regelkontakte.regel_vergleiche(z, messung)[auswahl.vergleich])
