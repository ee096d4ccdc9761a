from .plans import *  # noqa: F403
from .programmes import *  # noqa: F403
