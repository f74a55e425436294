"""Die gemerkte Umwandlung „%s“ → „?“ des SQLite-Backends (kundenportal/sqlite/base.py) gibt genau Djangos
Ergebnis, auch mit „%%“ und benannten Parametern, und rechnet denselben Text nur einmal."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from hypothesis import given
from hypothesis import strategies as st

from kundenportal.sqlite.base import _Cursor, _fragezeichen

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="nur das SQLite-Backend")


def _beide(query: str, param_names: list[str] | None = None) -> tuple[str, str]:
    return (_Cursor.convert_query(_Cursor.__new__(_Cursor), query, param_names=param_names),
            SQLiteCursorWrapper.convert_query(SQLiteCursorWrapper.__new__(SQLiteCursorWrapper), query, param_names=param_names))


@pytest.mark.parametrize("query", [
    'SELECT "a" FROM "t" WHERE "b" = %s AND "c" IN (%s, %s) LIMIT 1',
    "SELECT '100%%' || %s",
    "SELECT '%%s', %s",
    "SELECT 1",
])
def test_wie_django(query: str) -> None:
    eigen, django = _beide(query)
    assert eigen == django


def test_benannte_parameter_wie_django() -> None:
    eigen, django = _beide("SELECT %(a)s, %(b)s", ["a", "b"])
    assert eigen == django == "SELECT :a, :b"


@given(st.text(alphabet="%s ?'ab", max_size=40))
def test_beliebige_texte_wie_django(query: str) -> None:
    eigen, django = _beide(query)
    assert eigen == django


def test_derselbe_text_einmal() -> None:
    _fragezeichen.cache_clear()
    for _ in range(3):
        assert _fragezeichen("SELECT %s") == "SELECT ?"
    info = _fragezeichen.cache_info()
    assert (info.misses, info.hits) == (1, 2)
