"""Ein Zeitraum von Kalendertagen, wie Menschen ihn in Filter tippen: Grenzen 2000–2100 (zeit.FRUEHESTENS,
zeit.SPAETESTENS), ein fehlender Beginn oder ein fehlendes Ende auf drei Kalendermonate ergänzt, Ende nicht vor dem
Beginn, höchstens drei Jahre. Eine Regel für die Führungsprozesse (Anlage 5, 7) und die QS-Auswertung — darum
unten im Haus, ohne Django: beide bauen darauf, keine auf der anderen."""

from __future__ import annotations

import datetime as dt

from kundenportal.zeit import FRUEHESTENS, SPAETESTENS

MAX_TAGE = 3 * 366
MONATE = 3                                       # fehlt Beginn oder Ende: drei Kalendermonate


class ZeitraumFehler(ValueError):
    """Ein unmöglicher Zeitraum (Ende vor Beginn, zu lang, unbekannter Standort) — mit klarer Meldung."""


def monatserster(tag: dt.date, monate: int) -> dt.date:
    m = tag.year * 12 + tag.month - 1 + monate
    return dt.date(m // 12, m % 12 + 1, 1)


def bereich_fehler(tag: dt.date) -> str:
    """Die Meldung für ein Datum außerhalb von 01.01.2000–31.12.2100, sonst ""."""
    if FRUEHESTENS <= tag <= SPAETESTENS:
        return ""
    return f"Bitte ein Datum zwischen dem {FRUEHESTENS:%d.%m.%Y} und dem {SPAETESTENS:%d.%m.%Y} angeben."


def ergaenzen(von: dt.date | None, bis: dt.date | None, ohne: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Beginn und Ende, wo eines fehlt: fehlt das Ende, gilt das Ende des dritten Monats ab dem Beginn
    (01.06.2020 → 31.08.2020); fehlt der Beginn, der Erste des dritten Monats bis zum Ende (30.04.2020 →
    01.02.2020); fehlt beides, `ohne`. Ein Datum außerhalb von 2000–2100 bleibt stehen, damit `pruefen` es meldet."""
    if von is None and bis is None:
        return ohne
    if bis is None:
        assert von is not None
        if bereich_fehler(von):
            return von, von
        return von, min(monatserster(von, MONATE) - dt.timedelta(days=1), SPAETESTENS)
    if von is None:
        return (bis if bereich_fehler(bis) else max(monatserster(bis, 1 - MONATE), FRUEHESTENS)), bis
    return von, bis


def pruefen(von: dt.date, bis: dt.date) -> None:
    """ZeitraumFehler mit deutscher Meldung, wenn ein Datum außerhalb liegt, das Ende vor dem Beginn oder der
    Zeitraum länger als drei Jahre ist."""
    for name, tag in (("Von", von), ("Bis", bis)):
        if fehler := bereich_fehler(tag):
            raise ZeitraumFehler(f"{name} ({tag:%d.%m.%Y}): {fehler}")
    if bis < von:
        raise ZeitraumFehler(f"Das Ende ({bis:%d.%m.%Y}) liegt vor dem Beginn ({von:%d.%m.%Y}). "
                             "Bitte ein Ende ab dem Beginn angeben oder „Bis“ leer lassen (dann drei Monate ab dem Beginn).")
    if (bis - von).days > MAX_TAGE:
        raise ZeitraumFehler("Der Zeitraum ist länger als drei Jahre; bitte kürzer wählen.")
