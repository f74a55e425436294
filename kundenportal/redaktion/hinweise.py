"""Lesen der Änderungshinweise: welche eine Beschäftigte sieht und wer einen Hinweis noch nicht bestätigt hat (für
die Teamleitung) — beides nach derselben Regel (`gilt_fuer`).

Ein Hinweis betrifft eine Beschäftigte, wenn ihre Rolle einen Kanal des Leitfadens führt UND die Fassung des
Hinweises heute an ihrem Standort (konten.zugriff.standort_fuer) die geltende ist — die, auf der ihre Gespräche
laufen (gueltigkeit.aufloesen, wie gespraech.services.kontakt_starten). Eine Standortvariante (Geltungsbereich,
Pilotvariante) erreicht so nur die Beschäftigten dort; eine abgelöste Fassung niemanden mehr.

Ohne hinterlegten Standort laufen die Gespräche einer Beschäftigten auf der bundesweiten Fassung (kein Standort
liegt in einem Geltungsbereich, keine Pilotregel greift): sie sieht die Hinweise zu bundesweiten Fassungen, nicht die
zu Standortvarianten — sie sähe sonst eine Änderung, die in ihren Gesprächen nicht vorkommt.

Folgen Fassungen schnell aufeinander (FK 4.406 am 07.12. und 08.12.2026), sieht sie je Leitfaden weiter höchstens EINEN
offenen Hinweis — den der heute geltenden Fassung. Hat sie die Hinweise davor nicht bestätigt, sagt er, was sich seit
der Fassung vor dem ältesten davon geändert hat (`offene_eintraege`, `Eintrag`): sonst erführe sie nie von der Frage
vom 07.12. und läse „Entfällt: …“ zu Schritten, die sie nie gesehen hat. Die Kette (`unbestaetigte_vorgaenger`): die
früheren Hinweise zu derselben Leitfaden-id, vom jüngsten zurück, bis zum ersten, den sie bestätigt hat; ein Hinweis,
dessen Fassung an ihrem Standort an seinem eigenen Tag nicht galt (`gilt_fuer` an `gilt_ab`: die Variante eines
anderen Standorts), gehört nicht zu ihr und wird übersprungen. Die Fassung davor ist die, die an ihrem Standort am Tag
vor dem ältesten Hinweis der Kette galt. „Gelesen“ bestätigt die ganze Kette (services.hinweise)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from kundenportal import zeit
from kundenportal.konten.rollen import ROLLEN
from kundenportal.konten.zugriff import kanaele_fuer, standort_fuer
from kundenportal.leitfaden import geltung_lesbar
from kundenportal.leitfaden.diff import diff
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.weisung import vorgaenger

from .klartext import klartext
from .models import Aenderungshinweis, Lesebestaetigung
from .queries import generation, hinweise_bis, katalog_aus_datenbank


def _kanaele(katalog: Katalog, leitfaden_id: str) -> set[str]:
    lf = katalog.leitfaeden.get(leitfaden_id)
    return set(lf.kopf.kanaele) if lf else set()


def _fassung(katalog: Katalog, hinweis: Aenderungshinweis) -> Fassung | None:
    lf = katalog.leitfaeden.get(hinweis.leitfaden_id)
    stand = hinweis.fassung.stand
    return lf.fassung(stand) if lf is not None and stand is not None else None


def gilt_fuer(katalog: Katalog, hinweis: Aenderungshinweis, standort: str | None, heute: dt.date) -> bool:
    """Ist die Fassung des Hinweises am `heute` in `standort` die geltende (die, auf der Gespräche dort laufen)?"""
    fassung = _fassung(katalog, hinweis)
    if fassung is None:
        return False
    lf = katalog.leitfaeden[hinweis.leitfaden_id]
    geltend = aufloesen(katalog, lf.kopf.variante_von or lf.id, heute, standort)
    return geltend is not None and geltend.schluessel == fassung.schluessel


def betrifft(user: Any, hinweis: Aenderungshinweis, heute: dt.date | None = None) -> bool:
    """Kanal der Rolle UND am Standort der Beschäftigten die geltende Fassung. `heute`: ohne Angabe der Tag nach
    der Uhr des Portals (die Aufrufer an der Grenze: Bestätigen im Browser und in der API)."""
    katalog = katalog_aus_datenbank()
    if not _kanaele(katalog, hinweis.leitfaden_id) & set(kanaele_fuer(user)):
        return False
    return gilt_fuer(katalog, hinweis, standort_fuer(user), heute or zeit.heute())


def offene_hinweise(user: Any, heute: dt.date, leitfaden_id: str = "") -> list[Aenderungshinweis]:
    """Gültige, noch nicht bestätigte Hinweise, die die Beschäftigte betreffen (Kanal und Standort, `betrifft`)."""
    kanaele = set(kanaele_fuer(user))
    if not kanaele:
        return []
    qs = hinweise_bis(heute).exclude(bestaetigungen__user=user).select_related("fassung")
    if leitfaden_id:
        qs = qs.filter(leitfaden_id=leitfaden_id)
    katalog = katalog_aus_datenbank()
    standort = standort_fuer(user)
    return [h for h in qs if _kanaele(katalog, h.leitfaden_id) & kanaele and gilt_fuer(katalog, h, standort, heute)]


@dataclass(frozen=True)
class Eintrag:
    """Ein offener Hinweis, wie die Beschäftigte ihn sieht: `text` ist sein eigener oder — mit unbestätigten
    `frueher`en Hinweisen (älteste zuerst) — die Zusammenfassung seit der Fassung `basis`."""

    hinweis: Aenderungshinweis
    text: str
    frueher: tuple[Aenderungshinweis, ...] = ()
    basis: Fassung | None = None

    @property
    def ab(self) -> dt.date:
        """Neu seit: der Tag des ältesten unbestätigten Hinweises."""
        return self.frueher[0].gilt_ab if self.frueher else self.hinweis.gilt_ab

    @property
    def zusammengefasst(self) -> str:
        """„Zusammengefasst seit der Fassung vom 20.03.2020 (den Hinweis vom 07.12.2026 haben Sie nicht bestätigt).“"""
        if not self.frueher:
            return ""
        tage = [f"{h.gilt_ab:%d.%m.%Y}" for h in self.frueher]
        offen = (f"den Hinweis vom {tage[0]}" if len(tage) == 1
                 else f"die Hinweise vom {', '.join(tage[:-1])} und {tage[-1]}")
        seit = f" seit der Fassung vom {self.basis.stand:%d.%m.%Y}" if self.basis is not None else ""
        return f"Zusammengefasst{seit} ({offen} haben Sie nicht bestätigt)."


def unbestaetigte_vorgaenger(katalog: Katalog, user: Any, hinweis: Aenderungshinweis,
                             standort: str | None) -> list[Aenderungshinweis]:
    """Die früheren, nicht bestätigten Hinweise zum Leitfaden, die `user` an ihrem Standort betrafen, ohne
    Unterbrechung vom jüngsten zurück (älteste zuerst); der erste bestätigte beendet die Kette."""
    kette: list[Aenderungshinweis] = []
    gelesen = set(Lesebestaetigung.objects.filter(user=user, hinweis__leitfaden_id=hinweis.leitfaden_id)
                  .values_list("hinweis_id", flat=True))
    frueher = (hinweise_bis(hinweis.gilt_ab).filter(leitfaden_id=hinweis.leitfaden_id, gilt_ab__lt=hinweis.gilt_ab)
               .select_related("fassung").order_by("-gilt_ab", "-pk"))
    for h in frueher:
        if not gilt_fuer(katalog, h, standort, h.gilt_ab):
            continue                                # die Variante eines anderen Standorts: nie ihr Hinweis
        if h.pk in gelesen:
            break
        kette.append(h)
    return kette[::-1]


def _basis(katalog: Katalog, aeltester: Aenderungshinweis, standort: str | None) -> Fassung | None:
    """Die Fassung vor dem ältesten Hinweis der Kette: am Tag davor an ihrem Standort geltend, sonst die Vorgängerin."""
    lf = katalog.leitfaeden.get(aeltester.leitfaden_id)
    fassung = _fassung(katalog, aeltester)
    if lf is None or fassung is None:
        return None
    davor = aufloesen(katalog, lf.kopf.variante_von or lf.id, aeltester.gilt_ab - dt.timedelta(days=1), standort)
    return davor or vorgaenger(katalog, fassung)


@functools.lru_cache(maxsize=256)
def zusammenfassung(alt: str, alt_hash: str, neu: str, neu_hash: str, nummer: int) -> str:
    """klartext(diff(alt, neu)) zweier Fassungen (Schlüssel und Siegel: Fassungen ändern sich nie), gemerkt im Prozess
    je Paar und Generation des Katalogs (`nummer`: Beschriftungen aus dem Katalog) — der Arbeitsplatz rechnet keinen
    Diff je Anfrage und Beschäftigter."""
    katalog = katalog_aus_datenbank()
    try:
        a, n = katalog.fassung(alt), katalog.fassung(neu)
    except KeyError:
        return ""
    if (a.inhalt_hash, n.inhalt_hash) != (alt_hash, neu_hash):
        return ""
    return klartext(katalog.leitfaeden[n.leitfaden_id].kopf.titel, diff(a, n), katalog)


def eintrag(katalog: Katalog, user: Any, hinweis: Aenderungshinweis, standort: str | None) -> Eintrag:
    """Der Hinweis, wie `user` ihn sieht: sein Text, oder die Zusammenfassung mit den unbestätigten davor."""
    frueher = unbestaetigte_vorgaenger(katalog, user, hinweis, standort)
    neu = _fassung(katalog, hinweis)
    basis = _basis(katalog, frueher[0], standort) if frueher else None
    if not frueher or neu is None or basis is None:
        return Eintrag(hinweis, hinweis.text, tuple(frueher), None)
    text = zusammenfassung(basis.schluessel, basis.inhalt_hash, neu.schluessel, neu.inhalt_hash, generation())
    return Eintrag(hinweis, text or hinweis.text, tuple(frueher), basis)


def offene_eintraege(user: Any, heute: dt.date, leitfaden_id: str = "") -> list[Eintrag]:
    """Die offenen Hinweise (`offene_hinweise`), je mit dem Text, den die Beschäftigte sieht (`eintrag`)."""
    hinweise = offene_hinweise(user, heute, leitfaden_id)
    if not hinweise:
        return []
    katalog, standort = katalog_aus_datenbank(), standort_fuer(user)
    return [eintrag(katalog, user, h, standort) for h in hinweise]


def neu_seit(leitfaden_id: str, heute: dt.date, tage: int = 30, user: Any = None) -> Aenderungshinweis | None:
    """Der jüngste Hinweis zum Leitfaden der letzten `tage` Tage („neu seit 20.03.2020“), der die Beschäftigte
    `user` betrifft (Standort wie `betrifft`). Ohne `user` nur einer zu einer bundesweit geltenden Fassung: ohne
    Standort lässt sich eine Standortvariante niemandem zuschreiben."""
    katalog = katalog_aus_datenbank()
    standort = standort_fuer(user) if user is not None else None
    kandidaten = hinweise_bis(heute).filter(leitfaden_id=leitfaden_id, gilt_ab__gte=heute - dt.timedelta(days=tage)
                                            ).select_related("fassung").order_by("-gilt_ab")
    return next((h for h in kandidaten if gilt_fuer(katalog, h, standort, heute)), None)


@dataclass(frozen=True)
class Lesestand:
    """Ein Hinweis für die Teamleitung: wer ihn bestätigt hat, wer nicht (nur wen er betrifft, `betrifft`), und wo
    die Fassung gilt („nur in Brühl und Fürth“; "" bei einer bundesweiten)."""

    hinweis: Aenderungshinweis
    gelesen: list[Any]
    offen: list[Any]
    geltung: str


def geltung_text(hinweis: Aenderungshinweis, katalog: Katalog | None = None) -> str:
    """„nur in Brühl und Fürth“ für einen Hinweis zu einer Standortvariante, "" für einen zu einer bundesweiten."""
    katalog = katalog or katalog_aus_datenbank()
    fassung = _fassung(katalog, hinweis)
    lf = katalog.leitfaeden.get(hinweis.leitfaden_id)
    if fassung is None or lf is None or not geltung_lesbar.eingeschraenkt(lf, fassung):
        return ""
    return geltung_lesbar.geltung(katalog, lf, fassung)


def lesestand(hinweis: Aenderungshinweis, standort: str | None, heute: dt.date) -> tuple[list[Any], list[Any]]:
    """(bestätigt, offen): die Beschäftigten, die der Hinweis betrifft (Kanal der Rolle und geltende Fassung an ihrem
    Standort, wie `betrifft`) — mit `standort` nur die dort und die ohne hinterlegten Standort."""
    katalog = katalog_aus_datenbank()
    kanaele = _kanaele(katalog, hinweis.leitfaden_id)
    rollen = [r.schluessel for r in ROLLEN.values() if set(r.kanaele) & kanaele]
    nutzer = get_user_model().objects.filter(groups__name__in=rollen, is_active=True).distinct().order_by("username")
    gelesen = set(Lesebestaetigung.objects.filter(hinweis=hinweis).values_list("user_id", flat=True))
    gilt: dict[str | None, bool] = {}
    betroffene = []
    for u in nutzer:
        ort = standort_fuer(u)
        if standort is not None and ort not in (standort, None):
            continue
        if ort not in gilt:
            gilt[ort] = gilt_fuer(katalog, hinweis, ort, heute)
        if gilt[ort]:
            betroffene.append(u)
    return [u for u in betroffene if u.pk in gelesen], [u for u in betroffene if u.pk not in gelesen]


def lesestaende(standort: str | None, heute: dt.date) -> list[Lesestand]:
    """Die gültigen Hinweise (neueste zuerst, höchstens 50) mit ihrem Lesestand für die Teamleitung am `standort`."""
    katalog = katalog_aus_datenbank()
    return [Lesestand(h, *lesestand(h, standort, heute), geltung=geltung_text(h, katalog))
            for h in hinweise_fuer_teamleitung(heute)]


def hinweise_fuer_teamleitung(heute: dt.date) -> list[Aenderungshinweis]:
    return list(hinweise_bis(heute).select_related("fassung").order_by("-gilt_ab")[:50])
