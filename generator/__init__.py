"""PolicyWatch: turn a folder of platform policy snapshots into a transparency site."""

__version__ = "0.1.0"
