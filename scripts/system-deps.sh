#!/usr/bin/env bash
# Make sure the Debian packages named as arguments are installed.
# As root with apt-get, install the missing ones; otherwise name them and fail.
set -euo pipefail

declare -A PROVIDES=(
  [chromium]=/usr/bin/chromium
  [python3.11-doc]=/usr/share/doc/python3.11/html/objects.inv
  [wrk]=/usr/bin/wrk
)

missing=()
for package in "$@"; do
  marker=${PROVIDES[$package]:-}
  if [[ -z "$marker" ]]; then
    echo "system-deps: unknown package $package" >&2
    exit 2
  fi
  [[ -e "$marker" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "system-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: missing ${missing[*]}; install them, e.g. sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
