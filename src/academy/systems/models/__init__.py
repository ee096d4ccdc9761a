from .measures import *  # noqa: F403
from .programmes import *  # noqa: F403
from .raci import *  # noqa: F403
