"""The full-text index, native to each database (questions/search/schema.py), and the search
columns and vectors of the questions already saved."""

from django.db import migrations

from questions.search.documents import question_vectors, search_texts
from questions.search.schema import drop_search_index, ensure_search_index


def fill_search_columns(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    rows = list(Question.objects.using(schema_editor.connection.alias).all())
    for question, vector in zip(rows, question_vectors(rows), strict=True):
        question.search_a, question.search_b, question.search_c = search_texts(question)
        question.embedding = vector
    Question.objects.using(schema_editor.connection.alias).bulk_update(
        rows, ["search_a", "search_b", "search_c", "embedding"], batch_size=500
    )


def create_index(apps, schema_editor):
    ensure_search_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("questions", "0006_also_asked_as_and_search_columns")]

    operations = [
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
