from django.db import migrations, models


class Migration(migrations.Migration):
    """LaggingUnits becomes the summary of all the stored duties: it counts them too
    (the due panel's "more"). Its rows are written again with the duties: a release
    changes the code version every stored row is stamped with (cms.network.duties)."""

    dependencies = [
        ('network', '0011_lagging_units'),
    ]

    operations = [
        migrations.RenameModel(old_name='LaggingUnits', new_name='DutySummary'),
        migrations.RenameField(model_name='dutysummary', old_name='units', new_name='lagging'),
        migrations.AddField(
            model_name='dutysummary',
            name='duties',
            field=models.PositiveIntegerField(default=0, verbose_name='duties'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='dutysummary',
            name='network_id',
            field=models.CharField(blank=True, max_length=120, verbose_name='network'),
        ),
        migrations.AlterModelOptions(
            name='dutysummary',
            options={'verbose_name': 'summary of the duties', 'verbose_name_plural': 'summaries of the duties'},
        ),
    ]
