from .programmes import *  # noqa: F403
