#!/usr/bin/env bash
# Two versions' bundles side by side on one SQLite file, then on one PostgreSQL database
# (the owner role migrating there): an older release creates it and records a request; two
# desks of this version start at once, one migrates while the other waits and says so, both
# then work, the old request is still there and db check is healthy; the older release then
# refuses the database, naming the version it needs, and changes nothing. Fails (never
# skips) when it cannot run.
#
# The older release is OLD_COMMIT (default: the last commit of main at schema 0011, before
# migrations 0012 to 0019), taken from this repository's history with git archive and built
# with this version's spec (packaging/ came after that commit) in a build environment of its
# own, so neither bundle holds the other's code.
# Usage: packaging/two-versions.sh NEW_BUNDLE_DIR [WORK_DIR]
#   NEW_BUNDLE_DIR: this version's bundle (packaging/build-bundle.sh built it);
#   OLD_BUNDLE=DIR: an older release's bundle built before, instead of building one;
#   TRIAGE_TEST_POSTGRES_URL: a PostgreSQL server's administrator, with the roles
#   triage_owner and triage_desk (.ci/postgres.sh makes them). Required.
set -euo pipefail
cd "$(dirname "$0")/.."
new=$(cd "${1:?the bundle folder of this version, e.g. build/bundle/dist/here-to-help}" && pwd)
work=${2:-build/two-versions}
old_commit=${OLD_COMMIT:-71a21cfcabca088c7416b1f53cae850d1640ebcf}
started=$SECONDS
fail() { echo "two versions: $*" >&2; exit 1; }
admin_url=${TRIAGE_TEST_POSTGRES_URL:-}
[[ -n $admin_url ]] || fail "TRIAGE_TEST_POSTGRES_URL is not set (.ci/postgres.sh gives one)"

rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
if [[ -n ${OLD_BUNDLE:-} ]]; then
  old=$(cd "$OLD_BUNDLE" && pwd)
else
  echo "--- the older release ($old_commit), built with this version's spec"
  mkdir -p "$work/old"
  git rev-parse --verify --quiet "$old_commit^{commit}" >/dev/null \
    || fail "commit $old_commit is not in this repository's history (a full clone is needed)"
  git archive "$old_commit" | tar -x -C "$work/old"
  mkdir -p "$work/old/packaging"
  cp packaging/here-to-help.spec packaging/entry.py "$work/old/packaging/"
  python3 -m venv "$work/old-venv"
  "$work/old-venv/bin/pip" install -q -e "$work/old" 'pyinstaller>=6.5'
  (cd "$work/old" && "$work/old-venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$work/dist" --workpath "$work/build" packaging/here-to-help.spec)
  old="$work/dist/here-to-help"
  echo "--- older release built in $((SECONDS - started)) s"
fi

tmp="$work/run"
mkdir -p "$tmp/empty"
database="$tmp/desks.sqlite"
# The service's audit key, made once and given to every desk (docs/deployment.md, section 5).
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/audit.key"
chmod 600 "$tmp/audit.key"
# A desk: which bundle, which PC (its own home), with no Python on the path.
extra=()
desk() {
  local bundle=$1 home=$2
  shift 2
  env -i HOME="$tmp/$home" PATH="$tmp/empty" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    TRIAGE_AUDIT_KEY="$tmp/audit.key" \
    "${extra[@]}" "$bundle/triage-app" --database "$database" "$@"
}
new_version=$(desk "$new" pc1 --version | awk '{print $NF}')
head=$(ls "$new/_internal/triage_app/_db/versions" | sed -n 's/^\([0-9]\{4\}\)_.*\.py$/\1/p' | sort | tail -n 1)
old_head=$(ls "$old/_internal/triage_app/_db/versions" | sed -n 's/^\([0-9]\{4\}\)_.*\.py$/\1/p' | sort | tail -n 1)
echo "older release: $(desk "$old" pc1 --version), schema $old_head; this version: $new_version, schema $head"
[[ $old_head < $head ]] || fail "the older release's schema ($old_head) is not older than $head"

echo "--- (1) the older release creates the database and records a request"
extra=(TRIAGE_NEW_PASSWORD="two versions admin 1")
desk "$old" pc1 users add tv.admin --role administrator
extra=(TRIAGE_USER=tv.admin TRIAGE_PASSWORD="two versions admin 1")
desk "$old" pc1 users sole-administrator on
extra=(TRIAGE_USER=tv.admin TRIAGE_PASSWORD="two versions admin 1"
  TRIAGE_NEW_PASSWORD="two versions handler 1")
desk "$old" pc1 users add tv.handler --role call_handler
extra=(TRIAGE_USER=tv.handler TRIAGE_PASSWORD="two versions handler 1"
  TRIAGE_OWN_NEW_PASSWORD="two versions handler 2")
request='{"contact_method": "telephone", "source": "self_referral", "needs": ["money_debt"],
  "children": [{"age_years": 8}], "consent": "given", "postcode": "CV6 1HD"}'
saved=$(printf '%s' "$request" | desk "$old" pc1 record)
echo "$saved"
old_reference=$(printf '%s' "$saved" | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')
[[ -n $old_reference ]] || fail "the older release recorded no request"
extra=()
desk "$old" pc1 db check

echo "--- (2) two desks of this version start at once: one migrates, the other waits"
# Both start while the file is busy (as when an older desk is writing), so both meet another
# desk's turn; the first to get the file migrates it while the other waits and finds it done.
python3 - "$database" "$tmp/release" >"$tmp/holder.out" 2>&1 <<'EOF' &
import os, sqlite3, sys, time
held = sqlite3.connect(sys.argv[1], isolation_level=None)
held.execute("BEGIN IMMEDIATE")
print("held", flush=True)
for _ in range(1800):  # let go when told, or after three minutes if the run has stopped
    if os.path.exists(sys.argv[2]):
        break
    time.sleep(0.1)
held.execute("ROLLBACK")
EOF
holder=$!
for _ in $(seq 600); do grep -q held "$tmp/holder.out" && break; sleep 0.1; done
grep -q held "$tmp/holder.out" || fail "could not hold the database busy"
desk "$new" pc1 db upgrade >"$tmp/a.out" 2>"$tmp/a.err" &
desk_a=$!
desk "$new" pc2 db upgrade >"$tmp/b.out" 2>"$tmp/b.err" &
desk_b=$!
for _ in $(seq 1200); do
  grep -q "waiting for it to finish" "$tmp/a.err" && grep -q "waiting for it to finish" "$tmp/b.err" && break
  sleep 0.1
done
touch "$tmp/release"
wait "$holder"
status_a=0 status_b=0
wait "$desk_a" || status_a=$?
wait "$desk_b" || status_b=$?
for d in a b; do echo "desk $d said:"; cat "$tmp/$d.err" "$tmp/$d.out"; done
((status_a == 0 && status_b == 0)) || fail "a desk failed to start ($status_a, $status_b)"
grep -q "another desk is upgrading .* waiting for it to finish" "$tmp/a.err" "$tmp/b.err" \
  || fail "no desk said it was waiting for another's upgrade"
migrated=$(cat "$tmp/a.out" "$tmp/b.out" | grep -c "upgraded from $old_head to $head" || true)
found=$(cat "$tmp/a.out" "$tmp/b.out" | grep -c "already at schema $head" || true)
[[ $migrated == 1 && $found == 1 ]] || fail "expected one desk to migrate and one to find it done"
backups=$(find "$tmp" -maxdepth 1 -name "desks.before-$head-*.sqlite" | wc -l)
[[ $backups == 1 ]] || fail "expected one backup of the older file, found $backups"

echo "--- both desks work, the older request is still there, db check is healthy"
desk "$new" pc1 --exit-when-ready
desk "$new" pc2 --exit-when-ready
extra=(TRIAGE_USER=tv.handler TRIAGE_PASSWORD="two versions handler 2")
desk "$new" pc2 sheet "$old_reference" --out "$tmp/old-request.pdf"
[[ $(head -c 5 "$tmp/old-request.pdf") == "%PDF-" ]] || fail "no sheet for the older request"
saved=$(printf '%s' "$request" | desk "$new" pc2 record)
echo "$saved"
new_reference=$(printf '%s' "$saved" | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')
[[ -n $new_reference && $new_reference != "$old_reference" ]] || fail "this version recorded nothing"
extra=()
checked=$(desk "$new" pc1 db check)
echo "$checked"
[[ $checked == *"healthy (schema $head"* ]] || fail "db check is not healthy"

echo "--- (3) the older release refuses the database, naming the version it needs"
before=$(sha256sum "$database" | cut -d' ' -f1)
files_before=$(ls "$tmp")
# Opening it (the window, a command that works on it) is refused with the version it needs.
for opening in --exit-when-ready record; do
  status=0
  printf '%s' "$request" | desk "$old" pc1 $opening >"$tmp/old.out" 2>"$tmp/old.err" || status=$?
  echo "older release, $opening: exit $status"
  cat "$tmp/old.out" "$tmp/old.err"
  ((status == 1)) || fail "the older release's $opening exited $status, not 1 (a known condition)"
  grep -q "(schema $head); this is version .*Install Here to Help $new_version or later" \
    "$tmp/old.err" || fail "the older release's $opening did not name the version it needs"
done
# Its db check reports the schema it does not know, without changing anything.
status=0
desk "$old" pc1 db check >"$tmp/old.out" 2>"$tmp/old.err" || status=$?
cat "$tmp/old.out" "$tmp/old.err"
((status == 1)) && grep -q "schema is $head" "$tmp/old.out" \
  || fail "the older release's db check did not report the newer schema"
rm -f "$tmp/old.out" "$tmp/old.err"
[[ $(sha256sum "$database" | cut -d' ' -f1) == "$before" ]] || fail "the refusal changed the database"
[[ $(ls "$tmp") == "$files_before" ]] || fail "the refusal left files beside the database"


echo "--- PostgreSQL: the same on one database, the owner role migrating"
psql_bin=$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
name="two_versions_$$"
sql() { "$psql_bin" -X -q -t -A -v ON_ERROR_STOP=1 -d "$admin_url" "$@"; }
sql -c "CREATE DATABASE $name OWNER triage_owner"
drop_db() { sql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; }
trap drop_db EXIT
server=${admin_url#*@}
server=${server%%/*}
owner_url="postgresql://triage_owner@$server/$name"
desk_url="postgresql://triage_desk@$server/$name"
in_db() { sql -d "${admin_url%/*}/$name" -c "$1"; }

echo "--- (1) the older release (its desks then worked as the owner) creates it, records a request"
database=$owner_url
extra=(TRIAGE_NEW_PASSWORD="two versions admin 1")
desk "$old" pg1 users add tv.admin --role administrator
extra=(TRIAGE_USER=tv.admin TRIAGE_PASSWORD="two versions admin 1")
desk "$old" pg1 users sole-administrator on
extra=(TRIAGE_USER=tv.admin TRIAGE_PASSWORD="two versions admin 1"
  TRIAGE_NEW_PASSWORD="two versions handler 1")
desk "$old" pg1 users add tv.handler --role call_handler
extra=(TRIAGE_USER=tv.handler TRIAGE_PASSWORD="two versions handler 1"
  TRIAGE_OWN_NEW_PASSWORD="two versions handler 2")
saved=$(printf '%s' "$request" | desk "$old" pg1 record)
echo "$saved"
old_reference=$(printf '%s' "$saved" | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')
[[ -n $old_reference ]] || fail "the older release recorded no request on PostgreSQL"
extra=()

echo "--- (2) this version's db upgrade, as the owner, on two PCs at once: one migrates"
# Both start while another session holds the upgrade's advisory lock (7242302:
# triage_app.store.upgrade_turn.UPGRADE_LOCK), then lets go.
sql -d "${admin_url%/*}/$name" -c "SET application_name = 'two-versions-holder'" \
  -c "SELECT pg_advisory_lock(7242302)" -c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 600); do
  [[ $(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7242302 AND granted
    AND database = (SELECT oid FROM pg_database WHERE datname = '$name')") == 1 ]] && break
  sleep 0.1
done
desk "$new" pg1 db upgrade >"$tmp/a.out" 2>"$tmp/a.err" &
desk_a=$!
desk "$new" pg2 db upgrade >"$tmp/b.out" 2>"$tmp/b.err" &
desk_b=$!
for _ in $(seq 1200); do
  grep -q "waiting for it to finish" "$tmp/a.err" && grep -q "waiting for it to finish" "$tmp/b.err" && break
  sleep 0.1
done
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'two-versions-holder'" >/dev/null
wait "$holder" || true
status_a=0 status_b=0
wait "$desk_a" || status_a=$?
wait "$desk_b" || status_b=$?
for d in a b; do echo "PC $d said:"; cat "$tmp/$d.err" "$tmp/$d.out"; done
((status_a == 0 && status_b == 0)) || fail "an upgrade failed on PostgreSQL ($status_a, $status_b)"
grep -q "another desk is upgrading .* waiting for it to finish" "$tmp/a.err" "$tmp/b.err" \
  || fail "no PC said it was waiting for another's upgrade on PostgreSQL"
migrated=$(cat "$tmp/a.out" "$tmp/b.out" | grep -c "upgraded from $old_head to $head" || true)
found=$(cat "$tmp/a.out" "$tmp/b.out" | grep -c "already at schema $head" || true)
[[ $migrated == 1 && $found == 1 ]] || fail "expected one upgrade and one 'already at' on PostgreSQL"
desk "$new" pg1 db grant-desk triage_desk

echo "--- desks of this version work as the desk role; the older request is still there"
database=$desk_url
desk "$new" pg1 --exit-when-ready
extra=(TRIAGE_USER=tv.handler TRIAGE_PASSWORD="two versions handler 2")
desk "$new" pg2 sheet "$old_reference" --out "$tmp/pg-old-request.pdf"
[[ $(head -c 5 "$tmp/pg-old-request.pdf") == "%PDF-" ]] || fail "no sheet for the older request"
printf '%s' "$request" | desk "$new" pg2 record
extra=()
checked=$(desk "$new" pg1 db check)
echo "$checked"
[[ $checked == *"healthy (schema $head"* ]] || fail "db check is not healthy on PostgreSQL"

echo "--- (3) the older release refuses it, as the desk role and as the owner"
state="SELECT (SELECT version_num FROM alembic_version), (SELECT count(*) FROM requests), (SELECT count(*) FROM audit_entries)"
before=$(in_db "$state")
for database in "$desk_url" "$owner_url"; do
  for opening in --exit-when-ready record; do
    status=0
    printf '%s' "$request" | desk "$old" pg1 $opening >"$tmp/old.out" 2>"$tmp/old.err" || status=$?
    echo "older release, $opening: exit $status"
    cat "$tmp/old.err"
    ((status == 1)) || fail "the older release's $opening exited $status on PostgreSQL, not 1"
    grep -q "(schema $head); this is version .*Install Here to Help $new_version or later" \
      "$tmp/old.err" || fail "the older release's $opening did not name the version it needs"
  done
done
[[ $(in_db "$state") == "$before" ]] || fail "the refusal changed the PostgreSQL database"

echo "--- two versions on one database: passed in $((SECONDS - started)) s"
