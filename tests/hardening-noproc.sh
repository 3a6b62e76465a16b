#!/bin/sh
# The close_range and keep fallbacks with neither close_range(2) nor /proc:
# fault-enosys hides /proc in a mount namespace of its own (root only; it
# skips, saying why, where it cannot) and checks the loop fallback.
# LeakSanitizer reads /proc at exit, so in a sanitizer build leak checking
# is off for this run (and only this one); the rest of ASan stays on.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
exec "${top_builddir:-.}/tests/fault-enosys" --no-proc
