#!/bin/sh
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring whose files live in a
# temporary folder: the tests exercise a real Secret Service (keytar, secret-tool) on any machine, and
# never read or write the developer's own keychain. `npm test` runs through it.
set -u
if [ "${NOVEL_TEST_KEYRING:-}" = "1" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "npm test: $tool is missing; the keychain tests need a real Secret Service (Debian: apt-get install dbus gnome-keyring libsecret-1-dev libsecret-tools)" >&2
    exit 1
  fi
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/novel-keyring-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/data"
XDG_DATA_HOME="$dir/data" NOVEL_TEST_KEYRING=1 dbus-run-session -- sh -c \
  'printf "pw\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "$@"' sh "$@"
