from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("questions", "BankVersion").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("questions", "0007_search_index")]

    operations = [
        migrations.CreateModel(
            name="BankVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
