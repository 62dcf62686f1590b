"""Qt's window plugin lacking a system library is said in words, before Qt could abort."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import PySide6
import pytest

from ui.qt_libraries import debian_package, explain, missing_libraries, uses_xcb


def _library_needing_an_absent_one(tmp_path: Path) -> Path:
    """A real shared library linked against one that is then removed from the system."""
    gcc = shutil.which("gcc")
    assert gcc, "the test builds two tiny libraries with gcc"
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "absent.c").write_text("int absent(void) { return 1; }\n")
    subprocess.run(
        [
            gcc,
            "-shared",
            "-fPIC",
            "-Wl,-soname,libhthabsent.so.3",
            "-o",
            str(stub / "libhthabsent.so.3"),
            str(stub / "absent.c"),
        ],
        check=True,
    )
    (stub / "libhthabsent.so").symlink_to("libhthabsent.so.3")
    (tmp_path / "plugin.c").write_text("int absent(void);\nint plugin(void) { return absent(); }\n")
    plugin = tmp_path / "libplugin.so"
    subprocess.run(
        [
            gcc,
            "-shared",
            "-fPIC",
            "-o",
            str(plugin),
            str(tmp_path / "plugin.c"),
            f"-L{stub}",
            "-lhthabsent",
        ],
        check=True,
    )
    shutil.rmtree(stub)
    return plugin


def test_a_missing_library_is_named_with_the_package_to_install(tmp_path: Path) -> None:
    plugin = _library_needing_an_absent_one(tmp_path)
    missing = missing_libraries(plugin)
    assert missing == ["libhthabsent.so.3"]
    message = explain(missing)
    assert "libhthabsent.so.3" in message
    assert "sudo apt install libhthabsent3" in message
    assert "sudo dnf install" in message


def test_a_plugin_whose_libraries_are_all_present_needs_nothing() -> None:
    offscreen = Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqoffscreen.so"
    assert missing_libraries(offscreen) == []


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert debian_package(soname) == package


def test_only_the_x11_plugin_is_checked() -> None:
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"})
