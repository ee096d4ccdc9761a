from . import measures, programmes, raci  # noqa: F401
from .charters import *  # noqa: F403
from .plans import *  # noqa: F403
