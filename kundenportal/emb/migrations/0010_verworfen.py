"""Eine Mail aus der Quarantäne verwerfen (services.quarantaene_verwerfen): Status `verworfen` und der Zeitpunkt
`verworfen_am`; der Grund steht im Protokoll der Mail. Der Rohtext bleibt, bis die Löschfrist ihn entfernt."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('email_bearbeitung', '0009_kontakt_ohne_arbeitshilfe'),
    ]

    operations = [
        migrations.AddField(
            model_name='mail',
            name='verworfen_am',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='mail',
            name='status',
            field=models.CharField(choices=[('eingang', 'wird zerlegt'), ('quarantaene', 'Quarantäne'), ('offen', 'offen'), ('in_bearbeitung', 'in Bearbeitung'), ('erledigt', 'erledigt'), ('verworfen', 'verworfen')], db_index=True, default='offen', max_length=20),
        ),
    ]
