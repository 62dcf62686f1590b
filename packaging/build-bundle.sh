#!/usr/bin/env bash
# Build the one-folder bundle (packaging/here-to-help.spec) in a virtual environment of its
# own, then smoke-test it with no Python on the path (packaging/smoke-bundle.sh).
# Usage: packaging/build-bundle.sh [BUILD_DIR]   (default build/bundle; the bundle is
# BUILD_DIR/dist/here-to-help). Linux here; the same spec on Windows and macOS: see
# docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bundle}
started=$SECONDS

echo "--- a build environment: the app's dependencies and PyInstaller"
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q -e . 'pyinstaller>=6.5'

echo "--- PyInstaller"
"$out/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$out/dist" --workpath "$out/work" packaging/here-to-help.spec
echo "--- built in $((SECONDS - started)) s: $out/dist/here-to-help ($(du -sh "$out/dist/here-to-help" | cut -f1))"

packaging/smoke-bundle.sh "$out/dist/here-to-help"
echo "--- bundle built and smoke-tested in $((SECONDS - started)) s"
