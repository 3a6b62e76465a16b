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

# The preload is mapped into the Python process itself, not just into
# what it spawns.
cpython_preload_active() {
	LD_PRELOAD=$preload "$python" -c 'import sys
sys.exit(0 if "libegg-spawn" in open("/proc/self/maps").read() else 1)'
}

# The test line for run_kind: both classes, each test's name in the log.
cpython_line() {
	echo "test_posix.TestPosixSpawn $python -m test -v test_posix -m TestPosixSpawn*"
}

# Every run ran the 45-odd tests and skipped none: a run of nothing passes.
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
	mkdir -p "$d" || return 1
	if ! run_kind cpython control "$d" -- "$(cpython_line)" ||
		! cpython_ran_all "$work/logs/cpython-control/test_posix.TestPosixSpawn.log"; then
		fail_step "cpython: the control run failed: the harness is broken"
		return 1
	fi
	if ! preload_ready; then
		return 1
	fi
	if ! cpython_preload_active; then
		fail_step "cpython: libegg-spawn.so is not in the Python process's maps"
		return 1
	fi
	run_kind cpython preload "$d" env LD_PRELOAD="$preload" -- "$(cpython_line)" ||
		status=1
	cpython_ran_all "$work/logs/cpython-preload/test_posix.TestPosixSpawn.log" ||
		status=1
	return $status
}
