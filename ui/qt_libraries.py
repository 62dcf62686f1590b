"""Before Qt starts on Linux: the system libraries its X11 plugin needs, and how to get them.

Qt's xcb platform plugin (the one that draws windows on an X11 desktop) needs a few system
libraries that a fresh desktop may lack — ``libxcb-cursor0`` on a fresh Ubuntu, since Qt
6.5. Without them Qt prints a notice and aborts the process, which a user cannot act on.
Loading the plugin ourselves first, before ``QApplication`` exists, finds what is missing
while the app can still say so in words and exit cleanly.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+) => not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"^(\S+\.so[.\d]*): cannot open shared object file")

#: The same libraries' packages on Fedora, where names do not follow the library's.
FEDORA = (
    "glib2 xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image xcb-util-renderutil "
    "libxkbcommon-x11"
)


def uses_xcb(environ: dict[str, str]) -> bool:
    """Whether Qt will start its X11 plugin: on Linux, asked for or left to choose on X11."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.startswith("xcb")
    return sys.platform.startswith("linux") and not environ.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    """The xcb plugin shipped with PySide6, if this installation has one."""
    import PySide6  # noqa: PLC0415 - only its folder is wanted, not Qt

    found = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return found if found.is_file() else None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the system cannot find (none: it loads).

    Its tools are imported here: a desktop that does not start the X11 plugin never asks.
    """
    import ctypes  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    ldd = shutil.which("ldd")
    if ldd:
        listed = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
        return list(dict.fromkeys(_NOT_FOUND.findall(listed.stdout)))
    try:
        ctypes.CDLL(str(plugin))
    except OSError as e:  # only the first missing library is named
        found = _CANNOT_OPEN.match(str(e))
        return [found.group(1)] if found else [str(e)]
    return []


#: Libraries whose Debian package is not named after them.
DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
}


def debian_package(soname: str) -> str:
    """Debian's and Ubuntu's package for a library: ``libxcb-cursor.so.0`` → ``libxcb-cursor0``."""
    if soname in DEBIAN_EXCEPTIONS:
        return DEBIAN_EXCEPTIONS[soname]
    base, _, version = soname.partition(".so.")
    base = base.lower()
    return f"{base}{'-' if base[-1:].isdigit() else ''}{version}"


def explain(missing: list[str]) -> str:
    """What a user reads when the window cannot open for want of system libraries."""
    packages = " ".join(dict.fromkeys(debian_package(m) for m in missing))
    return (
        "Here to Help cannot open its window: this computer lacks system libraries that Qt "
        f"needs to draw windows on an X11 desktop ({', '.join(missing)}).\n"
        f"On Debian or Ubuntu:  sudo apt install {packages}\n"
        f"On Fedora:  sudo dnf install {FEDORA}\n"
        "(The README's 'System packages' lists what each platform needs.)"
    )


def qt_start_problem(environ: dict[str, str] | None = None) -> str | None:
    """A plain message if Qt's window plugin could not load here, else ``None``."""
    env = dict(os.environ if environ is None else environ)
    if not uses_xcb(env):
        return None
    plugin = xcb_plugin()
    missing = missing_libraries(plugin) if plugin else []
    return explain(missing) if missing else None
