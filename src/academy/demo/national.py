"""National benchmark data set (placeholder while being written)."""

from collections.abc import Callable
from dataclasses import dataclass, field


class NationalScaleRefused(Exception):
    pass


@dataclass
class NationalResult:
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def national_build(*, factor: float, log: Callable[[str], None] = print) -> NationalResult:
    raise NationalScaleRefused("not yet")
