from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Registers the drf-spectacular extensions for this app's API fields.
        from events.api import schema  # noqa: F401
        from events.api.representations import configure_change_tracking

        configure_change_tracking()
