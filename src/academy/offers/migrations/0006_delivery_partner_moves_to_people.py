"""Offers' and cohorts' delivery partner now points at people.DeliveryPartner (the same table, see
people 0004), and offers forgets its copy of the model. Nothing changes in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0005_academy_participants"),
        ("people", "0004_delivery_partner_moves_from_offers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="offer",
                    name="delivery_partner",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="offers",
                        to="people.deliverypartner",
                    ),
                ),
                migrations.AlterField(
                    model_name="cohort",
                    name="delivery_partner",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="cohorts",
                        to="people.deliverypartner",
                    ),
                ),
                migrations.DeleteModel(name="DeliveryPartner"),
            ],
            database_operations=[],
        ),
    ]
