"""DRF's authtoken app is gone: its tokens never expired and were stored as they are, so they
are not carried over (each client asks for a new knox token once). Drop its table where an
older install has one, and forget its migrations so the app could be installed again cleanly."""

from django.db import migrations


def drop_drf_authtoken(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(schema_editor.sql_delete_table % {"table": schema_editor.quote_name("authtoken_token")})
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_apitoken"),
    ]

    operations = [
        migrations.RunPython(drop_drf_authtoken, migrations.RunPython.noop, elidable=True),
    ]
