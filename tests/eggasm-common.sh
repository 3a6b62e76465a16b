# Sourced by the eggasm shell tests: where things are, a private temporary
# directory, and checks that say what went wrong.  Each check counts a
# failure and goes on; finish exits 1 if any failed.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
EGGASM=${EGGASM:-$top_builddir/tools/eggasm/eggasm}
PROBE=$top_builddir/tests/probe
examples=$top_srcdir/examples

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eggasm-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# The physical path: the probe reports cwd and fd targets resolved.
tmp=$(cd "$tmp" && pwd -P)
failures=0

fail()
{
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# check NAME WANT GOT
check()
{
	if test "x$2" = "x$3"; then
		echo "ok: $1"
	else
		fail "$1: expected [$2], got [$3]"
	fi
}

# check_match NAME PATTERN GOT: GOT matches the shell pattern
check_match()
{
	case $3 in
	$2) echo "ok: $1" ;;
	*) fail "$1: expected something like [$2], got [$3]" ;;
	esac
}

# check_file_same NAME A B: same bytes
check_file_same()
{
	if cmp -s "$2" "$3"; then
		echo "ok: $1"
	else
		fail "$1: $2 and $3 differ"
		diff "$2" "$3" >&2
	fi
}

# probe_value FILE KEY: the value of KEY in a probe snapshot
probe_value()
{
	sed -n "s/^$2=//p" "$1"
}

finish()
{
	if test "$failures" -ne 0; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	exit 0
}

if test ! -x "$EGGASM"; then
	echo "no $EGGASM: build eggasm first" >&2
	exit 1
fi
