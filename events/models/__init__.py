"""The domain model. Each module declares its `__all__`; import models from `events.models`."""

from events.models.choices import *  # noqa: F403
from events.models.meetings import *  # noqa: F403
from events.models.nations import *  # noqa: F403
from events.models.organizations import *  # noqa: F403
from events.models.participation import *  # noqa: F403
from events.models.people import *  # noqa: F403
from events.models.sources import *  # noqa: F403
from events.models.system import *  # noqa: F403
