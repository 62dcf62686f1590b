"""Here to Help: the front door of Coventry's Early Help Family Hubs (the Qt-free core)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("here-to-help")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
