"""PostgreSQL-Backend des Kundenportals (ENGINE `kundenportal.postgresql`): Djangos postgresql-Backend, dessen
Pool eine Verbindung vor dem Ausleihen ohne Rundlauf prüft, solange der Server nichts geschickt hat (base.py)."""
