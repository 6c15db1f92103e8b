# The English UI keeps the date and number style of the Vietnamese documents.
from emulation_portal.formats.vi.formats import *  # noqa: F403
