"""scrutinypack: council savings proposals as a checked, browsable static site."""

__version__ = "0.1.0"
