import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Issue a new API token for a user and print it on the last line (it is stored only as a hash: this is the "
        "one time it can be read). With --create, create the user too; with --grant-write, give the user the "
        "permissions to add, change and delete all event data; with --rotate, revoke the user's other tokens; "
        "with --revoke, revoke them all and issue none."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--create", action="store_true", help="Create the user if it does not exist.")
        parser.add_argument("--grant-write", action="store_true", help="Grant add/change/delete on event data.")
        parser.add_argument("--days", type=int, help="Days until the token expires (default: TOKEN_TTL_DAYS).")
        parser.add_argument("--rotate", action="store_true", help="Revoke the user's other tokens.")
        parser.add_argument("--revoke", action="store_true", help="Revoke all the user's tokens; issue none.")

    def handle(self, *args, username, create, grant_write, days, rotate, revoke, **options):
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
        if rotate or revoke:
            revoked, _ = AuthToken.objects.filter(user=user).delete()
            self.stderr.write(f"Revoked {revoked} token(s) of {username}.")
        if revoke:
            return
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        expiry = {} if days is None else {"expiry": datetime.timedelta(days=days)}
        instance, token = AuthToken.objects.create(user, **expiry)
        self.stderr.write(f"Token for {username}, expires {instance.expiry:%Y-%m-%d %H:%M} UTC:")
        self.stdout.write(token)
