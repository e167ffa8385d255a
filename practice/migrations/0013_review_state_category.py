"""ReviewState.category (practice/state_categories.py) filled from each state's question, and
last_review_micros. The dashboard's index comes back in 0014: PostgreSQL builds no index on a
table with the fill's foreign-key checks still pending in the transaction."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import accounts.day_numbers


def fill_categories(apps, schema_editor):
    ReviewState = apps.get_model("practice", "ReviewState")
    Question = apps.get_model("questions", "Question")
    counted = Question.objects.filter(pk=OuterRef("question_id"), status="published")
    ReviewState.objects.using(schema_editor.connection.alias).update(
        category=Subquery(counted.values("category_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0012_review_dashboard_index"),
        ("questions", "0009_coding_questions"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="reviewstate", name="review_dashboard"),
        migrations.AddField(
            model_name="reviewstate",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="questions.category",
            ),
        ),
        migrations.AddField(
            model_name="reviewstate",
            name="last_review_micros",
            field=models.GeneratedField(
                db_persist=True,
                expression=accounts.day_numbers.EpochMicroseconds("last_review"),
                output_field=models.BigIntegerField(),
            ),
        ),
        migrations.RunPython(fill_categories, migrations.RunPython.noop, elidable=True),
    ]
