"""Eine Mail, die ohne Arbeitshilfe erledigt wird (zu „Sonstiges“ gibt es keine, oder sie wurde nicht gestartet),
steht wie jeder Kontakt in der Kontakthistorie des Kunden: `kontakt_ohne_arbeitshilfe` ist dieser Kontakt (Kanal
emb, Ergebnis in Worten, der Vermerk; services.historie). Die Mail geht mit ihm, wenn die Löschfrist ihn entfernt."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('email_bearbeitung', '0008_vermerk_entwurf'),
        ('gespraech', '0004_kontakt_begonnen_fachliche_uhr'),
    ]

    operations = [
        migrations.AddField(
            model_name='mail',
            name='kontakt_ohne_arbeitshilfe',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mail_ohne_arbeitshilfe', to='gespraech.kontakt'),
        ),
    ]
