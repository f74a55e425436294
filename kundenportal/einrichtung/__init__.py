"""Einrichtung: der eine Befehl, der eine Installation aufsetzt (`manage.py einrichten [--demo]`).

Liegt über allen Seiten-Apps (Schicht 6 in docs/architektur.md), weil er sie alle braucht: Migrationen,
Katalog-Import der Redaktion, Prüfung, und mit `--demo` die Demodaten jeder App."""
