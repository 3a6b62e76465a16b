# GNU make 4.3's own test suite (Debian source package make-dfsg), run
# with the installed /usr/bin/make, sourced by tests/outside/run: as the
# control, then with make under the preload.  /usr/bin/make starts every
# recipe with posix_spawn (RESETIDS, SETSIGMASK, USEVFORK, up to three
# dup2 actions).
#
# Run under ulimit -n 512, as make's own Makefile.am (check-regression)
# runs it: misc/fopen-fail includes its makefile from itself until fopen
# fails with EMFILE, and with this machine's limit of 20000 open files
# make's stack overflows first (SIGSEGV, no preload involved).  With the
# limit, the whole suite runs; nothing is left out.

# A tree the driver accepts as a build directory: DIR/make (a wrapper),
# DIR/src (the sources), DIR/tests (a copy of the suite, with its
# config-flags.pm; configure's values are not needed by these tests).
# run_make_tests.pl keeps only the environment variables it knows, so the
# wrapper sets LD_PRELOAD itself; exec -a keeps make's $(MAKE) the wrapper.
make_tree() {
	local dir=$1 preload_env=$2
	mkdir -p "$dir" && cp -r "$srcdir/tests" "$dir/tests" &&
		ln -sfn "$srcdir/src" "$dir/src" || return 1
	sed 's/@[A-Z_]*@//' "$dir/tests/config-flags.pm.in" >"$dir/tests/config-flags.pm"
	printf '#!/bin/bash\n%sexec -a "$0" /usr/bin/make "$@"\n' "$preload_env" >"$dir/make"
	# The driver: the suite's own verdict line, not only its exit status.
	cat >"$dir/check" <<-'EOF'
	#!/bin/sh
	ulimit -n 512
	cd "$(dirname "$0")/tests" && perl ./run_make_tests.pl -make ../make >../tests.out 2>&1
	status=$?
	cat ../tests.out
	grep -q 'No Failures :-)' ../tests.out && exit $status
	for f in $(find work -name '*.diff*'); do echo "---- $f"; head -n 30 "$f"; done
	exit 1
	EOF
	chmod +x "$dir/make" "$dir/check"
}

# The wrapped make has the preload mapped: its recipe's shell looks.
make_preload_active() {
	printf 'all:\n\t@grep -q libegg-spawn /proc/$$PPID/maps\n' |
		"$1" -s -f - all
}

suite_make() {
	local d=$work/make status=0
	# One test here is the whole suite: about 50 s idle, 2 min loaded.
	local OUTSIDE_TIMEOUT=${OUTSIDE_TIMEOUT:-900}
	if ! fetch_source make; then
		fail_step "make: cannot fetch the source package make-dfsg"
		return 1
	fi
	if ! command -v perl >/dev/null || [ ! -x /usr/bin/make ]; then
		fail_step "make: needs perl and /usr/bin/make"
		return 1
	fi
	rm -rf "$d"
	if ! make_tree "$d/control" "" ||
		! run_kind make control "$d/control" -- "make-4.3 ./check"; then
		fail_step "make: the control run with /usr/bin/make failed: the harness is broken"
		return 1
	fi
	preload_ready || return 1
	make_tree "$d/preload" "export LD_PRELOAD='$preload'
" || return 1
	if ! make_preload_active "$d/preload/make"; then
		fail_step "make: libegg-spawn.so is not in the maps of make under the wrapper"
		return 1
	fi
	run_kind make preload "$d/preload" -- "make-4.3 ./check" || status=1
	return $status
}
