from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the API token of a user (creating the token if needed). With --create, create the user too; with "
        "--grant-write, give the user the permissions to add, change and delete all event data."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--create", action="store_true", help="Create the user if it does not exist.")
        parser.add_argument("--grant-write", action="store_true", help="Grant add/change/delete on event data.")

    def handle(self, *args, username, create, grant_write, **options):
        user_model = get_user_model()
        if create:
            user, _ = user_model.objects.get_or_create(username=username)
        else:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}; pass --create to create one.")
        if grant_write:
            user.user_permissions.add(
                *Permission.objects.filter(content_type__app_label="events").exclude(codename__startswith="view_")
            )
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
