from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The agenda: regions, venues, organizers, events and their dates."""

    name = "events"
    verbose_name = "Agenda"

    def ready(self):
        from .doors.queue import register_queue_sources

        register_queue_sources()
