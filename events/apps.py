from django.apps import AppConfig
from django.db.backends.signals import connection_created


def unicode_lower_on_sqlite(sender, connection, **kwargs):
    """SQLite's LOWER() folds ASCII letters only ("ZÜRICH" stays "zÜrich"); PostgreSQL's folds every letter. The
    same Python function on SQLite makes case-insensitive filters agree on both databases."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, lambda text: None if text is None else text.lower())


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Registers the drf-spectacular extensions for this app's API fields.
        from events.api import schema  # noqa: F401
        from events.api.representations import configure_change_tracking

        configure_change_tracking()
        connection_created.connect(unicode_lower_on_sqlite, dispatch_uid="events-unicode-lower-on-sqlite")
