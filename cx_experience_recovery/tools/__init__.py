from . import recovery
