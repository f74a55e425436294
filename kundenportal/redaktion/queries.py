"""Lesen: der Katalog aus der Datenbank (mit billiger Frischeprüfung je Anfrage), Entwürfe, Pakete."""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.db.models import QuerySet

from kundenportal import zeit
from kundenportal.leitfaden.katalog import Katalog, Weisung
from kundenportal.leitfaden.vokabular_zusatz import Zusatz

from .katalogquelle import Datei, bekannt, katalog_aus_dateien, zusaetze
from .models import (
    Aenderungshinweis,
    Entwurf,
    Freigabepaket,
    Generation,
    Katalogdatei,
    Protokolleintrag,
    Szenario,
)

_sperre = threading.Lock()
_stand: dict[str, Any] = {}


def generation() -> int:
    """Die Generation des veröffentlichten Katalogs (eine Abfrage über den Primärschlüssel)."""
    return Generation.objects.filter(pk=1).values_list("nummer", flat=True).first() or 0


def veroeffentlichte() -> QuerySet[Katalogdatei]:
    return Katalogdatei.objects.filter(status=Katalogdatei.VEROEFFENTLICHT)


def leitfadenkatalog() -> QuerySet[Katalogdatei]:
    """Die veröffentlichten Dateien des Leitfaden-Katalogs (die anderen Arbeitsmittel lädt redaktion/arbeitsmittel.py)."""
    return veroeffentlichte().exclude(art=Katalogdatei.ARBEITSMITTEL)


def dateien_und_siegel() -> tuple[list[Datei], dict[str, str]]:
    """Alle veröffentlichten Dateien; Inhalt (gelesenes Modell, sonst Text) nur für die, die der Prozess
    noch nicht kennt — nach einer Veröffentlichung also nur die neuen."""
    zeilen = list(leitfadenkatalog().values_list("pk", "art", "pfad", "inhalt_hash", "leitfaden_id", "stand"))
    fehlend = {pk for pk, art, pfad, h, lf, _ in zeilen if not bekannt(art, pfad, h, lf)}
    auswahl = leitfadenkatalog() if len(fehlend) * 2 > len(zeilen) else leitfadenkatalog().filter(pk__in=fehlend)
    gelesen = {pk: g for pk, g in auswahl.values_list("pk", "gelesen") if pk in fehlend}
    ohne = [pk for pk in fehlend if not gelesen.get(pk)]
    texte = dict(Katalogdatei.objects.filter(pk__in=ohne).values_list("pk", "text")) if ohne else {}
    dateien, siegel = [], {}
    for pk, art, pfad, inhalt_hash, leitfaden_id, stand in zeilen:
        dateien.append(Datei(art, pfad, texte.get(pk, ""), inhalt_hash, gelesen.get(pk, "")))
        if art == Katalogdatei.FASSUNG and stand is not None:
            siegel[f"{leitfaden_id}@{stand.isoformat()}"] = inhalt_hash
    return dateien, siegel


def _aktive(tage: list[dt.date], heute: dt.date) -> int:
    """Wie viele Ergänzungen des Vokabulars (neue Antwortoptionen) an `heute` schon gelten."""
    return bisect.bisect_right(tage, heute)


def kennung(nummer: int | None = None) -> str:
    """Generation und Zahl der geltenden Ergänzungen des Vokabulars: ändert sich auch am Tag, ab dem neue
    Antwortoptionen gelten (vorher kennt sie keine Fassung, die gerade gilt)."""
    nummer = generation() if nummer is None else nummer
    if _stand.get("nummer") != nummer:
        katalog_aus_datenbank()         # die Quelle lädt ihn gleich danach ohnehin: die Kennung bleibt dann stehen
    tage = _stand.get("tage") or []
    return f"{nummer}.{_aktive(tage, zeit.heute())}" if tage else str(nummer)


def katalog_aus_datenbank() -> Katalog:
    """Der veröffentlichte Katalog; neu gebaut nur, wenn die Generation gestiegen ist (oder neue Antwortoptionen
    ab heute gelten)."""
    nummer = generation()
    heute = zeit.heute()
    if _stand.get("nummer") == nummer and _aktive(_stand["tage"], heute) == _stand["aktive"]:
        katalog: Katalog = _stand["katalog"]
        return katalog
    with _sperre:
        dateien, siegel = dateien_und_siegel()
        katalog, _ = katalog_aus_dateien(dateien, siegel, heute=heute)
        tage = sorted(z.gilt_ab for z in zusaetze(dateien, []))
        _stand.update(nummer=nummer, katalog=katalog, tage=tage, aktive=_aktive(tage, heute))
        return katalog


def katalog_vergessen() -> None:
    """Für Tests mit zurückgesetzter Datenbank: die nächste Anfrage baut neu."""
    _stand.clear()


def geplante(heute: dt.date) -> QuerySet[Katalogdatei]:
    """Veröffentlichte Fassungen, die erst künftig gelten (der Katalog zeigt sie als geplant) — in der Reihenfolge, in
    der sie wirksam werden: gueltig_ab, dann Stand (wie die Auswahl der Basis, forms.EntwurfBeginnen)."""
    return veroeffentlichte().filter(art=Katalogdatei.FASSUNG, gueltig_ab__gt=heute).order_by(
        "gueltig_ab", "stand", "leitfaden_id")


def erfasste_weisung(nummer: str) -> Weisung | None:
    """Die neue Weisung `nummer`, die ein Paket in Arbeit mitbringt (noch nicht im Katalog), sonst None."""
    from .neue_weisung import weisung_lesen

    paket = (Freigabepaket.objects.filter(weisung=nummer, status__in=(
        Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN, Freigabepaket.ZUR_FREIGABE))
        .exclude(neue_weisung={}).order_by("pk").first())
    return weisung_lesen(nummer, paket.neue_weisung) if paket is not None else None


def erfasste_optionen(nummer: str) -> Zusatz | None:
    """Die neuen Antwortoptionen, die Pakete in Arbeit zur Weisung `nummer` mitbringen (noch nicht veröffentlicht)."""
    from .optionen import aus_paket, zusatz_des_pakets

    angaben = [o for liste in Freigabepaket.objects.filter(weisung=nummer, status__in=(
        Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN, Freigabepaket.ZUR_FREIGABE))
        .exclude(neue_optionen=[]).order_by("pk").values_list("neue_optionen", flat=True) for o in liste]
    return zusatz_des_pakets(aus_paket(angaben), None, nummer)


def entwuerfe() -> QuerySet[Entwurf]:
    return Entwurf.objects.select_related("autor", "paket", "basis")


def entwurf(pk: int) -> Entwurf | None:
    return entwuerfe().filter(pk=pk).first()


def pakete() -> QuerySet[Freigabepaket]:
    return Freigabepaket.objects.select_related("autor", "pruefer")


def paket(pk: int) -> Freigabepaket | None:
    return pakete().filter(pk=pk).first()


def szenarien(leitfaden_ids: set[str] | None = None) -> QuerySet[Szenario]:
    qs = Szenario.objects.all()
    return qs.filter(leitfaden_id__in=leitfaden_ids) if leitfaden_ids is not None else qs


@dataclass(frozen=True)
class Szenariozeile:
    """Ein Szenario der Redaktion, wie die Seite des Entwurfs es listet."""

    pk: int
    szenario_id: str
    titel: str
    autor: str
    angelegt: dt.datetime
    version: int
    lauf: dict[str, Any] = field(default_factory=dict)     # letzter Lauf: {ok, zeit, quelle, fassung, fehler}

    @property
    def lauf_zeit(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str(self.lauf["zeit"]))
        except (KeyError, ValueError):
            return None


def _titel(text: str) -> str:
    try:
        daten = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return ""
    return str(daten.get("titel") or "") if isinstance(daten, dict) else ""


def szenarien_des_leitfadens(leitfaden_id: str) -> list[Szenariozeile]:
    """Die Szenarien der Redaktion zu `leitfaden_id`, nach Kennung (die aus content/szenarien sind Dateien)."""
    return [Szenariozeile(pk=z.pk, szenario_id=z.szenario_id, titel=_titel(z.text),
                          autor=z.autor.get_full_name() or z.autor.get_username(), angelegt=z.angelegt,
                          version=z.version, lauf=dict(z.letzter_lauf or {}))
            for z in Szenario.objects.filter(leitfaden_id=leitfaden_id).select_related("autor").order_by("szenario_id")]


def projekt_szenarien_anzahl(leitfaden_id: str) -> int:
    """Wie viele Szenarien aus content/szenarien (Dateien, reviewt wie Code) den Leitfaden prüfen."""
    from kundenportal.katalog.queries import szenarien as projekt_szenarien

    return sum(1 for s in projekt_szenarien() if s.leitfaden == leitfaden_id)


def protokoll(objekt_praefix: str = "") -> QuerySet[Protokolleintrag]:
    qs = Protokolleintrag.objects.select_related("user")
    return qs.filter(objekt__startswith=objekt_praefix) if objekt_praefix else qs


def hinweise_bis(heute: dt.date) -> QuerySet[Aenderungshinweis]:
    return Aenderungshinweis.objects.filter(gilt_ab__lte=heute, fassung__status=Katalogdatei.VEROEFFENTLICHT)


def letzte_laeufe(leitfaden_ids: set[str], grenze: int = 200) -> list[tuple[str, dt.datetime | None, dict[str, Any]]]:
    """Die Läufe der letzten `grenze` abgeschlossenen Kontakte je Leitfaden (für den Verhaltens-Diff)."""
    from kundenportal.gespraech.models import Kontakt  # nur lesend: der gepinnte Lauf als JSON

    ergebnis: list[tuple[str, dt.datetime | None, dict[str, Any]]] = []
    for leitfaden_id in sorted(leitfaden_ids):
        zeilen = (Kontakt.objects.filter(leitfaden=leitfaden_id, status=Kontakt.ABGESCHLOSSEN)
                  .order_by("-begonnen").values_list("id", "begonnen", "lauf")[:grenze])
        ergebnis.extend((str(k), b, lauf) for k, b, lauf in zeilen)
    return ergebnis


@dataclass(frozen=True)
class Verbleib:
    """Was aus einem Entwurf geworden ist, den es nicht mehr gibt: `paket` (freigegeben) oder None (verworfen)."""

    meldung: str
    paket: int | None = None


def verbleib_des_entwurfs(pk: int) -> Verbleib | None:
    """Aus dem Protokoll: mit einem Paket veröffentlicht (oder, vor dieser Aufzeichnung, ihm zugeordnet und das Paket
    ist freigegeben) oder verworfen; None, wenn es den Entwurf nie gab."""
    from .services.protokoll import fassung_kurz

    eintrag = (Protokolleintrag.objects.filter(objekt=f"entwurf:{pk}", aktion__in=(
        "entwurf_veroeffentlicht", "entwurf_verworfen")).select_related("user").order_by("-zeit", "-pk").first())
    if eintrag is not None and eintrag.aktion == "entwurf_verworfen":
        wer = f" von {eintrag.user.get_username()}" if eintrag.user else ""
        return Verbleib(f"Der Entwurf {pk} wurde am {eintrag.zeit:%d.%m.%Y}{wer} verworfen; die Übersicht zeigt die "
                        "Entwürfe in Arbeit.")
    if eintrag is not None:
        paket = pakete().filter(pk=eintrag.details.get("paket")).first()
        fassung = fassung_kurz(str(eintrag.details.get("fassung", "")))
    else:
        zugeordnet = Protokolleintrag.objects.filter(aktion="entwurf_zugeordnet", details__entwurf=pk).order_by(
            "-zeit", "-pk").first()
        paket = pakete().filter(pk=int(zugeordnet.objekt.removeprefix("paket:"))).first() if zugeordnet else None
        if paket is None or paket.status not in (Freigabepaket.GEPLANT, Freigabepaket.ZURUECKGERUFEN):
            return None
        fassung = str(zugeordnet.details.get("leitfaden", "")) if zugeordnet else ""
    if paket is None:
        return None
    if paket.status == Freigabepaket.ZURUECKGERUFEN:
        return Verbleib(f"Der Entwurf {pk} ({fassung}) wurde mit dem Paket zur Weisung {paket.weisung} freigegeben und "
                        "danach zurückgerufen: er steht als neuer Entwurf wieder in der Redaktion.", paket.pk)
    return Verbleib(f"Der Entwurf {pk} ist mit dem Paket zur Weisung {paket.weisung} freigegeben ({paket.status_anzeige})"
                    f" und jetzt die veröffentlichte Fassung {fassung}. Ändern: einen neuen Entwurf aus ihr beginnen.",
                    paket.pk)
