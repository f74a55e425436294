"""Wer darf was in der Redaktion (Vier-Augen-Prinzip): Entwürfe und Pakete bearbeitet die Redaktion,
freigeben darf die Rolle Freigabe — nie die Autorin oder der Autor des Pakets, und nie, wer daran mitgearbeitet
hat (das prüft mitarbeit.py mit den Bearbeitern aus der Datenbank; hier nur die Rollen)."""

from __future__ import annotations

from typing import Any

from kundenportal.konten.zugriff import darf_katalog_bearbeiten, rollen_von


def darf_redigieren(user: Any) -> bool:
    return darf_katalog_bearbeiten(user)


def hat_freigaberolle(user: Any) -> bool:
    return any(r.schluessel == "freigabe" for r in rollen_von(user))


def darf_freigeben(user: Any, paket: Any = None) -> bool:
    """Die Rolle Freigabe und (mit `paket`) nicht dessen Autorin — die Mitarbeit prüft mitarbeit.freigabe_verwehrt."""
    if not hat_freigaberolle(user):
        return False
    return paket is None or paket.autor_id != user.pk


def darf_redaktion_sehen(user: Any) -> bool:
    return darf_redigieren(user) or darf_freigeben(user)


def darf_lesestand_sehen(user: Any) -> bool:
    """Die Teamleitung sieht, wer einen Änderungshinweis noch nicht bestätigt hat."""
    return any(r.kennzahlen for r in rollen_von(user))
