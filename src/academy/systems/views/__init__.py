from . import measures, programmes, raci  # noqa: F401
