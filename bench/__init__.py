"""`make bench`: Messungen gegen Vergleichssysteme aus demselben Lauf (SpiffWorkflow, eine nackte
Django-Schreibsicht, ein Teilstring-Scan), als Tabellen mit Verhältnis und Zielspalte.

Nur für die Messung: nichts hier wird vom Kundenportal importiert; die Abhängigkeiten stehen im
Extra `[bench]` von pyproject.toml. Start: `make bench` oder `python -m bench` (Teile: `--nur`)."""
