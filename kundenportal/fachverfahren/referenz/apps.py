from django.apps import AppConfig


class ReferenzConfig(AppConfig):
    name = "kundenportal.fachverfahren.referenz"
    label = "referenz"
    verbose_name = "Referenz-Fachverfahren"
    default_auto_field = "django.db.models.BigAutoField"
