"""REST-API unter /api/ (django-ninja): Katalog und Gespräch, mit denselben Rechten wie die Seiten."""
