from .plans import *  # noqa: F403
