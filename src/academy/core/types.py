"""Types every app shares."""

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

# The acting user: a logged-in user, or AnonymousUser (which every access check refuses). Services
# that the system itself may call (imports, scheduled jobs, demo data) take `Actor | None`, where
# None means "the system": no access rule applies and the audit entry names no one.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser
