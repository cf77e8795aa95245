"""Groups that change measurements may now delete them (docs/api.md, docs/permissions.md).

New groups get the permission from cms.core.roles and cms.network.access; this gives it
to the groups an existing site already has. The policy still decides per measurement:
a unit deletes only its drafts and returned values, SZ any.
"""

from django.db import migrations


def grant(apps, schema_editor):  # type: ignore[no-untyped-def]
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    delete = Permission.objects.filter(
        content_type__app_label="indicators", codename="delete_measurement"
    ).first()
    if delete is None:  # a new database: the permission and the groups come later
        return
    for group in Group.objects.filter(
        permissions__content_type__app_label="indicators",
        permissions__codename="change_measurement",
    ):
        group.permissions.add(delete)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
