#!/bin/sh
# The stress run twice: with clone3 (the kernel resets the child's
# handlers) and as on a kernel without it (the child resets them itself);
# then both again on the fork path used where vfork is fork (-f).
# make check runs the default size; make stress sets STRESS_ARGS.
prog="${top_builddir:-.}/tests/stress-spawn"
args=${STRESS_ARGS:-"-t 2 -n 500 -w 120"}
# shellcheck disable=SC2086 # args are words on purpose
"$prog" $args || exit 1
# shellcheck disable=SC2086
"$prog" $args -k || exit 1
# shellcheck disable=SC2086
"$prog" $args -f || exit 1
# shellcheck disable=SC2086
"$prog" $args -f -k || exit 1
