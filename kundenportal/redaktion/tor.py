"""Das Szenario-Tor eines Freigabepakets: jedes Szenario der betroffenen Leitfäden (des Projekts und
der Redaktion) läuft gegen den Katalog mit den Entwürfen; freigeben geht nur, wenn alle bestehen, kein
Entwurf einen Befund hat, jeder Entwurf die Weisung des Pakets nennt und jeder neue oder geänderte Schritt
auf dem Weg eines Szenarios liegt.

Ein Szenario läuft auf der Fassung, die an seinem Tag an seinem Standort (`standort`, sonst die Wohnortagentur der
Kundin) gilt — wie ein Gespräch am Arbeitsplatz. Mit den Standortregeln und der Gültigkeit des Pakets ist das nicht
immer der Entwurf. Solche Szenarien nennt das Ergebnis mit dem Grund (Standort außerhalb der Standortregeln, kein
Pilotstandort, Datum außerhalb der Gültigkeit): die der Redaktion mit der Abhilfe
(`nicht_auf_entwurf`) — sonst bliebe unerklärt, warum ein eigens aufgezeichnetes Szenario die geänderten Schritte
nicht deckt —, die des Projekts für sich (`projekt_nicht_auf_entwurf`: sie prüfen weiter die bisherige Fassung)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Any

from kundenportal.katalog.queries import szenarien as projekt_szenarien
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.gueltigkeit import aufloesen, variante_gilt
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.quelle import lesen_text
from kundenportal.leitfaden.szenario import Szenario, SzenarioFehler, ausfuehren, szenario_aus_text

from . import queries
from .ansicht import geltungsbereich_text
from .models import Entwurf
from .paketkatalog import Paketstand, offen_satz, offene_punkte, ohne_schritt_punkte

REDAKTION_DATEI = "redaktion/szenario/"   # so heißt ein Szenario der Redaktion in den Ergebnissen des Tors


def fingerabdruck(entwuerfe: list[Entwurf]) -> str:
    """Welche Entwurfsstände das Tor geprüft hat (nach einer Speicherung ist das Ergebnis veraltet)."""
    return hashlib.sha256("|".join(f"{e.pk}:{e.version}" for e in sorted(entwuerfe, key=lambda e: e.pk))
                          .encode()).hexdigest()[:16]


def weisung_im_text(text: str) -> str:
    """Die Weisung, die der Quelltext eines Entwurfs nennt ("" wenn er sich nicht lesen lässt: das melden die
    Befunde des Entwurfs)."""
    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return ""
    return str(roh.get("weisung") or "").strip() if isinstance(roh, dict) else ""


def szenarien_fuer(leitfaden_ids: set[str], ab: dict[str, dt.date] | None = None) -> tuple[list[Szenario], list[str]]:
    """Die Szenarien der Leitfäden: aus content/szenarien (und der geteilten Spezifikation) und der
    Redaktion; ein durch einen Entwurf aufgezeichnetes läuft frühestens am Tag `ab[leitfaden]`."""
    gefunden = [s for s in projekt_szenarien() if s.leitfaden in leitfaden_ids]
    fehler = []
    for zeile in queries.szenarien(leitfaden_ids):
        try:
            sz = szenario_aus_text(zeile.text, f"{REDAKTION_DATEI}{zeile.szenario_id}.yaml")
        except SzenarioFehler as f:
            fehler.append(str(f))
            continue
        tag = (ab or {}).get(sz.leitfaden)
        if zeile.folgt_gueltigkeit and tag is not None and sz.datum < tag:
            sz = replace(sz, datum=tag)
        gefunden.append(sz)
    return gefunden, fehler


def standort_von(sz: Szenario) -> str | None:
    """Der Standort, an dem ein Szenario spielt: `standort:` oder die Wohnortagentur der Kundin (wie `ausfuehren`)."""
    kunde = sz.ausgangslage.get("kunde")
    if sz.standort:
        return sz.standort
    return str(kunde["wohnort_agentur"]) if isinstance(kunde, dict) and kunde.get("wohnort_agentur") else None


STANDORT_FELD = "Standort (wo der Kontakt geführt wird)"     # so heißt `standort` im Szenario-Rekorder


def beispiel_standort(katalog: Katalog, entwurf: Fassung, datum: dt.date, bevorzugt: str | None = None) -> str:
    """Ein Standort, an dem am `datum` der Entwurf gilt (`bevorzugt`, wenn dort; sonst der erste nach Namen); ""
    wenn an keinem."""
    orte = standorte_des_entwurfs(katalog, entwurf, datum)
    return bevorzugt if bevorzugt in orte else next(iter(orte), "")


def standorte_des_entwurfs(katalog: Katalog, entwurf: Fassung, datum: dt.date) -> list[str]:
    """Die Agenturen, an denen am `datum` der Entwurf die geltende Fassung ist (wie im Gespräch: aufloesen)."""
    return [a for a in sorted(katalog.standorte.agenturen)
            if (f := aufloesen(katalog, entwurf.leitfaden_id, datum, a)) is not None and f.schluessel == entwurf.schluessel]


def warum_nicht(katalog: Katalog, entwurf: Fassung, datum: dt.date, standort: str | None,
                herkunft: str = "standort") -> tuple[str, str]:
    """(Grund, Abhilfe): warum am `datum` in `standort` nicht der Entwurf gilt. `herkunft`: woher der Standort kommt
    — "standort" (das Feld `standort` des Szenarios) oder "wohnort" (ohne `standort`: die Wohnortagentur der Kundin).
    Geteilt vom Szenario-Tor und vom Rekorder (der schon beim Aufzeichnen warnt)."""
    standorte = katalog.standorte
    beispiel = beispiel_standort(katalog, entwurf, max(datum, entwurf.gueltig_ab))
    setzen = ("Abhilfe: im Szenario `standort` auf einen Standort setzen, an dem der Entwurf gilt"
              + (f" (z. B. {beispiel})" if beispiel else "")
              + f" — im Rekorder das Feld „{STANDORT_FELD}“ — und das Szenario neu aufzeichnen.")
    if herkunft == "wohnort" and standort:
        wo = (f"Das Szenario nennt keinen `standort`; es spielt deshalb an der Wohnortagentur der Kundin, {standort}, "
              "und die")
    elif standort:
        wo = f"Der Standort {standort} (`standort` des Szenarios)"
    else:
        wo = "Das Szenario nennt keinen `standort` (und die Ausgangslage keine Wohnortagentur) und"
    bereich = entwurf.geltungsbereich
    if bereich is not None and not entwurf.gilt_in(standort, standorte):
        regel = geltungsbereich_text(bereich.model_dump(), standorte)
        return f"{wo} liegt außerhalb der Standortregeln des Pakets ({regel}).", setzen
    lf = katalog.leitfaeden.get(entwurf.leitfaden_id)
    if lf is not None and lf.kopf.standortregel and not variante_gilt(katalog, lf, datum, standort):
        return (f"{wo} ist am {datum:%d.%m.%Y} kein Pilotstandort der Weiterbildungsberatung: dort gilt die "
                "reguläre Fassung, nicht diese Pilotvariante.", setzen)
    if datum < entwurf.gueltig_ab:
        return (f"Das Datum des Szenarios ({datum:%d.%m.%Y}) liegt vor „Gültig ab“ des Entwurfs "
                f"({entwurf.gueltig_ab:%d.%m.%Y}).", "Abhilfe: das Szenario mit einem Datum ab „Gültig ab“ aufzeichnen.")
    if entwurf.gueltig_bis is not None and datum > entwurf.gueltig_bis:
        return (f"Das Datum des Szenarios ({datum:%d.%m.%Y}) liegt nach „Gültig bis“ des Entwurfs "
                f"({entwurf.gueltig_bis:%d.%m.%Y}).", "Abhilfe: das Szenario mit einem Datum bis „Gültig bis“ "
                                                      "aufzeichnen.")
    return ("An Tag und Standort des Szenarios gilt eine andere Fassung (etwa eine Standortvariante mit neuerem "
            "Stand).", setzen)


def _warum_nicht(sz: Szenario, entwurf: Fassung, katalog: Katalog) -> tuple[str, str]:
    """(Grund, Abhilfe): warum `sz` nicht auf dem Entwurf lief, und was die Redaktion an ihrem Szenario tun kann."""
    return warum_nicht(katalog, entwurf, sz.datum, standort_von(sz), "standort" if sz.standort else "wohnort")


def _fassung_text(schluessel: str) -> str:
    """„SC 3.307, Stand 20.03.2020“ statt des Schlüssels „SC 3.307@2020-03-20“."""
    leitfaden_id, _, stand = schluessel.rpartition("@")
    try:
        return f"{leitfaden_id}, Stand {dt.date.fromisoformat(stand):%d.%m.%Y}"
    except ValueError:
        return schluessel


def nicht_auf_dem_entwurf(sz: Szenario, gelaufen: str, eingebunden: dict[str, str], stand: Paketstand,
                          ersetzt: dict[str, Fassung]) -> dict[str, str] | None:
    """Lief `sz` (auf `gelaufen`, mit `eingebunden`) für einen Leitfaden des Pakets auf einer anderen Fassung als
    dem Entwurf? Dann {id, fassung, entwurf, grund, abhilfe}; sonst None."""
    for leitfaden_id, entwurf in ersetzt.items():
        if sz.leitfaden == leitfaden_id:
            tatsaechlich = gelaufen
        elif leitfaden_id in eingebunden:
            tatsaechlich = eingebunden[leitfaden_id]
        else:
            continue
        if tatsaechlich and tatsaechlich != entwurf.schluessel:
            grund, abhilfe = _warum_nicht(sz, entwurf, stand.katalog)
            return {"id": sz.id, "fassung": _fassung_text(tatsaechlich), "entwurf": _fassung_text(entwurf.schluessel),
                    "grund": grund, "abhilfe": abhilfe}
    return None


def _fassung_mit_tag(f: Fassung) -> str:
    """„SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026)“."""
    return f"{_fassung_text(f.schluessel)} (gilt ab {f.gueltig_ab:%d.%m.%Y})"


def verdraengt_von(sz: Szenario, gelaufen: str, katalog: Katalog, ersetzt: dict[str, Fassung]) -> Fassung | None:
    """Die Fassung, die `sz` erwartet (`erwartet: stand:`) und die an seinem Tag der Entwurf ersetzt: lief es auf dem
    Entwurf, erwartet aber einen anderen Stand desselben Leitfadens, den es gibt. Sonst None."""
    erwartet = sz.erwartet.get("stand")
    entwurf = next((e for e in ersetzt.values() if e.schluessel == gelaufen), None)
    if entwurf is None or erwartet is None or str(erwartet) == entwurf.stand.isoformat():
        return None
    lf = katalog.leitfaeden.get(entwurf.leitfaden_id)
    return next((f for f in (lf.fassungen if lf is not None else []) if f.stand.isoformat() == str(erwartet)
                 and f.schluessel != entwurf.schluessel), None)


def verdraengt_gruppen(verdraengt: dict[str, list[Szenario]], katalog: Katalog, ersetzt: dict[str, Fassung],
                       basis: dict[str, dt.date | None], heute: dt.date) -> list[dict[str, Any]]:
    """Je Fassung, die der Entwurf an den Tagen von Szenarien ersetzte: {fassung, entwurf, szenarien, grund,
    abhilfe}. Der neueste Stand unter den gültigen Fassungen gewinnt (leitfaden/gueltigkeit.py): ein Entwurf mit
    neuerem Stand ersetzt jede Fassung, die an einem seiner Tage gilt — auch eine geplante, deren Korrekturen dann
    stillschweigend wegfielen. Das Tor bleibt deshalb zu; die Abhilfe sagt, wie beides zusammenpasst."""
    gruppen = []
    for schluessel, szenarien in sorted(verdraengt.items(), key=lambda kv: (katalog.fassung(kv[0]).gueltig_ab, kv[0])):
        alt = katalog.fassung(schluessel)
        entwurf = ersetzt[alt.leitfaden_id]
        tage = sorted({sz.datum for sz in szenarien})
        art = "geplante" if alt.gueltig_ab > heute else "geltende"
        an = f"Am {tage[0]:%d.%m.%Y}" if len(tage) == 1 else f"An ihren Tagen ({tage[0]:%d.%m.%Y} bis {tage[-1]:%d.%m.%Y})"
        grund = (f"{an} gilt jetzt der Entwurf, {_fassung_mit_tag(entwurf)}, statt der {art}n Fassung "
                 f"{_fassung_mit_tag(alt)}, die diese Szenarien erwarten. Als neuerer Stand ersetzt der Entwurf sie ab "
                 f"dem {max(alt.gueltig_ab, entwurf.gueltig_ab):%d.%m.%Y} — ihre Änderungen fielen von da an weg, "
                 "wenn der Entwurf sie nicht enthält.")
        ohne = (basis.get(alt.leitfaden_id) or dt.date.min) < alt.stand
        mit_basis = (f" und den Entwurf mit {_fassung_text(schluessel)} als Basis beginnen, damit ihre Änderungen "
                     "erhalten bleiben" if ohne else "")
        abloesen = (f"„Gültig ab“ nach dem {tage[-1]:%d.%m.%Y} setzen (dem letzten Tag, an dem die Szenarien sie "
                    f"erwarten){mit_basis}.")
        if alt.gueltig_ab > entwurf.gueltig_ab:
            abhilfe = (f"Soll die {art} Fassung ab ihrem Tag gelten: im Entwurf „Gültig bis“ auf "
                       f"{alt.gueltig_ab - dt.timedelta(days=1):%d.%m.%Y} setzen. Soll der Entwurf sie ablösen: "
                       + abloesen)
        else:
            abhilfe = "Soll der Entwurf sie erst danach ablösen: " + abloesen
        gruppen.append({"fassung": _fassung_mit_tag(alt), "entwurf": _fassung_mit_tag(entwurf),
                        "stand": f"{alt.stand:%d.%m.%Y}", "entwurf_kurz": _fassung_text(entwurf.schluessel),
                        "szenarien": [sz.id for sz in szenarien], "grund": grund, "abhilfe": abhilfe})
    return gruppen


def tor_pruefen(stand: Paketstand, entwuerfe: list[Entwurf], weisung: str | None = None) -> dict[str, Any]:
    """Das Ergebnis des Tors als JSON (am Paket gespeichert). `weisung`: die des Pakets — ein Entwurf, der eine
    andere nennt, hält das Tor auf (er würde unter fremder Weisung veröffentlicht)."""
    from kundenportal import zeit
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    test = ReferenzTestsysteme()
    basis = {neu.leitfaden_id: e.basis.stand if e is not None and e.basis is not None else None
             for e, neu, _, _ in stand.aenderungen}
    verdraengt: dict[str, list[Szenario]] = {}
    ab = {neu.leitfaden_id: neu.gueltig_ab for _, neu, _, _ in stand.aenderungen}
    ersetzt = {neu.leitfaden_id: neu for _, neu, _, _ in stand.aenderungen}
    szenarien, ungueltig = szenarien_fuer(stand.leitfaden_ids, ab)
    ergebnisse = []
    nicht_gelaufen: dict[bool, list[dict[str, str]]] = {True: [], False: []}     # Redaktion / Projekt
    gedeckt: set[tuple[str, str]] = set()
    for sz in szenarien:
        erg = ausfuehren(stand.katalog, sz, test)
        ergebnisse.append({"id": sz.id, "titel": sz.titel, "ok": erg.ok, "fassung": erg.fassung, "fehler": erg.fehler,
                           "datei": sz.datei, "fassung_text": _fassung_text(erg.fassung) if erg.fassung else ""})
        if (anders := nicht_auf_dem_entwurf(sz, erg.fassung, erg.eingebunden, stand, ersetzt)) is not None:
            nicht_gelaufen[sz.datei.startswith(REDAKTION_DATEI)].append(anders)
        if not erg.ok and (alt := verdraengt_von(sz, erg.fassung, stand.katalog, ersetzt)) is not None:
            verdraengt.setdefault(alt.schluessel, []).append(sz)
        if erg.ok:
            gedeckt.update((erg.fassung, schritt.rsplit("/", 1)[-1]) for schritt in erg.weg)
            gedeckt.update((f, schritt.rsplit("/", 1)[-1]) for f in erg.eingebunden.values() for schritt in erg.weg)
    ungedeckt = [f"{schluessel}: Schritt {sid}" for schluessel, sid in stand.geaenderte_schritte()
                 if (schluessel, sid) not in gedeckt]
    befunde = stand.befunde
    fremd = [f"{e.leitfaden_id} (Entwurf {e.pk}) nennt Weisung {p.fassung.weisung}, das Paket gehört zu Weisung "
             f"{weisung}: im Entwurf weisung: \"{weisung}\" eintragen oder ihn aus dem Paket nehmen."
             for e, p in stand.pruefungen if weisung and p.fassung is not None and p.fassung.weisung != weisung]
    ok = bool(entwuerfe) and not befunde and not ungueltig and not ungedeckt and not fremd and \
        all(e["ok"] for e in ergebnisse)
    return {"ok": ok, "fingerabdruck": fingerabdruck(entwuerfe), "szenarien": ergebnisse, "ungueltig": ungueltig,
            "ungedeckt": ungedeckt, "befunde": befunde, "entwuerfe": len(entwuerfe), "weisung": fremd,
            "nicht_auf_entwurf": nicht_gelaufen[True], "projekt_nicht_auf_entwurf": nicht_gelaufen[False],
            "verdraengt": verdraengt_gruppen(verdraengt, stand.katalog, ersetzt, basis, zeit.heute()),
            # Punkte der Weisung, die kein Schritt umsetzt: halten das Tor nicht auf (manche sind organisatorisch),
            # aber das Ergebnis nennt sie — die Regelspur zeigt sie mit dem, was zu tun ist.
            "offene_punkte": [list(o) for o in offene_punkte(weisung, stand)] if weisung else [],
            # mit Begründung ohne Schritt und von keinem Schritt umgesetzt (sonst entfällt die Begründung)
            "ohne_schritt": [p for p, _, _ in ohne_schritt_punkte(weisung, stand)] if weisung else []}


# --- Das Ergebnis in Worten (Seite des Pakets) -----------------------------------------------------------------

def _anzahl(n: int, eins: str, mehr: str) -> str:
    return f"{n} {eins if n == 1 else mehr}"


def ungedeckt_lesbar(ungedeckt: list[str]) -> list[tuple[str, str]]:
    """(Schritt, Fassung) je ungedecktem Schritt: („online“, „SC 3.307, Stand 01.04.2020“) statt
    „SC 3.307@2020-04-01: Schritt online“."""
    ergebnis = []
    for u in ungedeckt:
        schluessel, _, schritt = str(u).partition(": Schritt ")
        ergebnis.append((schritt, _fassung_text(schluessel)) if schritt else (str(u), ""))
    return ergebnis


def _verdraengt_satz(tor: dict[str, Any], fehl: int) -> str:
    """„, davon 21, weil an ihrem Tag der Entwurf SC 3.004a, Stand 10.12.2026 (…) statt SC 3.004a, Stand 09.12.2026
    (…) gilt“ — der Grund der Fehlschläge, die der Entwurf durch Ersetzen einer anderen Fassung auslöst."""
    gruppen = list(tor.get("verdraengt") or [])
    if not gruppen:
        return ""
    anzahl = sum(len(g["szenarien"]) for g in gruppen)
    staende = [g["stand"] for g in gruppen]
    statt = ", ".join(staende[:-1]) + f" bzw. {staende[-1]}" if len(staende) > 1 else staende[0]
    entwuerfe = {g["entwurf_kurz"] for g in gruppen}
    entwurf = f"der Entwurf {entwuerfe.pop()}" if len(entwuerfe) == 1 else "ein Entwurf des Pakets"
    return (f"{', alle' if anzahl == fehl else f', davon {anzahl},'} weil an ihrem Tag {entwurf} statt der "
            f"Fassung gilt, die sie erwarten (Stand {statt}: der Entwurf ersetzt sie, siehe unten)")


def zusammenfassung(tor: dict[str, Any]) -> str:
    """Das Ergebnis des Tors in einem Satz, der den Grund nennt: „Nicht bestanden: 1 geänderter Schritt ohne
    Szenario („online“ in SC 3.307). Die 15 Szenarien sind bestanden.“ — nicht „Nicht bestanden: 15 Szenarien, …“,
    was nach 15 fehlgeschlagenen klingt."""
    szenarien = list(tor.get("szenarien") or [])
    fehl = [s for s in szenarien if not s.get("ok")]
    gruende = []
    if not tor.get("entwuerfe", 1):
        gruende.append("das Paket enthält keinen Entwurf")
    if fehl:
        gruende.append(f"{len(fehl)} von {_anzahl(len(szenarien), 'Szenario', 'Szenarien')} "
                       f"{'schlägt' if len(fehl) == 1 else 'schlagen'} fehl" + _verdraengt_satz(tor, len(fehl)))
    if ungedeckt := ungedeckt_lesbar(list(tor.get("ungedeckt") or [])):
        je_leitfaden: dict[str, list[str]] = {}
        for schritt, fassung in ungedeckt:
            je_leitfaden.setdefault(fassung.split(",")[0], []).append(f"„{schritt}“")
        orte = "; ".join(f"{', '.join(s[:5])}{' …' if len(s) > 5 else ''} in {lf}" for lf, s in je_leitfaden.items())
        gruende.append(_anzahl(len(ungedeckt), "geänderter Schritt", "geänderte Schritte") + f" ohne Szenario ({orte})")
    if befunde := tor.get("befunde"):
        gruende.append(_anzahl(len(befunde), "Befund", "Befunde") + " in den Entwürfen")
    if weisung := tor.get("weisung"):
        gruende.append(_anzahl(len(weisung), "Entwurf", "Entwürfe") + " mit anderer Weisung")
    if ungueltig := tor.get("ungueltig"):
        gruende.append(_anzahl(len(ungueltig), "ungültiges Szenario", "ungültige Szenarien"))
    offen = list(tor.get("offene_punkte") or [])
    offen_hinweis = (f" Von keinem Schritt umgesetzt (hält das Tor nicht auf, siehe Regelspur): {offen_satz(offen)}."
                     if offen else "")
    if tor.get("ok"):
        if not szenarien:
            return "Bestanden: 0 Szenarien (kein Szenario trifft die Leitfäden des Pakets)." + offen_hinweis
        return (f"Bestanden: {_anzahl(len(szenarien), 'Szenario', 'Szenarien')} bestanden, jeder geänderte Schritt "
                "liegt auf dem Weg eines Szenarios." + offen_hinweis)
    satz = "Nicht bestanden: " + ("; ".join(gruende) if gruende else "siehe unten") + "."
    if szenarien and not fehl:
        satz += (" Das Szenario ist bestanden." if len(szenarien) == 1 else
                 f" Die {len(szenarien)} Szenarien sind bestanden.")
    elif not szenarien:
        satz += " Kein Szenario trifft die Leitfäden des Pakets."
    if anders := tor.get("nicht_auf_entwurf"):
        satz += (f" {_anzahl(len(anders), 'Szenario', 'Szenarien')} der Redaktion "
                 f"{'lief' if len(anders) == 1 else 'liefen'} nicht auf dem Entwurf (siehe unten).")
    return satz + offen_hinweis
