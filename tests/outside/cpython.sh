# CPython's own tests of os.posix_spawn and os.posix_spawnp (test_posix's
# TestPosixSpawn and TestPosixSpawnP), sourced by tests/outside/run: once
# as the control, once with the preload in the Python process.  The tests
# come with the interpreter first on PATH (its lib/python3.X/test).

# The real interpreter (not a pyenv shim) and its test package, or fail.
cpython_find() {
	python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
		cpython_testdir=$("$python" -c \
			'import os, test; print(os.path.dirname(test.__file__))' 2>/dev/null) &&
		[ -f "$cpython_testdir/test_posix.py" ]
}

# The driver: python -m test, in the same process after a look at its own
# maps when WANT_PRELOAD is set: the preload is in the Python process
# that runs the tests, not only in what it spawns.
cpython_driver() {
	cat >"$1" <<-'EOF'
	import os, runpy, sys
	if os.environ.get("WANT_PRELOAD") and \
	        "libegg-spawn" not in open("/proc/self/maps").read():
	    sys.exit("libegg-spawn.so is not mapped into this Python process")
	sys.argv[0] = "test"
	runpy.run_module("test", run_name="__main__", alter_sys=True)
	EOF
}

# The test line for run_kind: both classes, each test's name in the log.
cpython_line() {
	echo "test_posix.TestPosixSpawn $python $work/cpython/driver.py" \
		"-v test_posix -m TestPosixSpawn*"
}

# The run ran its 45 or so tests and skipped none (a run of no tests exits 0).
cpython_ran_all() {
	local log=$1
	if ! grep -q '^Ran [1-9][0-9]* tests' "$log" || ! grep -q '^OK$' "$log"; then
		fail_step "cpython: $log shows no successful tests"
		return 1
	fi
	if grep -q 'skipped=' "$log"; then
		fail_step "cpython: tests skipped in $log"
		return 1
	fi
}

suite_cpython() {
	local d=$work/cpython status=0
	if ! cpython_find; then
		fail_step "cpython: no python3 with the test package (test/test_posix.py)"
		return 1
	fi
	say "cpython: $python, tests in $cpython_testdir"
	mkdir -p "$d" && cpython_driver "$d/driver.py" || return 1
	if ! run_kind cpython control "$d" -- "$(cpython_line)" ||
		! cpython_ran_all "$work/logs/cpython-control/test_posix.TestPosixSpawn.log"; then
		fail_step "cpython: the control run failed: the harness is broken"
		return 1
	fi
	if ! preload_ready; then
		return 1
	fi
	run_kind cpython preload "$d" env LD_PRELOAD="$preload" WANT_PRELOAD=1 -- \
		"$(cpython_line)" ||
		status=1
	cpython_ran_all "$work/logs/cpython-preload/test_posix.TestPosixSpawn.log" ||
		status=1
	return $status
}
