from django.db import migrations, models
import django.db.models.functions.comparison


class Migration(migrations.Migration):
    """The fields that 0011 moved into delegates, reported counts and categories go; the rules on the new ones
    hold from here."""

    dependencies = [
        ("events", "0011_reporting_data"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="contribution",
            name="contribution_category_max_length",
        ),
        migrations.RemoveConstraint(
            model_name="meeting",
            name="meeting_reported_count_with_qualifier",
        ),
        migrations.RemoveConstraint(
            model_name="meeting",
            name="meeting_count_qualifier_not_blank",
        ),
        migrations.RemoveConstraint(
            model_name="meeting",
            name="meeting_reported_nation_count_qualifier_max_length",
        ),
        migrations.RemoveConstraint(
            model_name="participation",
            name="participation_representative_max_length",
        ),
        migrations.RemoveField(
            model_name="contribution",
            name="category",
        ),
        migrations.RemoveField(
            model_name="historicalcontribution",
            name="category",
        ),
        migrations.RemoveField(
            model_name="historicalmeeting",
            name="reported_nation_count",
        ),
        migrations.RemoveField(
            model_name="historicalmeeting",
            name="reported_nation_count_qualifier",
        ),
        migrations.RemoveField(
            model_name="historicalparticipation",
            name="representative",
        ),
        migrations.RemoveField(
            model_name="meeting",
            name="reported_nation_count",
        ),
        migrations.RemoveField(
            model_name="meeting",
            name="reported_nation_count_qualifier",
        ),
        migrations.RemoveField(
            model_name="participation",
            name="representative",
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(("categories", ""), _negated=True), name="contribution_has_a_category"
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Coalesce(models.F("meeting"), 0),
                django.db.models.functions.comparison.Coalesce(models.F("organization"), 0),
                django.db.models.functions.comparison.Coalesce(models.F("nation"), 0),
                models.F("description_digest"),
                name="contribution_unique_natural_key",
                violation_error_code="duplicate",
                violation_error_message="This contribution is already recorded: same meeting or organization, nation and description.",
            ),
        ),
    ]
