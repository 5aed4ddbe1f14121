"""What every builder of a run shares: the scale, the day, the random stream, the row buffers."""

import datetime as dt
import random
from dataclasses import dataclass, field

from giamsat.synth.clock import RESOLUTION_57, at, history_start
from giamsat.synth.scales import Scale
from giamsat.synth.tables import Loader


@dataclass
class Context:
    scale: Scale
    seed: int
    as_of: dt.date
    loader: Loader
    warning_days: int
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self):
        self.reseed("central")

    def reseed(self, part: str) -> None:
        """A separate stream per part (central, each province), seeded from text: Python seeds strings
        through SHA-512, so the same seed gives the same rows in every process and on every machine."""
        self.rng = random.Random(f"giamsat-synth:{self.seed}:{part}")

    @property
    def history_start(self) -> dt.date:
        return history_start(self.as_of)

    @property
    def created(self) -> dt.datetime:
        """When the reference data (organizations, users) were entered: before the first plan."""
        return at(min(RESOLUTION_57, self.history_start), 8)
