"""Give the enforcers' many-to-many table a model, so the admin can choose them in rows.

The table, its columns and its unique pair stay exactly as Django made them for the
plain field: only the migration state learns the model, the database does not change.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0003_program_audience_help"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CharterEnforcer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "charterversion",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="enforcer_rows",
                                to="cohorts.charterversion",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="enforced by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enforcer",
                        "verbose_name_plural": "enforcers",
                        "db_table": "cohorts_charterversion_enforcers",
                        "unique_together": {("charterversion", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="charterversion",
                    name="enforcers",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        through="cohorts.CharterEnforcer",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enforced by",
                    ),
                ),
            ],
        )
    ]
