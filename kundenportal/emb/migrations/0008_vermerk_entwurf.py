"""Der Vermerk einer Mail übersteht die Bearbeitung: `vermerk_entwurf` hält, was die Beschäftigten in das Feld
„Kontaktvermerk“ tippen (über Vorschau, Senden, „Weiter bearbeiten“ und jeden Schritt der Arbeitshilfe hinweg),
`vermerk_grundlage` den Vorschlag der Arbeitshilfe, auf dem er beruht. `vermerk` trägt den Vermerk einer
erledigten Mail, zu der es keinen Kontakt gibt (ohne Arbeitshilfe, ohne Kundennummer)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0007_index_wartend_rechtskreis")]

    operations = [
        migrations.AddField("mail", "vermerk", models.TextField(blank=True, default="")),
        migrations.AddField("mail", "vermerk_entwurf", models.TextField(blank=True, default="")),
        migrations.AddField("mail", "vermerk_grundlage", models.TextField(blank=True, default="")),
    ]
