"""Arbeitsmittel der Weisung außer den Leitfäden (domain.md A12): Aufgabensteckbriefe, QS-Anlagen
2.2.1–2.2.6, Anlagen 5 und 7 der Arbeitshilfe operative Führungsprozesse — versioniert wie Leitfäden,
an ihre Weisung gebunden, ohne Django (Kern)."""
