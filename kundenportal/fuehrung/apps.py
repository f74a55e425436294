from django.apps import AppConfig


class FuehrungConfig(AppConfig):
    name = "kundenportal.fuehrung"
    verbose_name = "Führungsprozesse (Anlagen 5 und 7)"
    default_auto_field = "django.db.models.BigAutoField"
