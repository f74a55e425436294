"""Veröffentlichen und Zurückrufen eines Freigabepakets (aus services/freigabe.py): jede Datei, die die Freigabe
schreibt, ist noch frei (`pfade_frei`); ein Entwurf wird gesiegelte Fassung mit Änderungshinweis (`veroeffentlichen`);
vor dem Gültigkeitstag verlassen die Dateien des Pakets den Katalog wieder (`paket_zurueckrufen`) — Fassungen, Kopf,
neue Weisung und neue Antwortoptionen (art vokabular) gleichermaßen."""

from __future__ import annotations

import datetime as dt
from hashlib import sha256
from typing import Any

from django.db import transaction

from kundenportal import zeit

from ..katalogquelle import gelesen
from ..klartext import klartext
from ..mitarbeit import bearbeiter_des_entwurfs, vermerken
from ..models import Aenderungshinweis, Entwurf, Freigabepaket, Katalogdatei
from ..queries import katalog_aus_datenbank
from ..zugriff import darf_freigeben
from . import arbeitsmittel as am
from .entwurf import befunde_auffrischen
from .katalog import generation_erhoehen
from .protokoll import eintragen, fassung_text
from .weisung import FreigabeFehler


def pfade_frei(aenderungen: list[tuple[Entwurf, Any, Any, Any]]) -> None:
    """Jede Datei, die die Freigabe schriebe, ist im Katalog noch frei — sonst eine Meldung, die sagt, welche und
    wem sie gehört (statt eines Fehlers der Datenbank)."""
    for e, fassung, _, _ in aenderungen:
        pfade = [f"{e.ordner}/{fassung.stand.isoformat()}.yaml"] + \
            ([f"{e.ordner}/leitfaden.yaml"] if not e.basis and e.kopf_text else [])
        belegt = (Katalogdatei.objects.filter(status=Katalogdatei.VEROEFFENTLICHT, pfad__in=pfade)
                  .values_list("pfad", "leitfaden_id").first())
        if belegt is not None:
            wem = f" (Leitfaden {belegt[1]})" if belegt[1] and belegt[1] != e.leitfaden_id else ""
            raise FreigabeFehler("pfad_vergeben", f"Nicht freigegeben: die Datei {belegt[0]} gibt es im Katalog "
                                                  f"schon{wem}; {e.leitfaden_id} (Entwurf {e.pk}) würde sie "
                                                  "überschreiben. Nichts wurde veröffentlicht. Das Paket "
                                                  "zurückweisen: die Redaktion legt den Leitfaden in einen eigenen "
                                                  "Ordner oder gibt dem Entwurf einen neuen Stand.")


def veroeffentlichen(paket: Freigabepaket, e: Entwurf, fassung: Any, d: Any, katalog: Any, jetzt: dt.datetime) -> None:
    """Ein Entwurf wird Fassung (gesiegelt, mit Änderungshinweis; ein neuer Leitfaden mit seinem Kopf); die
    Bearbeiter des Entwurfs gehen an die Fassung über (ein Rückruf gibt sie an den neuen Entwurf weiter)."""
    bearbeiter = bearbeiter_des_entwurfs(e)
    if not e.basis and e.kopf_text:
        Katalogdatei.objects.create(art=Katalogdatei.KOPF, pfad=f"{e.ordner}/leitfaden.yaml", text=e.kopf_text,
                                    inhalt_hash=sha256(e.kopf_text.encode()).hexdigest(),
                                    leitfaden_id=e.leitfaden_id, freigabe=paket, angelegt=jetzt, bearbeiter=bearbeiter,
                                    gelesen=gelesen(Katalogdatei.KOPF, e.kopf_text, f"{e.ordner}/leitfaden.yaml"))
    datei = Katalogdatei.objects.create(
        art=Katalogdatei.FASSUNG, pfad=f"{e.ordner}/{fassung.stand.isoformat()}.yaml", text=e.text,
        inhalt_hash=fassung.inhalt_hash, leitfaden_id=e.leitfaden_id, stand=fassung.stand,
        gueltig_ab=fassung.gueltig_ab, gueltig_bis=fassung.gueltig_bis, freigabe=paket, angelegt=jetzt,
        geltungsbereich=fassung.geltungsbereich.model_dump() if fassung.geltungsbereich else {}, bearbeiter=bearbeiter,
        gelesen=gelesen(Katalogdatei.FASSUNG, e.text, f"{e.ordner}/{fassung.stand.isoformat()}.yaml", e.leitfaden_id))
    titel = katalog.leitfaeden[e.leitfaden_id].kopf.titel
    Aenderungshinweis.objects.create(fassung=datei, leitfaden_id=e.leitfaden_id, gilt_ab=fassung.gueltig_ab,
                                     text=klartext(titel, d, katalog))
    # Wohin der Entwurf gegangen ist: sein Link führt danach zum Paket (views/entwuerfe.py), nicht ins Leere.
    eintragen(None, "entwurf_veroeffentlicht", f"entwurf:{e.pk}", paket=paket.pk, fassung=fassung.schluessel,
              leitfaden=e.leitfaden_id)
    e.delete()


@transaction.atomic
def paket_zurueckrufen(user: Any, paket_id: int) -> Freigabepaket:
    """Vor dem Gültigkeitstag: die Fassungen verlassen den Katalog, die Entwürfe kommen zurück."""
    paket = Freigabepaket.objects.select_for_update().get(pk=paket_id)
    if paket.status != Freigabepaket.GEPLANT:
        raise FreigabeFehler("nicht_geplant", "Nur ein freigegebenes, geplantes Paket kann zurückgerufen werden.")
    if not (darf_freigeben(user) or user.pk == paket.autor_id):
        raise FreigabeFehler("keine_berechtigung", "Zurückrufen darf die Autorin, der Autor oder die Freigabe.")
    dateien = list(paket.dateien.filter(status=Katalogdatei.VEROEFFENTLICHT))     # auch Weisung und Vokabular
    heute = zeit.heute()
    gueltig = [d for d in dateien if d.gueltig_ab is not None and d.gueltig_ab <= heute]
    if gueltig:
        raise FreigabeFehler("schon_gueltig", f"{fassung_text(gueltig[0].schluessel)} gilt schon seit "
                                              f"{gueltig[0].gueltig_ab:%d.%m.%Y}: eine veröffentlichte Fassung wird "
                                              "nur abgelöst, nie zurückgerufen.")
    jetzt = zeit.jetzt()
    for d in dateien:
        d.status = Katalogdatei.ZURUECKGERUFEN
        d.save(update_fields=["status"])
        Aenderungshinweis.objects.filter(fassung=d).delete()
    for d in dateien:
        if d.art == Katalogdatei.FASSUNG:
            kopf = next((k.text for k in dateien if k.art == Katalogdatei.KOPF and k.leitfaden_id == d.leitfaden_id), "")
            basis = Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG, status=Katalogdatei.VEROEFFENTLICHT,
                                                leitfaden_id=d.leitfaden_id).exclude(pk=d.pk).order_by("-stand").first()
            ordner = d.pfad.rsplit("/", 1)[0]
            Entwurf.objects.create(leitfaden_id=d.leitfaden_id, basis=basis, kopf_text=kopf, ordner=ordner, text=d.text,
                                   autor=paket.autor, paket=paket, angelegt=jetzt, geaendert=jetzt,
                                   bearbeiter=list(d.bearbeiter or []) or vermerken([], paket.autor, "Entwurf verfasst"))
    am.zurueckholen(paket, dateien, jetzt)
    paket.status, paket.tor = Freigabepaket.ZURUECKGERUFEN, {}
    paket.save(update_fields=["status", "tor"])
    Entwurf.objects.filter(paket=paket).update(paket=None)
    paket.arbeitsmittel_entwuerfe.update(paket=None)
    generation_erhoehen()
    # Geprüft gegen den Katalog ohne die zurückgerufenen Fassungen (sonst „… ist schon veröffentlicht“) — dieselbe
    # Prüfung, die die Seite des Entwurfs zeigt; auch andere Entwürfe derselben Leitfäden ändern ihre Befunde.
    befunde_auffrischen(katalog_aus_datenbank(), {d.leitfaden_id for d in dateien if d.leitfaden_id})
    eintragen(user, "paket_zurueckgerufen", f"paket:{paket.pk}", fassungen=[d.schluessel for d in dateien])
    return paket
