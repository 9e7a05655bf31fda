"""scrutinypack: council savings proposals as a checked, browsable static site."""

from importlib import metadata

try:  # pyproject.toml holds the one version number; pip records it in the metadata
    __version__ = metadata.version("scrutinypack")
except metadata.PackageNotFoundError:  # a copy of the source that was never installed
    __version__ = "0+unknown"
