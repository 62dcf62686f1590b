#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests, installing it if missing.
# Prints the URL to use as TRIAGE_TEST_POSTGRES_URL. Usage: source-free, `url=$(.ci/postgres.sh DIR)`.
# The URL is the server's superuser, which only makes and drops the tests' databases: each
# belongs to the owner role (triage_owner), which migrates it, and the tests work in it as the
# desk role (triage_desk), as a council's desks do (docs/deployment.md).
# The tests' server runs with fsync off; PG_DURABLE=1 keeps the defaults a council's server
# keeps (fsync and synchronous_commit on), for benchmarks.
set -euo pipefail
dir=${1:?data directory}
port=${PGTEST_PORT:-55432}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "installing the PostgreSQL server" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# The server refuses to run as root; run it as the unprivileged 'postgres' user if we are root.
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

mkdir -p "$dir"
chmod 700 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres "$dir"
if [[ ! -f $dir/PG_VERSION ]]; then
  "${run_as[@]}" "$bindir/initdb" -D "$dir" -U triage --auth=trust -E UTF8 >/dev/null
fi
durability="-c fsync=off"
[[ ${PG_DURABLE:-0} == 1 ]] && durability="-c fsync=on -c synchronous_commit=on"
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp $durability" start >&2
for role in triage_owner triage_desk; do
  "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U triage -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL
SELECT 'CREATE ROLE $role LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role')
\gexec
SQL
done
echo "postgresql://triage@127.0.0.1:$port/postgres"
