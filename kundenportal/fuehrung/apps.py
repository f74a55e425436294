from django.apps import AppConfig


class FuehrungConfig(AppConfig):
    name = "kundenportal.fuehrung"
    verbose_name = "Führungsprozesse (Anlagen 5 und 7)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Das Zugriffsprotokoll nennt die Zahl hinter „Kontakte hinter einer Zahl der Anlage 5/7 gelesen“ in Worten."""
        from kundenportal.konten import aktionen

        from .kontaktliste import aktion_beschreiben
        from .regelkontakte import regel_aktion_beschreiben

        aktionen.BESCHREIBER[aktionen.ANLAGE5] = aktion_beschreiben
        aktionen.BESCHREIBER[aktionen.ANLAGE7] = regel_aktion_beschreiben
