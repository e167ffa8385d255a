"""The dashboard's covering index again, in the order its pass groups the states (by category)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practice", "0013_review_state_category")]

    operations = [
        migrations.AddIndex(
            model_name="reviewstate",
            index=models.Index(
                fields=[
                    "user", "category", "reps", "stability", "last_review_micros", "due", "suspended_at", "buried_until"
                ],
                name="review_dashboard",
            ),
        ),
    ]
