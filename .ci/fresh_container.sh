#!/usr/bin/env bash
# A fresh Debian bookworm, made with debootstrap into a folder, given only what the README's
# Quick start says: the Debian/Ubuntu system packages from its table and its one run command.
# The window must then open on a real X display (Xvfb, the test's screen, not the app's) and
# exit 0 once ready. Both lines are read from README.md, so the test follows the README.
#
#   .ci/fresh_container.sh [FOLDER]     (root; FOLDER is made and removed; ~1.5 GB, 3-6 min)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-$(mktemp -d /tmp/fresh-container.XXXXXX)}
mkdir -p "$root"
started=$SECONDS

fail() { echo "fresh container: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || fail "needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
}

# The README's lines: the Debian/Ubuntu packages, and the first command of the Quick start.
packages=$(sed -n 's/^| Debian, Ubuntu | `sudo apt install \(.*\)` |$/\1/p' README.md)
run=$(awk '/^```sh$/{getline; print; exit}' README.md)
[[ -n $packages ]] || fail "README.md has no Debian, Ubuntu row in its system packages table"
[[ $run == *"triage-app"* ]] || fail "README.md's first command does not start triage-app"
echo "--- README packages: $packages"
echo "--- README command: $run"

unmount() {
  for m in dev/pts dev proc; do umount -l "$root/$m" 2>/dev/null || true; done
}
cleanup() {
  unmount
  [[ -n ${KEEP_FRESH_CONTAINER:-} ]] || rm -rf --one-file-system "$root"
}
trap cleanup EXIT

echo "--- debootstrap bookworm (minbase) into $root"
debootstrap --variant=minbase bookworm "$root" >"$root.log" 2>&1 \
  || { tail -n 20 "$root.log" >&2; fail "debootstrap failed"; }
rm -f "$root.log"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

host_ca=
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    ${host_ca:+PIP_CERT=$host_ca} ${http_proxy:+http_proxy=$http_proxy} \
    ${https_proxy:+https_proxy=$https_proxy} ${HTTPS_PROXY:+HTTPS_PROXY=$HTTPS_PROXY} \
    "$@"
}

echo "--- the README's system packages (and Xvfb, the screen the window opens on)"
in_root apt-get update -qq
# shellcheck disable=SC2086 # the README's list, one word a package
in_root apt-get install -y -qq --no-install-recommends $packages xvfb >/dev/null

# The host's certificate bundle, when pip is told to use one here (a network's own CA); kept
# apart from Debian's bundle, which installing packages rewrites.
if [[ -n ${PIP_CERT:-} && -f $PIP_CERT ]]; then
  cp "$PIP_CERT" "$root/usr/local/share/host-ca.pem" && host_ca=/usr/local/share/host-ca.pem
fi

echo "--- the project, as a checkout has it"
mkdir -p "$root/home/staff/here-to-help"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$root/home/staff/here-to-help"

echo "--- the README's command as it stands, with --exit-when-ready, on a fresh X display"
in_root /bin/bash -c "
  set -euo pipefail
  Xvfb :42 -screen 0 1366x768x24 -nolisten tcp >/tmp/xvfb.log 2>&1 &
  xvfb=\$!
  trap 'kill \$xvfb 2>/dev/null || true' EXIT
  for _ in \$(seq 50); do [[ -e /tmp/.X11-unix/X42 ]] && break; sleep 0.1; done
  cd /home/staff/here-to-help
  export DISPLAY=:42
  $run --exit-when-ready
"
echo "--- fresh container: the window opened ($((SECONDS - started)) s)"
