"""Wer an einem Freigabepaket mitgearbeitet hat — für das Vier-Augen-Prinzip: freigeben darf nur, wer weder das
Paket noch einen seiner Entwürfe angelegt oder geändert hat. Mitarbeit ist: das Paket anlegen, seine Angaben
ändern, Entwürfe aufnehmen oder herausnehmen; einen Entwurf beginnen, ihn speichern (Text, Struktur, Quelltext —
jede Speicherung), durch ihn ein Szenario aufzeichnen oder löschen; ein Szenario für einen Leitfaden des Pakets
aufzeichnen, seit dessen Entwurf begonnen wurde (das Tor des Pakets führt es aus). Zurückweisen bleibt jeder
Freigabe erlaubt, die das Paket und seine Entwürfe nicht verfasst hat — es veröffentlicht nichts.

Vermerkt wird dauerhaft am Entwurf, am Paket und mit der Freigabe an der Fassung (`bearbeiter`: je Person
{id, name, was: [...]}); ein Rückruf gibt die Bearbeiter der Fassung an den neuen Entwurf weiter. Ein Entwurf
von vor dieser Aufzeichnung kennt nur seine Autorin (Migration 0006)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import Entwurf, Freigabepaket, Katalogdatei, Szenario

WAS_HOECHSTENS = 8       # je Person die letzten acht verschiedenen Angaben (die Person selbst bleibt immer vermerkt)
GRUENDE_HOECHSTENS = 3   # so viele Gründe nennt die Meldung


def vermerken(liste: list[dict[str, Any]] | None, user: Any, was: str) -> list[dict[str, Any]]:
    """`liste` mit `was` für `user` (neue Liste; ohne angemeldeten Benutzer unverändert)."""
    neu = [dict(x) for x in liste or []]
    if not getattr(user, "pk", None):
        return neu
    for x in neu:
        if x.get("id") == user.pk:
            bisher = [w for w in x.get("was") or [] if w != was]
            x["was"] = [*bisher, was][-WAS_HOECHSTENS:]
            return neu
    return [*neu, {"id": user.pk, "name": str(user.get_username()), "was": [was]}]


def _autorin(autor: Any, was: str) -> list[dict[str, Any]]:
    return [{"id": autor.pk, "name": str(autor.get_username()), "was": [was]}] if autor is not None else []


def bearbeiter_des_entwurfs(e: Entwurf) -> list[dict[str, Any]]:
    """Die Bearbeiter eines Entwurfs; ohne Aufzeichnung (älter als sie) die Autorin."""
    return list(e.bearbeiter or []) or _autorin(e.autor, "Entwurf verfasst")


def bearbeiter_des_pakets(p: Freigabepaket) -> list[dict[str, Any]]:
    return list(p.bearbeiter or []) or _autorin(p.autor, "Paket angelegt")


def _ihre(liste: Iterable[dict[str, Any]], user: Any) -> list[str]:
    return [w for x in liste if x.get("id") == user.pk for w in x.get("was") or []]


def mitarbeit(user: Any, paket: Freigabepaket, entwuerfe: list[Entwurf] | None = None,
              dateien: list[Katalogdatei] | None = None) -> list[str]:
    """Was `user` an `paket` mitgearbeitet hat, in Worten („Entwurf SC 3.307: Schritt „online“ geändert“); leer:
    nichts. `entwuerfe`: die des Pakets (Standard: aus der Datenbank); `dateien`: die Fassungen eines freigegebenen
    Pakets (Standard: keine)."""
    if not getattr(user, "pk", None):
        return []
    entwuerfe = list(paket.entwuerfe.select_related("autor")) if entwuerfe is None else entwuerfe
    gruende = [f"Paket: {w}" if w != "Paket angelegt" else w for w in _ihre(bearbeiter_des_pakets(paket), user)]
    if paket.autor_id == user.pk and "Paket angelegt" not in gruende:
        gruende.insert(0, "Paket angelegt")
    for e in entwuerfe:
        ihre = _ihre(bearbeiter_des_entwurfs(e), user)
        if e.autor_id == user.pk and not ihre:
            ihre = ["Entwurf verfasst"]
        if ihre:
            gruende.append(f"Entwurf {e.leitfaden_id}: {', '.join(ihre)}")
    for a in paket.arbeitsmittel_entwuerfe.all() if paket.pk else []:      # Entwürfe anderer Arbeitsmittel
        ihre = _ihre(a.bearbeiter or [], user) or (["Entwurf verfasst"] if a.autor_id == user.pk else [])
        if ihre:
            gruende.append(f"Entwurf {a.titel}: {', '.join(ihre)}")
    for d in dateien or []:
        if d.art in (Katalogdatei.FASSUNG, Katalogdatei.ARBEITSMITTEL) and (ihre := _ihre(d.bearbeiter or [], user)):
            gruende.append(f"Entwurf {d.leitfaden_id or d.schluessel}: {', '.join(ihre)}")
    if entwuerfe:
        seit = min(e.angelegt for e in entwuerfe)
        for sz in Szenario.objects.filter(autor_id=user.pk, leitfaden_id__in={e.leitfaden_id for e in entwuerfe},
                                          angelegt__gte=seit).order_by("szenario_id"):
            was = f"Szenario {sz.szenario_id} aufgezeichnet"
            if not any(was in g for g in gruende):
                gruende.append(f"{was} ({sz.leitfaden_id})")
    return gruende


def freigabe_verwehrt(user: Any, paket: Freigabepaket, entwuerfe: list[Entwurf] | None = None) -> str:
    """Warum `user` das Paket nicht freigeben darf, weil er daran mitgearbeitet hat ("" = hat nicht mitgearbeitet)."""
    gruende = mitarbeit(user, paket, entwuerfe)
    if not gruende:
        return ""
    genannt = "; ".join(gruende[:GRUENDE_HOECHSTENS]) + (" …" if len(gruende) > GRUENDE_HOECHSTENS else "")
    return (f"Sie haben an diesem Paket mitgearbeitet ({genannt}) — freigeben muss eine andere Person "
            "(Vier-Augen-Prinzip).")


def verfasst(user: Any, paket: Freigabepaket, entwuerfe: list[Entwurf]) -> bool:
    """Hat `user` das Paket oder einen seiner Entwürfe verfasst? Dann weist er es auch nicht zurück."""
    return paket.autor_id == user.pk or any(e.autor_id == user.pk for e in entwuerfe) or \
        (bool(paket.pk) and paket.arbeitsmittel_entwuerfe.filter(autor_id=user.pk).exists())


def bearbeitet_von(paket: Freigabepaket, entwuerfe: list[Entwurf],
                   dateien: list[Katalogdatei] | None = None) -> list[tuple[str, list[str]]]:
    """(Name, was) je Person, die am Paket mitgearbeitet hat — für „Bearbeitet von …“ auf der Seite des Pakets."""
    je_person: dict[Any, tuple[str, list[str]]] = {}

    def dazu(liste: Iterable[dict[str, Any]], wo: str) -> None:
        for x in liste:
            _, was = je_person.setdefault(x.get("id"), (str(x.get("name") or x.get("id")), []))
            for w in x.get("was") or []:
                text = f"{wo}: {w}" if wo and w != "Paket angelegt" else w
                if text not in was:
                    was.append(text)

    dazu(bearbeiter_des_pakets(paket), "Paket")
    for e in entwuerfe:
        dazu(bearbeiter_des_entwurfs(e), f"Entwurf {e.leitfaden_id}")
    for a in paket.arbeitsmittel_entwuerfe.all() if paket.pk else []:
        dazu(a.bearbeiter or [], f"Entwurf {a.titel}")
    for d in dateien or []:
        if d.art in (Katalogdatei.FASSUNG, Katalogdatei.ARBEITSMITTEL):
            dazu(d.bearbeiter or [], f"Entwurf {d.leitfaden_id or d.schluessel}")
    return list(je_person.values())


def namen(paket: Freigabepaket, entwuerfe: list[Entwurf]) -> list[str]:
    """Die Namen aller Bearbeiter (für das Protokoll)."""
    return [name for name, _ in bearbeitet_von(paket, entwuerfe)]
