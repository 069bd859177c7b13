#!/bin/sh
# Installs what SwiftTAP needs from Debian (and, with --test, what the client tests use from Debian and
# PyPI). Only what is missing is installed, so a second run takes a second.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
packages="postgresql-15 postgresql-15-pgsphere postgresql-15-q3c libpq-dev"
if [ "${1:-}" = "--test" ]; then
    packages="$packages stilts libxml2-utils"
fi
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "Installing Debian packages:$missing"
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=""; fi
    $sudo apt-get update -qq
    # The Debian package would create and start a system cluster; tapd runs its own, so skip that.
    if [ ! -e /etc/postgresql-common/createcluster.conf ] || ! grep -q '^create_main_cluster = false' /etc/postgresql-common/createcluster.conf; then
        $sudo mkdir -p /etc/postgresql-common
        echo 'create_main_cluster = false' | $sudo tee -a /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ "$(id -u)" -eq 0 ]; then
    sh "$here/install-pgsphere-fix.sh"
else
    sudo sh "$here/install-pgsphere-fix.sh"
fi
if [ "${1:-}" = "--test" ]; then
    if ! python3 -c "import pyvo, astropy, pytest" 2>/dev/null; then
        echo "Installing pyvo, astropy and pytest from PyPI"
        python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore pyvo astropy pytest
    fi
fi
