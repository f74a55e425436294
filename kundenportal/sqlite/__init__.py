"""SQLite-Backend des Kundenportals (ENGINE `kundenportal.sqlite`): Djangos sqlite3-Backend mit einer
Warteschlange der Schreiber vor SQLites Schreibsperre (base.py)."""
