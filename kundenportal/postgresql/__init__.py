"""PostgreSQL-Backend des Kundenportals (ENGINE `kundenportal.postgresql`): Djangos postgresql-Backend, dessen
Pool eine eben aus einer Anfrage zurückgegebene, still ruhende Verbindung ohne Rundlauf verleiht (base.py)."""
