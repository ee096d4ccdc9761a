from .charters import *  # noqa: F403
from .measures import *  # noqa: F403
from .plans import *  # noqa: F403
from .programmes import *  # noqa: F403
from .raci import *  # noqa: F403
