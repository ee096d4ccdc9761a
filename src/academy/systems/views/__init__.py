from .charters import *  # noqa: F403
from .plans import *  # noqa: F403
