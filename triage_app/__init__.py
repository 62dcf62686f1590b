"""Here to Help: the front door of Coventry's Early Help Family Hubs (the Qt-free core).

The version is written here, once; the package build reads it from this line
(``[tool.hatch.version]``), so the program knows it without ``importlib.metadata``, which
costs a noticeable part of the window's start.
"""

__version__ = "0.4.0"
