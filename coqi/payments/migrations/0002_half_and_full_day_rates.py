from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="ratecard", name="basis",
            field=models.CharField(choices=[("hourly", "By the hour"), ("daily", "By the half day or full day")],
                                   default="hourly", max_length=10),
        ),
        migrations.AlterField(
            model_name="rate", name="hourly_pence", field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="rate", name="half_day_pence", field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="rate", name="full_day_pence", field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RenameField(model_name="paymentline", old_name="hourly_pence", new_name="unit_pence"),
        migrations.AlterField(
            model_name="paymentline", name="unit_pence",
            field=models.PositiveIntegerField(help_text="Pence for one unit (an hour, a half day or a full day)"),
        ),
        migrations.AddField(
            model_name="paymentline", name="unit",
            field=models.CharField(choices=[("hour", "hour"), ("half_day", "half day"), ("full_day", "full day")],
                                   default="hour", max_length=10),
        ),
    ]
