"""Every write of the app: one module of plain functions per aggregate, each atomic and using the model's rules.

Views, the admin, the importer and the management commands call these; nothing else saves or deletes a model.
"""

from events.services.base import *  # noqa: F403
from events.services.contributions import *  # noqa: F403
from events.services.imports import *  # noqa: F403
from events.services.meetings import *  # noqa: F403
from events.services.nations import *  # noqa: F403
from events.services.organizations import *  # noqa: F403
from events.services.participations import *  # noqa: F403
from events.services.people import *  # noqa: F403
from events.services.sources import *  # noqa: F403
