"""Sitzungsspeicher (SESSION_ENGINE): Sitzung, Benutzer und seine Rollen in einer Abfrage.

Djangos Datenbank-Sitzung, aber in `konten.Sitzung` mit dem Benutzer als Spalte. Beim Laden holt eine
Abfrage die Sitzung, den Benutzer und seine Gruppennamen (LEFT JOIN, Gruppen als eine Zeichenkette);
`konten.anmeldung.Anmeldung.get_user` nimmt den so vorgeladenen Benutzer, statt ihn noch einmal zu lesen.

Nichts, was sich ändern kann, wird zwischengespeichert: die Sitzung, das Aktiv-Kennzeichen, das Passwort
(Sitzungs-Hash) und die Rollen sind je Anfrage frisch aus der Datenbank — eine Abmeldung, eine Sperre oder
eine entzogene Rolle gilt ab der nächsten Anfrage, auf jedem Knoten. Der vorgeladene Benutzer gilt nur für
die Anfrage, die ihn geladen hat (zu Beginn jeder Anfrage geleert, bei der ersten Verwendung verbraucht).

Gemerkt wird nur, was eine reine Funktion ist: die Prüfung der Signatur einer gelesenen Zeichenkette
(`_gepruefte_nutzlast`, Schlüssel: die Zeichenkette, das Salz und die Schlüssel aus SECRET_KEY und
SECRET_KEY_FALLBACKS) und je Datenbank die Abfrage mit den Wandlern ihrer Spalten (Djangos
`get_converters`, wie in `kundenportal.vorbereitet`). Die Sitzung selbst kommt
trotzdem je Anfrage aus der Datenbank und wird je Anfrage neu aus JSON gebaut (kein geteiltes Objekt)."""

from __future__ import annotations

import contextvars
import functools
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core import signing
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router

from kundenportal import zeit
from kundenportal.vorbereitet import vorbereiteter_cursor

TRENNER = ","      # Rollenschlüssel (rollen.ROLLEN) enthalten kein Komma
BENUTZER_SCHLUESSEL = "_auth_user_id"

# (Benutzer-pk als Text, Benutzer, Gruppennamen) der laufenden Anfrage, oder None.
_vorgeladen: contextvars.ContextVar[tuple[str, Any, list[str]] | None] = contextvars.ContextVar(
    "kundenportal_vorgeladen", default=None)


def vorgeladen_leeren(**_: Any) -> None:
    """Zu Beginn jeder Anfrage (Signal request_started): nichts aus einer früheren Anfrage übernehmen."""
    _vorgeladen.set(None)


def vorgeladen_nehmen(pk: Any) -> tuple[Any, list[str]] | None:
    """Der mit der Sitzung geladene Benutzer `pk` mit seinen Gruppennamen — einmal; sonst None."""
    eintrag = _vorgeladen.get()
    if eintrag is None or eintrag[0] != str(pk):
        return None
    _vorgeladen.set(None)
    return eintrag[1], eintrag[2]


class _Nutzlast(signing.JSONSerializer):
    """Serialisierer für `signing.loads`, der die geprüfte und entpackte Nutzlast (JSON-Bytes) unverändert
    zurückgibt: so bleibt die Prüfung ganz bei Django, und gemerkt werden Bytes, nie ein veränderbares Objekt."""

    def loads(self, data: bytes) -> Any:
        return data


@functools.lru_cache(maxsize=4096)
def _gepruefte_nutzlast(daten: bytes | str, salz: str, schluessel: str, alte: tuple[str, ...]) -> bytes:
    """Die Nutzlast der Sitzungsdaten `daten` nach der Prüfung der Signatur (HMAC, base64, zlib): eine reine
    Funktion ihrer Argumente, darum je Zeichenkette gemerkt (im Gespräch bleiben die Daten meist gleich: die
    Leerlaufzeit schreibt `konten.sitzung` höchstens alle 30 s). Eine falsche Signatur wirft
    `signing.BadSignature` und wird nicht gemerkt."""
    text = daten if isinstance(daten, str) else daten.decode()
    return bytes(signing.loads(text, key=schluessel, fallback_keys=list(alte), salt=salz, serializer=_Nutzlast))


@functools.cache
def _abfrage(alias: str) -> tuple[str, tuple[str, ...], Any, dict[int, Any]]:
    """Die eine Abfrage (einmal je Prozess und Datenbank gebaut), die Spalten des Benutzers und, von Djangos
    Compiler bestimmt, die Wandler dieser Spalten (Datum, Wahrheitswerte auf SQLite)."""
    from .models import Sitzung

    verbindung = connections[alias]
    q = verbindung.ops.quote_name
    modell = get_user_model()
    felder = tuple(f.attname for f in modell._meta.concrete_fields)
    pk_spalte = str(modell._meta.pk.column)
    spalten = ", ".join(f"u.{q(str(f.column))}" for f in modell._meta.concrete_fields)
    gruppe, zuordnung = modell._meta.get_field("groups").related_model, modell.groups.through
    namen = (f"STRING_AGG(g.{q('name')}, '{TRENNER}')" if verbindung.vendor == "postgresql"
             else f"GROUP_CONCAT(g.{q('name')}, '{TRENNER}')")
    unter = (f"SELECT {namen} FROM {q(zuordnung._meta.db_table)} ug JOIN {q(gruppe._meta.db_table)} g "
             f"ON g.{q('id')} = ug.{q('group_id')} WHERE ug.{q('user_id')} = u.{q(pk_spalte)}")
    sql = (f"SELECT s.{q('session_data')}, {spalten}, ({unter}) "
           f"FROM {q(Sitzung._meta.db_table)} s LEFT JOIN {q(modell._meta.db_table)} u "
           f"ON u.{q(pk_spalte)} = s.{q('user_id')} "
           f"WHERE s.{q('session_key')} = %s AND s.{q('expire_date')} > %s")
    compiler = modell._base_manager.all().query.get_compiler(using=alias)
    return sql, felder, compiler, compiler.get_converters([f.cached_col for f in modell._meta.concrete_fields])


class SessionStore(DbSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from .models import Sitzung

        return Sitzung

    def load(self) -> dict[str, Any]:
        _vorgeladen.set(None)
        if not self.session_key:
            self._session_key = None
            return {}
        alias = router.db_for_read(self.model)
        sql, felder, compiler, wandler = _abfrage(alias)
        verbindung = connections[alias]
        with vorbereiteter_cursor(verbindung) as cursor:    # PostgreSQL: auf dem Server vorbereitet
            cursor.execute(sql, [self.session_key, zeit.echt()])   # Ablauf: echte Zeit, nie der Stichtag
            zeile = cursor.fetchone()
        if zeile is None:
            self._session_key = None
            return {}
        try:
            daten: dict[str, Any] = self.decode(zeile[0])
        except SuspiciousOperation:
            self._session_key = None
            return {}
        werte = zeile[1:1 + len(felder)]
        if werte[0] is not None and str(daten.get(BENUTZER_SCHLUESSEL)) == str(werte[0]):
            konvertiert = next(compiler.apply_converters([werte], wandler))
            user = get_user_model().from_db(alias, list(felder), konvertiert)
            gruppen = str(zeile[-1] or "")
            _vorgeladen.set((str(user.pk), user, [n for n in gruppen.split(TRENNER) if n]))
        return daten

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        """Wie Djangos `decode`, die Prüfung der Signatur aber je Zeichenkette gemerkt; das Wörterbuch entsteht je
        Aufruf neu. Was die Prüfung nicht besteht, geht an Djangos `decode` (Warnung, leere Sitzung)."""
        try:
            nutzlast = _gepruefte_nutzlast(session_data, self.key_salt, settings.SECRET_KEY,
                                           tuple(settings.SECRET_KEY_FALLBACKS))
            daten: dict[str, Any] = self.serializer().loads(nutzlast)
        except Exception:
            return super().decode(session_data)
        return daten

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        obj: Any = super().create_model_instance(data)
        wert = data.get(BENUTZER_SCHLUESSEL)
        try:
            obj.user_id = get_user_model()._meta.pk.to_python(wert) if wert is not None else None
        except Exception:     # eine Sitzung mit fremder Kennung: ohne Spalte (lädt dann keinen Benutzer)
            obj.user_id = None
        return obj
