from django.apps import AppConfig


class RedaktionConfig(AppConfig):
    name = "kundenportal.redaktion"
    label = "redaktion"
    verbose_name = "Redaktion"
