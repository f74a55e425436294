from django.apps import AppConfig


class EmbConfig(AppConfig):
    name = "kundenportal.emb"
    label = "email_bearbeitung"
    verbose_name = "E-Mail-Bearbeitung (EMB)"
