#!/bin/sh
# Generate the build system from a git checkout.
set -e
cd "$(dirname "$0")"
autoreconf --install --force --warnings=all
