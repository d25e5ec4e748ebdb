from . import test_foundation
from . import test_tier_tools
from . import test_ritual_tools
from . import test_tiers
from . import test_rituals
from . import test_ritual_tour
