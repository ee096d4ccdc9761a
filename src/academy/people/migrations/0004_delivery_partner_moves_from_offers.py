"""DeliveryPartner moves from offers to people, keeping its table (offers_deliverypartner) and rows.

Only Django's picture of the models changes: the model is declared here over the existing table and
the role assignments' key is repointed in state. offers 0006 then repoints its own keys and forgets
its copy, again without touching the database.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("people", "0003_organisation_equality_count"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DeliveryPartner",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=160, unique=True)),
                        ("website", models.URLField(blank=True)),
                    ],
                    options={"db_table": "offers_deliverypartner", "ordering": ["name"]},
                ),
                migrations.AlterField(
                    model_name="roleassignment",
                    name="delivery_partner",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="people.deliverypartner",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
