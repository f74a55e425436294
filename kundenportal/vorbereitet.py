"""Vorbereitete Abfragen: ein QuerySet wird einmal je Datenbankverbindung in SQL übersetzt und danach nur
noch mit neuen Werten ausgeführt.

Djangos ORM übersetzt jede Abfrage bei jeder Ausführung neu (`build_filter`, `get_select`, `as_sql`); auf
dem heißen Weg eines Gesprächsschritts war das der größte Teil der Zeit einer Abfrage. Hier steht an der
Stelle jedes wechselnden Werts ein `Wert` (Platzhalter mit Namen und Feld); die Übersetzung merkt sich,
an welcher Stelle der Parameter er steht, und setzt beim Aufruf den Wert ein — umgewandelt wie das ORM es
täte (`Feld.get_db_prep_value`, etwa UUID auf SQLite als Hex-Text). Gelesen wird wie mit dem ORM:
dieselben Umwandler (JSON, Zeitpunkte), dieselben Modellobjekte (`Model.from_db`), `select_related`
inklusive. Geschrieben wird mit `Aenderung` (UPDATE) und `Einfuegen` (INSERT) ebenso.

Was gleich bleibt, steht im SQL (Konstanten, Sortierung, LIMIT); was wechselt, ist ein `Wert`. Eine
Abfrage mit `select_for_update` läuft wie im ORM nur in einer Transaktion.

Auf PostgreSQL ist eine Übersetzung auch auf dem Server vorbereitet (`KUNDENPORTAL_VORBEREITET_SERVER`,
Umgebung `DATABASE_VORBEREITET`, an wenn der Pool im Prozess läuft): beim ersten Aufruf je Verbindung ein
benanntes Statement (Protokoll-Parse), danach nur noch Bind und Execute — der Server plant sie nicht bei
jedem Aufruf neu. Die Befehle laufen dabei durch Djangos Cursor-Hülle: Fehler, Protokoll und
`assertNumQueries` sehen sie wie jede andere Abfrage."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError

M = TypeVar("M", bound=Model)


class Wert(Expression):
    """Platzhalter für einen Wert, der bei jedem Aufruf wechselt: `filter(pk=Wert("id", Kontakt._meta.pk))`."""

    def __init__(self, name: str, feld: Field[Any, Any]) -> None:
        super().__init__(output_field=feld)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return "%s", (self,)


class Fest(Expression):
    """Ein fester Code (Buchstaben, Ziffern, Unterstrich), der als Literal im SQL steht statt als Parameter:
    `filter(status=Fest(Kontakt.ABGESCHLOSSEN))`.

    Wozu: SQLite plant einen Befehl bei jedem Binden neu, wenn der gebundene Wert entscheidet, ob ein
    partieller Index passt — auf `gespraech_kontakt` etwa `fuehrung_kontakt_offen … WHERE status = 'offen'`.
    `status = ?` kostete so je Aufruf 15–40 µs Übersetzung (die letzten Kontakte neben dem Gespräch:
    ~50 statt ~10 µs); als Literal bleibt der Befehl im Cache übersetzt. Nur Codes, nie Eingaben: was nicht
    aus [A-Za-z0-9_] besteht, lehnt der Konstruktor ab — so braucht das Literal kein Maskieren. Umgewandelt wird
    nichts (kein `get_db_prep_value`): nur für Text-Spalten mit Codes, etwa `status` oder `kanal`."""

    def __init__(self, wert: str, feld: Field[Any, Any] | None = None) -> None:
        if not isinstance(wert, str) or not wert or not all(z.isascii() and (z.isalnum() or z == "_") for z in wert):
            raise ValueError(f"Fest: nur Codes aus Buchstaben, Ziffern und _, nicht {wert!r}")
        super().__init__(output_field=feld)
        self.wert = wert

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return f"'{self.wert}'", ()


def _parameter(vorlage: list[Any], werte: Mapping[str, Any], verbindung: Any, speichern: bool = False) -> list[Any]:
    """Die Parameter eines Aufrufs: an jeder Stelle eines `Wert` der genannte Wert, umgewandelt wie im ORM
    (zum Vergleichen `get_db_prep_value`, zum Speichern `get_db_prep_save`: JSON-None wird NULL)."""
    try:
        if speichern:
            return [p.output_field.get_db_prep_save(werte[p.name], verbindung) if type(p) is Wert else p
                    for p in vorlage]
        return [p.output_field.get_db_prep_value(werte[p.name], verbindung, prepared=False) if type(p) is Wert
                else p for p in vorlage]
    except KeyError as fehlt:
        raise TypeError(f"vorbereitete Abfrage: Wert fehlt: {fehlt.args[0]}") from None


_NIE = 2**31 - 1            # Schwelle, ab der psycopg von selbst vorbereitet: nie


@functools.cache
def _servercursor() -> type[Any]:
    """Djangos Cursor mit Bindung auf dem Server (psycopg 3), der jede Abfrage vorbereitet ausführt."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class Vorbereitet(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                    binary: bool | None = None) -> Any:
            return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]

    return Vorbereitet


def vorbereiteter_cursor(verbindung: Any) -> Any:
    """Ein Cursor für eine übersetzte Abfrage: auf PostgreSQL (wenn eingeschaltet) einer, der sie auf dem
    Server vorbereitet, sonst `verbindung.cursor()`. Beide in Djangos Hülle (Fehler, Protokoll, Zählen)."""
    if verbindung.vendor != "postgresql" or not getattr(settings, "KUNDENPORTAL_VORBEREITET_SERVER", False):
        return verbindung.cursor()
    verbindung.close_if_health_check_failed()
    verbindung.ensure_connection()
    roh = verbindung.connection
    if roh.prepare_threshold is None:     # Django schaltet Vorbereiten ab; Djangos eigene (Client-)Cursor
        roh.prepare_threshold = _NIE       # bereiten ohnehin nie vor, nur `prepare=True` hier tut es
    verbindung.validate_thread_sharing()
    with verbindung.wrap_database_errors:
        cursor = _servercursor()(roh)
    return _Protokolliert(cursor, verbindung) if verbindung.queries_logged else verbindung.make_cursor(cursor)


class _Protokolliert(CursorDebugWrapper):
    """Djangos Protokoll-Hülle (DEBUG, `CaptureQueriesContext`): psycopg hält für eine auf dem Server gebundene
    Abfrage keinen fertigen SQL-Text; protokolliert wird sie mit eingesetzten Werten wie Djangos eigene."""

    @contextmanager
    def debug_sql(self, sql: Any = None, params: Any = None, use_last_executed_query: bool = False,
                  many: bool = False) -> Iterator[None]:
        if use_last_executed_query and sql is not None:
            with suppress(DatabaseError):
                sql = self.db.ops.compose_sql(sql, params)
        with super().debug_sql(sql, params, False, many):
            yield


@dataclass(frozen=True)
class _Lesen:
    """Eine übersetzte Abfrage mit allem, was das Lesen ihrer Zeilen braucht — einmal bestimmt, nicht je Aufruf."""
    sql: str
    parameter: list[Any]
    compiler: SQLCompiler
    sperrt: bool
    umwandler: dict[int, Any]
    modell: type[Model]
    anfang: int
    ende: int
    namen: list[str]
    verwandte: list[Any]


class _Je:
    """Je Datenbankverbindung (Alias und Thread) eine Übersetzung: SQL und Umwandler hängen am Backend."""

    def __init__(self) -> None:
        self._lokal = threading.local()

    def holen(self, alias: str, bauen: Callable[[Any], Any], art: int = 0) -> Any:
        """Die Übersetzung für diese Verbindung (und `art`, etwa die Zeilenzahl eines INSERT)."""
        verbindung = connections[alias]
        fach: dict[tuple[str, int, int], Any] = self._lokal.__dict__.setdefault("fach", {})
        schluessel = (alias, id(verbindung), art)
        eintrag = fach.get(schluessel)
        if eintrag is None:
            eintrag = fach[schluessel] = bauen(verbindung)
        return eintrag


class Abfrage(Generic[M]):
    """Eine lesende Abfrage, die Modellobjekte liefert: `Abfrage(lambda: Kontakt.objects.filter(
    pk=Wert("id", Kontakt._meta.pk))[:1])`, aufgerufen mit `abfrage(id=…)` → list[Kontakt]."""

    def __init__(self, bauen: Callable[[], QuerySet[M]], using: str = DEFAULT_DB_ALIAS) -> None:
        self._bauen = bauen
        self._using = using
        self._je = _Je()

    def _uebersetzen(self, verbindung: Any) -> _Lesen:
        qs = self._bauen()
        c = qs.query.get_compiler(using=self._using)
        sql, parameter = c.as_sql()          # füllt select, klass_info, annotation_col_map
        klass_info = c.klass_info
        assert klass_info is not None
        felder = klass_info["select_fields"]
        anfang, ende = felder[0], felder[-1] + 1
        return _Lesen(sql, list(parameter), c, sperrt=bool(qs.query.select_for_update),
                      umwandler=c.get_converters([s[0] for s in c.select[0:c.col_count]]),
                      modell=klass_info["model"], anfang=anfang, ende=ende,
                      namen=[f[0].target.attname for f in c.select[anfang:ende]],
                      # Django 5.2: (klass_info, select, db); die Stubs beschreiben schon eine spätere Fassung.
                      verwandte=get_related_populators(klass_info, c.select, self._using))  # type: ignore[call-arg]

    def __call__(self, **werte: Any) -> list[M]:
        u: _Lesen = self._je.holen(self._using, self._uebersetzen)
        verbindung = connections[self._using]
        if u.sperrt and not verbindung.in_atomic_block:
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        with vorbereiteter_cursor(verbindung) as cursor:
            cursor.execute(u.sql, _parameter(u.parameter, werte, verbindung))
            zeilen = cursor.fetchall()
        if not zeilen:
            return []
        if u.umwandler:
            zeilen = list(u.compiler.apply_converters(zeilen, u.umwandler))
        ergebnis: list[M] = []
        for zeile in zeilen:
            obj = u.modell.from_db(self._using, u.namen, zeile[u.anfang:u.ende])
            for v in u.verwandte:
                v.populate(zeile, obj)
            ergebnis.append(cast(M, obj))
        return ergebnis


class Aenderung:
    """Ein UPDATE mit festen Spalten: `Aenderung(Kontakt, {"lauf": "lauf", …}, lambda: Kontakt.objects.filter(
    pk=Wert("id", Kontakt._meta.pk)))` — Spalte → Name des Werts; aufgerufen mit den Werten, liefert die
    Zahl der geänderten Zeilen. Anders als `save()` setzt es kein `auto_now`: der Aufrufer nennt die Zeit."""

    def __init__(self, modell: type[Model], spalten: Mapping[str, str], bauen: Callable[[], QuerySet[Any]],
                 using: str = DEFAULT_DB_ALIAS) -> None:
        self._modell, self._spalten, self._bauen, self._using = modell, dict(spalten), bauen, using
        self._je = _Je()

    def _uebersetzen(self, verbindung: Any) -> tuple[str, list[Any]]:
        query = cast(UpdateQuery, self._bauen().query.chain(UpdateQuery))
        meta = self._modell._meta
        werte: list[tuple[Field[Any, Any], None, Wert]] = []
        for spalte, name in self._spalten.items():
            feld = meta.get_field(spalte)
            if not isinstance(feld, Field):
                raise TypeError(f"vorbereitete Änderung: {spalte} ist keine Spalte von {meta.label}")
            werte.append((feld, None, Wert(name, feld)))
        query.add_update_fields(cast(Any, werte))       # die Stubs verlangen dort Case; Django nimmt Ausdrücke
        sql, parameter = query.get_compiler(using=self._using).as_sql()
        return sql, list(parameter)

    def __call__(self, **werte: Any) -> int:
        return _schreiben(self._using, self._je.holen(self._using, self._uebersetzen), werte)

    def mit_einfuegen(self, einfuegen: Einfuegen, zeilen: Sequence[Mapping[str, Any]], **werte: Any) -> int:
        """Das UPDATE und dazu ein INSERT der `zeilen` (etwa die Einträge des Zugriffsprotokolls zu dieser
        Änderung): auf PostgreSQL in einem Befehl (`WITH … AS (INSERT …) UPDATE …`; der INSERT läuft dort
        immer ganz), sonst nacheinander. Gibt die Zahl der geänderten Zeilen des UPDATE zurück."""
        verbindung = connections[self._using]
        if not zeilen or verbindung.vendor != "postgresql" or einfuegen._using != self._using:
            einfuegen.zeilen(zeilen)
            return self(**werte)

        def uebersetzen(v: Any) -> tuple[str, list[Any], list[Any]]:
            einfuegen_sql, einfuegen_vorlage = einfuegen._uebersetzen(v, len(zeilen))
            aendern_sql, aendern_vorlage = self._uebersetzen(v)
            return f"WITH eingefuegt AS ({einfuegen_sql}) {aendern_sql}", einfuegen_vorlage, aendern_vorlage

        sql, einfuegen_vorlage, aendern_vorlage = self._je.holen(self._using, uebersetzen, len(zeilen))
        parameter = einfuegen._parameter(einfuegen_vorlage, zeilen, verbindung)
        parameter += _parameter(aendern_vorlage, werte, verbindung, speichern=True)
        with vorbereiteter_cursor(verbindung) as cursor:
            cursor.execute(sql, parameter)
            return int(cursor.rowcount)


class Einfuegen:
    """Ein INSERT mit festen Spalten (ohne Rückgabe des neuen Schlüssels): `Einfuegen(Zugriff, ["user_id",
    "aktion", …])`, aufgerufen mit je einem Wert je Spalte (Name = attname); `zeilen([…])` schreibt mehrere
    Zeilen in einem Befehl (übersetzt einmal je Zeilenzahl)."""

    def __init__(self, modell: type[Model], spalten: list[str], using: str = DEFAULT_DB_ALIAS) -> None:
        self._modell, self._spalten, self._using = modell, list(spalten), using
        self._je = _Je()

    def _uebersetzen(self, verbindung: Any, anzahl: int = 1) -> tuple[str, list[Any]]:
        meta = self._modell._meta
        felder = [next(f for f in meta.concrete_fields if f.attname == s) for s in self._spalten]
        objekte = []
        for _ in range(anzahl):
            obj = self._modell()
            for f in felder:
                obj.__dict__[f.attname] = Wert(f.attname, f)
            objekte.append(obj)
        query = InsertQuery(self._modell)
        query.insert_values(felder, objekte)
        ((sql, parameter),) = query.get_compiler(using=self._using).as_sql()
        if len(parameter) != anzahl * len(felder) or any(type(p) is not Wert for p in parameter):
            raise TypeError(f"vorbereitetes INSERT: unerwartete Parameter für {meta.label}")  # nur Platzhalter
        return sql, list(parameter)

    def __call__(self, **werte: Any) -> None:
        _schreiben(self._using, self._je.holen(self._using, self._uebersetzen), werte)

    def zeilen(self, zeilen: Sequence[Mapping[str, Any]]) -> int:
        """Alle `zeilen` in einem INSERT; gibt ihre Zahl zurück."""
        if not zeilen:
            return 0
        if len(zeilen) == 1:
            self(**zeilen[0])
            return 1
        sql, vorlage = self._je.holen(self._using, lambda v: self._uebersetzen(v, len(zeilen)), len(zeilen))
        verbindung = connections[self._using]
        with vorbereiteter_cursor(verbindung) as cursor:
            cursor.execute(sql, self._parameter(vorlage, zeilen, verbindung))
        return len(zeilen)

    def _parameter(self, vorlage: list[Any], zeilen: Sequence[Mapping[str, Any]], verbindung: Any) -> list[Any]:
        """Die Parameter eines INSERT über `len(zeilen)` Zeilen: je Zeile ein Block, eine Stelle je Spalte."""
        breite = len(self._spalten)
        parameter: list[Any] = []
        for i, werte in enumerate(zeilen):
            parameter += _parameter(vorlage[i * breite:(i + 1) * breite], werte, verbindung, speichern=True)
        return parameter


def _schreiben(using: str, uebersetzt: tuple[str, list[Any]], werte: Mapping[str, Any]) -> int:
    """Ein übersetztes UPDATE oder INSERT mit den Werten dieses Aufrufs; die Zahl der betroffenen Zeilen."""
    sql, vorlage = uebersetzt
    verbindung = connections[using]
    with vorbereiteter_cursor(verbindung) as cursor:
        cursor.execute(sql, _parameter(vorlage, werte, verbindung, speichern=True))
        return int(cursor.rowcount)


__all__ = ["Abfrage", "Aenderung", "Einfuegen", "Fest", "Wert", "vorbereiteter_cursor"]
