#!/usr/bin/env bash
# Start a built bundle as a desk would, with no Python on the path and a home of its own:
# the window (--exit-when-ready), db check, rules check, one request recorded and its sheet,
# and an export big enough to use its helper processes (each one the bundle started again).
# Usage: packaging/smoke-bundle.sh BUNDLE_DIR
set -euo pipefail
bundle=$(cd "${1:?the bundle folder, e.g. build/bundle/dist/here-to-help}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/empty"
database="$tmp/desk.sqlite"

# Nothing from this machine's Python: an empty PATH, no PYTHON* variables, a new HOME.
app() {
  env -i HOME="$tmp/home" PATH="$tmp/empty" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    "${extra[@]}" "$bundle/triage-app" "$@"
}
extra=()
if env -i PATH="$tmp/empty" sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
  echo "smoke test: a Python is still on the path" >&2
  exit 1
fi

echo "--- version"
app --version
echo "--- the window opens and is ready"
app --database "$database" --exit-when-ready
echo "--- db check"
app --database "$database" db check
echo "--- rules check"
app rules check
echo "--- one request recorded and its sheet"
extra=(TRIAGE_NEW_PASSWORD="smoke admin pass 1")
app --database "$database" users add smoke.admin --role administrator
extra=(TRIAGE_USER=smoke.admin TRIAGE_PASSWORD="smoke admin pass 1")
app --database "$database" users sole-administrator on
extra=(TRIAGE_USER=smoke.admin TRIAGE_PASSWORD="smoke admin pass 1"
  TRIAGE_NEW_PASSWORD="smoke handler pass 1")
app --database "$database" users add smoke.handler --role call_handler
extra=(TRIAGE_USER=smoke.handler TRIAGE_PASSWORD="smoke handler pass 1"
  TRIAGE_OWN_NEW_PASSWORD="smoke handler pass 2")
saved=$(printf '%s' '{"contact_method": "telephone", "source": "self_referral",
  "needs": ["money_debt"], "children": [{"age_years": 8}], "consent": "given",
  "postcode": "CV6 1HD"}' | app --database "$database" record)
echo "$saved"
reference=$(printf '%s' "$saved" | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')
[[ -n $reference ]] || { echo "smoke test: record printed no reference" >&2; exit 1; }
extra=(TRIAGE_USER=smoke.handler TRIAGE_PASSWORD="smoke handler pass 2")
app --database "$database" sheet "$reference" --out "$tmp/sheet.pdf"
[[ $(head -c 5 "$tmp/sheet.pdf") == "%PDF-" ]] || { echo "smoke test: no PDF" >&2; exit 1; }
echo "--- demo data and an export made by helper processes (more than 10,000 records)"
extra=()
app --demo demo-data --requests 12000
exported=$(app --demo export --out "$tmp/batches")
echo "$exported"
[[ $exported == "exported 12,000 records"* ]] || { echo "smoke test: export" >&2; exit 1; }
echo "--- the bundle works with no Python on the path"
