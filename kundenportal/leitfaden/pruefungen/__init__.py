"""Die Prüfungen des Katalogs (leitfaden.pruefen), je Gegenstand ein Modul; jedes trägt seine Prüfungen mit
`@fassungspruefung` / `@leitfadenpruefung` in die Registry ein (registrierung.py; docs/hausstil.md, Gewohnheit 5).

Wer die Registry liest, importiert dabei dieses Paket — und damit jedes Prüfmodul: keine Prüfung fällt still aus,
weil ihr Modul nicht geladen war. Eine neue Prüfung ist ein neues Modul, hier in die Reihe gestellt."""

# Die Reihenfolge der Module ist die Reihenfolge der Prüfungen: katalog_pruefen sortiert die Befunde stabil, an
# derselben Stelle (Datei, Zeile, Feld) steht der Befund der früheren Prüfung zuerst. Darum nicht alphabetisch;
# und ein Prüfmodul importiert nie ein anderes (es trüge dessen Prüfungen vor seinen eigenen ein).
from . import verweise, vergleichswerte, datenfluss, graph, zeitachse, regelverweise  # noqa: F401  # isort: skip
