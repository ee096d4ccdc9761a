"""Rotate the development signing key: a new key signs from now on, older ones stay published."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from academy.credentials.services import signing_key_rotate


class Command(BaseCommand):
    help = "Generate a new development signing key for certificates; older keys stay published."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = signing_key_rotate(by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Key {key.kid} signs from now on; older keys stay published.")
