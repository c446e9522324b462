#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the end-to-end tests and `npm run demo` need:
# podman (image build and push), docker-registry + apache2-utils (the registry behind the local ECR stand-in),
# Maven, a JDK and the Maven plugins the example service pins (Debian's repository at /usr/share/maven-repo
# lets Maven build offline), and junit4 for the example's unit test.
# Idempotent: installs only what is missing. Non-interactive: safe with CI=true and no stdin.
# `npm run demo` and the end-to-end tests call it themselves when they can install (root, or sudo without a password).
#   --check  installs nothing: prints the missing packages, one a line (nothing when all are there); exit 0.
set -euo pipefail

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  '') ;;
  *)
    echo "install-system-deps: unknown argument '$1'; use --check, or no argument to install." >&2
    exit 2
    ;;
esac

packages=(
  podman
  crun
  docker-registry
  apache2-utils
  maven
  default-jdk-headless
  libmaven-compiler-plugin-java
  libmaven-jar-plugin-java
  libmaven-resources-plugin-java
  libsurefire-java
  libmaven-install-plugin-java
  libmaven-clean-plugin-java
  junit4
  git
  ca-certificates
)

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: this script needs apt-get (Debian or Ubuntu). Install by hand: ${packages[*]}" >&2
  exit 1
fi

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done

if [ "$check_only" = true ]; then
  [ "${#missing[@]}" -eq 0 ] || printf '%s\n' "${missing[@]}"
  exit 0
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: all ${#packages[@]} packages are already installed."
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-system-deps: installing ${missing[*]} needs root: run sudo bash scripts/install-system-deps.sh" >&2
    exit 1
  fi
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null

# The registry's own service is not needed (the tests start their own on a free port); don't leave it running.
if installed docker-registry && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  "${sudo[@]}" systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi

for package in "${missing[@]}"; do
  if ! installed "$package"; then
    echo "install-system-deps: $package is still not installed; see apt-get's output above." >&2
    exit 1
  fi
done
echo "install-system-deps: done."
