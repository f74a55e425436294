"""Schreibende Dienste der Konten (house style, habit 3): Benutzer anlegen, Zugriffe protokollieren."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, transaction
from django.db.models import Q

from kundenportal import zeit
from kundenportal.vorbereitet import Aenderung, Einfuegen

from . import zwecke
from .aktionen import VERWEIGERT
from .models import Arbeitsplatz, Sitzung, Zugriff
from .rollen import ROLLEN, RollenUnvereinbar, rollen_unvereinbar

logger = logging.getLogger("kundenportal.zugriff")


def rollen_anlegen() -> list[Group]:
    """Legt je Rolle eine Gruppe an (idempotent)."""
    return [Group.objects.get_or_create(name=s)[0] for s in ROLLEN]


@transaction.atomic
def benutzer_anlegen(username: str, passwort: str, rollen: list[str], *, standort: str = "",
                     vorname: str = "", nachname: str = "", passwort_setzen: bool = True) -> Any:
    """Legt einen Benutzer mit Rollen und Standort an oder gleicht ihn an (idempotent)."""
    unbekannt = [r for r in rollen if r not in ROLLEN]
    if unbekannt:
        raise ValueError(f"unbekannte Rolle(n): {', '.join(unbekannt)} (bekannt: {', '.join(ROLLEN)})")
    modell = get_user_model()
    user, neu = modell.objects.get_or_create(username=username,
                                             defaults={"first_name": vorname, "last_name": nachname})
    if neu or passwort_setzen:
        user.set_password(passwort)
        user.save()
    rollen_setzen(user, rollen, standort=standort)
    return user


LETZTE_ADMINISTRATION = ("Dies ist das letzte aktive Konto der Administration: ohne es könnte niemand mehr Benutzer "
                         "verwalten oder das Zugriffsprotokoll lesen. Bitte zuerst einem anderen Konto die Rolle "
                         "„Administration“ geben.")


class LetzteAdministration(ValueError):
    """Die Änderung nähme dem letzten aktiven Konto der Administration die Rolle oder „Aktiv“
    (`letzte_administration`); die Meldung sagt es auf Deutsch."""


def _administration_sperren() -> None:
    """Sperrt die Zeilen aller aktiven Konten der Administration (Rolle oder Superuser) bis zum Ende der
    Transaktion (SELECT … FOR UPDATE, nach Schlüssel geordnet: zwei Transaktionen sperren in derselben Reihenfolge,
    keine Verklemmung). Wer einem Konto die Administration nehmen will, stellt sich hier an; die zweite von zwei
    gleichzeitigen Änderungen wartet, bis die erste fertig ist, und zählt danach neu (PostgreSQL, READ COMMITTED:
    jede folgende Abfrage sieht, was die erste geschrieben hat). Auf SQLite ist FOR UPDATE wirkungslos; dort
    reiht schon BEGIN IMMEDIATE jede schreibende Transaktion hintereinander (conf/umgebung.py)."""
    modell = get_user_model()
    mit_rolle = modell.objects.filter(groups__name="administration").values("pk")
    aktive = modell.objects.filter(Q(is_superuser=True) | Q(pk__in=mit_rolle), is_active=True)
    list(aktive.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))


def letzte_administration(user: Any, *, rollen: Iterable[str] | None = None, aktiv: bool | None = None) -> str:
    """Die eine Regel „die Administration behält sich selbst“, für Formular, Dienste und Kommandozeile: die Meldung
    (LETZTE_ADMINISTRATION), wenn `user` jetzt (laut Datenbank) ein aktives Konto der Administration ist — die Rolle
    oder Superuser —, es nach der Änderung nicht mehr wäre (`rollen`: die neuen Rollen; `aktiv`: der neue Zustand;
    None = unverändert) und kein anderes aktives Konto der Administration bleibt; sonst "". Ein Superuser gilt als
    Administration auch ohne die Rolle (zugriff.rollen_setzen). Dass niemand sich selbst die Rolle nimmt, prüft
    nur das Formular (formulare._administration_bleibt): die Kommandozeile hat keinen angemeldeten Benutzer.

    Prüfen und Ändern sind eins: Könnte die Änderung die Administration nehmen, werden zuerst die Zeilen der aktiven
    Konten der Administration gesperrt (`_administration_sperren`), erst dann wird gezählt — sonst bestünden zwei
    Administratoren, die sich gleichzeitig gegenseitig die Rolle nehmen, beide die Prüfung, und es bliebe keiner.
    Darum nur innerhalb von transaction.atomic() (sonst TransactionManagementError), und die Änderung gehört in
    dieselbe Transaktion: die Sperre hält bis zu ihrem Ende (rollen_setzen, benutzer_sperren; das Formular der
    Verwaltung läuft in der Transaktion von Djangos changeform_view)."""
    if getattr(user, "pk", None) is None:
        return ""
    rollen = None if rollen is None else set(rollen)
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "letzte_administration prüft nur innerhalb von transaction.atomic(), zusammen mit der Änderung")
    rolle_weg = rollen is not None and "administration" not in rollen
    if not (rolle_weg or aktiv is False):
        return ""                               # die Änderung nimmt niemandem die Administration
    modell = get_user_model()
    if not modell.objects.filter(Q(is_superuser=True) | Q(groups__name="administration"), pk=user.pk,
                                 is_active=True).exists():
        return ""       # kein Konto der Administration (etwa jede OIDC-Anmeldung einer Agentin): keine Sperre aller
    _administration_sperren()                   # vor dem Zählen: die zweite gleichzeitige Änderung wartet hier
    vorher = modell.objects.filter(pk=user.pk).values_list("is_active", "is_superuser").first()
    if vorher is None:
        return ""
    war_aktiv, superuser = vorher
    rolle = modell.objects.filter(pk=user.pk, groups__name="administration").exists()
    if not war_aktiv or not (superuser or rolle):
        return ""
    bleibt_aktiv = war_aktiv if aktiv is None else aktiv
    bleibt_rolle = superuser or (rolle if rollen is None else "administration" in rollen)
    if bleibt_aktiv and bleibt_rolle:
        return ""
    andere = modell.objects.filter(is_active=True).exclude(pk=user.pk).filter(
        Q(groups__name="administration") | Q(is_superuser=True)).exists()
    return "" if andere else LETZTE_ADMINISTRATION


@transaction.atomic
def rollen_setzen(user: Any, rollen: list[str], *, standort: str) -> None:
    """Rollen (Gruppen) und Standort eines Benutzers setzen; nur bekannte Rollen (rollen.ROLLEN), die zusammen
    vergeben werden dürfen (rollen.rollen_unvereinbar, sonst RollenUnvereinbar), und nicht so, dass keine aktive
    Administration bliebe (`letzte_administration`, sonst LetzteAdministration)."""
    unbekannt = [r for r in rollen if r not in ROLLEN]
    if unbekannt:
        raise ValueError(f"unbekannte Rolle(n): {', '.join(unbekannt)} (bekannt: {', '.join(ROLLEN)})")
    if meldung := rollen_unvereinbar([*rollen, "administration"] if user.is_superuser else rollen):
        raise RollenUnvereinbar(meldung)      # auch für Kommandozeile und OIDC, nicht nur das Formular
    if meldung := letzte_administration(user, rollen=rollen):
        raise LetzteAdministration(meldung)
    user.groups.set(Group.objects.get_or_create(name=r)[0] for r in rollen)
    Arbeitsplatz.objects.update_or_create(user=user, defaults={"standort": standort})


@transaction.atomic
def benutzer_sperren(username: str) -> Any:
    """Deaktiviert einen Benutzer (is_active aus) und beendet seine offenen Sitzungen; die Einträge im
    Zugriffsprotokoll bleiben (PROTECT) — gelöscht wird nicht. Das letzte aktive Konto der Administration wird
    nicht gesperrt (`letzte_administration`, sonst LetzteAdministration)."""
    user = get_user_model().objects.get(username=username)
    if meldung := letzte_administration(user, aktiv=False):
        raise LetzteAdministration(meldung)
    user.is_active = False
    user.save(update_fields=["is_active"])
    Sitzung.objects.filter(user=user).delete()      # die Sitzung trägt den Benutzer als Spalte
    return user


def zugriff_protokollieren(user: Any, aktion: str, *, kundennummer: str | None = "",
                           kontakt: uuid.UUID | str | None = None, zweck: str = "") -> None:
    """Schreibt einen Eintrag ins Zugriffsprotokoll. Aufrufen bei jedem Lesen und Ändern von
    Kundendaten (Seite, API, Dienst). `aktion` ist ein kurzer Code wie `kunde_lesen`; der Zweck folgt
    aus ihr (zwecke.zweck_fuer), wenn er nicht eigens genannt ist. In `zugriffe_gesammelt()` wird der
    Eintrag vorgemerkt und am Ende des Blocks mit den anderen geschrieben."""
    _schreiben([_zeile(user, aktion, kundennummer, kontakt, zweck)])


def zugriff_verweigert_protokollieren(user: Any, aktion: str, *, kundennummer: str | None = "",
                                      kontakt: uuid.UUID | str | None = None, zweck: str = "") -> None:
    """Ein abgewiesener Versuch, Sozialdaten zu lesen oder zu ändern (der Rechtskreis oder die Rolle passt nicht):
    auch er gehört ins Zugriffsprotokoll — jeder Versuch muss einer Person zuzuordnen sein (§ 67c SGB X,
    Art. 5 Abs. 2 DSGVO). Aufrufen dort, wo die Ablehnung entschieden wird, unmittelbar vor dem `raise
    KeinZugriff(…)`, und außerhalb der Transaktion, die der Fehler zurückrollt. `aktion` ist der Code der
    versuchten Aktion; gespeichert wird er mit `aktionen.VERWEIGERT` am Ende, mit dem Zweck der Aktion.

    Geschrieben wird sofort (nicht in einem `zugriffe_gesammelt()`-Block vorgemerkt). Die Protokollzeile des
    Prozesses (Logger `kundenportal.zugriff`) nennt nur Benutzer-Kennung und Aktion — keine Kundennummer und
    keinen Kontakt; die stehen allein im Zugriffsprotokoll, das nur die Administration liest."""
    zeile = _zeile(user, aktion, kundennummer, kontakt, zweck)
    zeile["aktion"] = aktion + VERWEIGERT
    _einfuegen([zeile])
    logger.warning("Zugriff verweigert: benutzer=%s aktion=%s", getattr(user, "pk", "-"), aktion)


# Als vorbereitetes INSERT, einmal je Verbindung (und Zeilenzahl) übersetzt (kundenportal/vorbereitet.py),
# ohne Modellobjekte zu bauen und ohne die neuen Schlüssel zurückzulesen.
_ZUGRIFF_EINFUEGEN = Einfuegen(Zugriff, ["user_id", "aktion", "zweck", "kundennummer", "kontakt", "zeit"])


def zugriffe_protokollieren(user: Any, aktion: str, gelesen: Iterable[tuple[str | None, uuid.UUID | str | None]],
                            *, zweck: str = "") -> int:
    """Eine Liste gelesen (Warteschlange, Postkorb, Historie, Suchtreffer): je Kunde und Kontakt ein
    Eintrag, in einem Befehl. `gelesen` sind Paare (Kundennummer, Kontakt); doppelte zählen einmal.
    Eine leere Liste schreibt einen Eintrag ohne Kunde (dass gelesen wurde, steht fest).
    Gibt die Zahl der Einträge zurück."""
    paare = list(dict.fromkeys((kn or "", str(k) if k else None) for kn, k in gelesen)) or [("", None)]
    return _schreiben([_zeile(user, aktion, kn, k, zweck) for kn, k in paare])


class Vorgemerkt:
    """Die vorgemerkten Einträge eines `zugriffe_gesammelt()`-Blocks."""

    def __init__(self) -> None:
        self.zeilen: list[dict[str, Any]] = []

    def mit_aenderung(self, aenderung: Aenderung, **werte: Any) -> int:
        """Schreibt die bis hierher vorgemerkten Einträge mit der Änderung, die sie protokollieren — auf
        PostgreSQL im selben Befehl (vorbereitet.Aenderung.mit_einfuegen). Die Zahl der geänderten Zeilen."""
        zeilen, self.zeilen = self.zeilen, []
        if len(zeilen) > _VORBEREITET_BIS:
            _einfuegen(zeilen)
            return aenderung(**werte)
        return aenderung.mit_einfuegen(_ZUGRIFF_EINFUEGEN, zeilen, **werte)


_GESAMMELT: ContextVar[Vorgemerkt | None] = ContextVar("zugriffe_gesammelt", default=None)


@contextlib.contextmanager
def zugriffe_gesammelt() -> Iterator[Vorgemerkt]:
    """Die Einträge eines Schritts oder einer Seite in einem INSERT statt in je einem: innerhalb des Blocks
    werden sie vorgemerkt, an seinem Ende geschrieben — in einer Transaktion also vor ihrem Commit, mit der
    Änderung, die sie protokollieren (oder mit ihr in einem Befehl: `Vorgemerkt.mit_aenderung`). Endet der
    Block mit einem Fehler, wird trotzdem geschrieben (was gelesen wurde, steht im Protokoll); scheitert das,
    weil die Transaktion schon verloren ist, bleibt der ursprüngliche Fehler stehen (die Transaktion wird
    ohnehin zurückgerollt). In einem schon sammelnden Block sammelt es für den äußeren, der schreibt."""
    aussen = _GESAMMELT.get()
    if aussen is not None:
        yield aussen
        return
    vorgemerkt = Vorgemerkt()
    marke = _GESAMMELT.set(vorgemerkt)
    try:
        yield vorgemerkt
    except BaseException:
        with contextlib.suppress(DatabaseError):
            _einfuegen(vorgemerkt.zeilen)
        raise
    else:
        _einfuegen(vorgemerkt.zeilen)
    finally:
        _GESAMMELT.reset(marke)


_VORBEREITET_BIS = 8     # so viele Zeilen als vorbereitetes INSERT; längere Listen über bulk_create (in Stapeln)


def _schreiben(zeilen: list[dict[str, Any]]) -> int:
    vorgemerkt = _GESAMMELT.get()
    if vorgemerkt is not None:
        vorgemerkt.zeilen += zeilen
        return len(zeilen)
    return _einfuegen(zeilen)


def _einfuegen(zeilen: list[dict[str, Any]]) -> int:
    if len(zeilen) <= _VORBEREITET_BIS:
        return _ZUGRIFF_EINFUEGEN.zeilen(zeilen)
    return len(Zugriff.objects.bulk_create(Zugriff(**z) for z in zeilen))


def _zeile(user: Any, aktion: str, kundennummer: str | None, kontakt: uuid.UUID | str | None,
           zweck: str) -> dict[str, Any]:
    return {"user_id": user.pk, "aktion": aktion, "zweck": zwecke.pruefen(zweck or zwecke.zweck_fuer(aktion)),
            "kundennummer": kundennummer or "", "kontakt": _kontakt_id(kontakt), "zeit": zeit.echt()}


def _kontakt_id(kontakt: uuid.UUID | str | None) -> uuid.UUID | None:
    """Die Kennung eines Kontakts; ein Verweis, der keine ist (etwa eine Aufgabe aus einem Fachverfahren
    mit eigener Nummer), bleibt leer — die Kundennummer steht trotzdem im Eintrag."""
    if not kontakt:
        return None
    try:
        return uuid.UUID(str(kontakt))
    except ValueError:
        return None
