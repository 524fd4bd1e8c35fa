#!/bin/sh
# Runs a command where the OS keychain (a Secret Service on D-Bus) is reachable and unlocked, as the
# CertDesk vault tests need:  scripts/with-keyring.sh npm test
#
# - When the current D-Bus session already has a Secret Service (org.freedesktop.secrets has an owner),
#   the command runs as it is.
# - Otherwise it runs inside a private `dbus-run-session` with a gnome-keyring-daemon whose keyring lives
#   in a throw-away folder (never your real ~/.local/share/keyrings) and is unlocked with a random
#   password given on stdin (never on a command line, where `ps` would show it). The folder is removed
#   afterwards. The command's exit code is passed through.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-keyring.sh COMMAND [ARG...]" >&2
  exit 2
fi

has_secret_service() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null 2>&1 || return 1
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if has_secret_service; then
  exec "$@"
fi

if [ -n "${CERTDESK_KEYRING_SESSION:-}" ]; then
  echo "with-keyring.sh: started a keyring session but no Secret Service answers on it" >&2
  exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring.sh: $tool is not installed (Debian/Ubuntu: apt-get install dbus gnome-keyring)" >&2
    exit 2
  fi
done

KEYRING_HOME=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-keyring.XXXXXX")
chmod 700 "$KEYRING_HOME"
trap 'rm -rf "$KEYRING_HOME"' EXIT INT TERM
PW=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export PW KEYRING_HOME
export CERTDESK_KEYRING_SESSION=1

set +e
dbus-run-session -- sh -c '
  printf "%s" "$PW" | XDG_DATA_HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
    echo "with-keyring.sh: gnome-keyring-daemon could not start or unlock" >&2
    exit 2
  }
  unset PW KEYRING_HOME
  exec "$@"
' with-keyring "$@"
rc=$?
set -e
exit $rc
