#!/bin/sh
# valgrind on what runs in the parent and never forks: the builder, the
# validator and the decoder (tests/hardening-builder, and the fuzz corpus
# through fuzz/replay-decode), and eggasm's assembler and disassembler on
# its fuzz corpus.  No leak, no invalid access.  Spawning under valgrind
# (the fork path) is tests/valgrind-spawn.sh's, which .ci/extra runs with
# more case lists than make check does.  egg_aspawn() is here: under
# valgrind its child is a plain fork (tests/egg-aspawn's many spawns, the
# aspawn-loop example, eggasm run --no-wait).
set -eu
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind not installed"
	exit 77
fi
if grep -q '^SANITIZER_CFLAGS = -fsanitize' "$top_builddir/Makefile"; then
	echo "SKIP: a sanitizer build; valgrind and AddressSanitizer do not mix"
	exit 77
fi
# Its own exit code, so that a program's failure (eggasm on bad source
# exits 1) is not taken for valgrind's finding.
VG_FOUND=99
vg="valgrind -q --error-exitcode=$VG_FOUND --leak-check=full \
--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible"
status=0

# Runs a program under valgrind; "ok" is the exit codes it may have.
run() {
	ok=$1
	shift
	rc=0
	# libtool runs the real binary, not its wrapper script.
	# shellcheck disable=SC2086 # vg is a command line
	"$top_builddir/libtool" --mode=execute $vg "$@" >/dev/null 2>"$tmp/err" || rc=$?
	case " $ok " in
	*" $rc "*) ;;
	*)
		echo "hardening-valgrind: FAIL (exit $rc): $*"
		cat "$tmp/err"
		status=1
		;;
	esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "hardening-valgrind: builder and decoder"
run 0 "$top_builddir/tests/hardening-builder"
run 0 "$top_builddir/fuzz/replay-decode" "$top_srcdir"/fuzz/corpus/decode/*
run 0 "$top_builddir/fuzz/replay-eggasm" "$top_srcdir"/fuzz/corpus/eggasm/*
echo "hardening-valgrind: egg_aspawn"
CK_RUN_CASE=many EGG_ASPAWN_MANY=300
export CK_RUN_CASE EGG_ASPAWN_MANY
run 0 "$top_builddir/tests/egg-aspawn"
unset CK_RUN_CASE EGG_ASPAWN_MANY
# No keeper in a copy of the memory: EGG_SPAWN_NOSIGCHLD is refused.
run 0 "$top_builddir/tests/egg-nosigchld"
run 0 "$top_builddir/examples/aspawn-loop"
eggasm="$top_builddir/tools/eggasm/eggasm"
if [ -x "$eggasm" ]; then
	printf 'umask 022\n' >"$tmp/umask.s"
	run 0 "$eggasm" run --no-wait "$tmp/umask.s" true
	echo "hardening-valgrind: eggasm"
	# The modules saw the whole corpus above (replay-eggasm); here the
	# program around them, on a few files: a valgrind run takes a while.
	for src in canon-daemon.s canon-signal.s hand-layout.s bad-string.s bad-second-line.s; do
		# Good source assembles and disassembles; bad source fails (1).
		run "0 1" "$eggasm" -o "$tmp/out.egg" "$top_srcdir/fuzz/corpus/eggasm/$src"
		run "0 1" "$eggasm" -d -o - "$top_srcdir/fuzz/corpus/eggasm/$src"
	done
	for egg in "$top_srcdir"/fuzz/corpus/decode/*-fd "$top_srcdir"/fuzz/corpus/decode/*-daemon \
		"$top_srcdir"/fuzz/corpus/decode/*-bad-list-order; do
		cp "$egg" "$tmp/in.egg"	# the name says what it is
		run "0 1" "$eggasm" -d -o - "$tmp/in.egg"
	done
else
	echo "hardening-valgrind: no eggasm built, not checked"
fi
exit $status
