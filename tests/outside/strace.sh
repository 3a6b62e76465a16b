# The preload is really used, sourced by tests/outside/run: under strace,
# the spawns of preloaded programs (GNU make, Python's os.posix_spawn and
# os.posix_spawnp) are libegg's clone3 (CLONE_VM | CLONE_VFORK with
# CLONE_CLEAR_SIGHAND, which glibc 2.36's posix_spawn never sets), and no
# spawn is left to glibc's.  The same programs without the preload must
# show glibc's clone (the check tells the two apart).

# The spawning system calls of PROGRAM... under strace -f, one a line.
strace_spawns() {
	local out=$work/strace/trace.$$
	strace -f -qq -o "$out" -e trace=clone,clone3,fork,vfork "$@" >/dev/null 2>&1 ||
		{ echo "strace $*: failed"; return 1; }
	# Not a spawn: libegg's one-time check that a vfork child shares our
	# memory (lib/vmshare.c), a clone with no exit signal.
	grep -E '(clone3?|v?fork)\(' "$out" |
		grep -Ev '^[0-9]+ +clone\(child_stack=0x[0-9a-f]+, flags=CLONE_VM\|CLONE_VFORK\) ='
}

# Spawns by make (three recipes, run without a shell) and by Python.
strace_clients() {
	local prefix=("$@")
	printf 'all: a b c\na b c:\n\t@true\n' >"$work/strace/Makefile"
	strace_spawns "${prefix[@]}" /usr/bin/make -s -C "$work/strace" -f Makefile all
	strace_spawns "${prefix[@]}" "$python" -c 'import os
for spawn in os.posix_spawn, os.posix_spawnp:
	pid = spawn("/bin/true", ["true"], os.environ)
	os.waitpid(pid, 0)'
}

# Every spawn in the trace on stdin has libegg's flags; at least N spawns.
strace_all_egg() {
	local n=$1 trace egg
	trace=$(cat)
	echo "$trace" | sed 's/^/     /'
	egg=$(echo "$trace" | grep -c 'clone3(.*CLONE_VM|CLONE_VFORK.*CLONE_CLEAR_SIGHAND')
	[ "$egg" -ge "$n" ] && [ "$egg" = "$(echo "$trace" | grep -c .)" ]
}

suite_strace() {
	local status=0 trace
	if ! command -v strace >/dev/null || ! cpython_find; then
		fail_step "strace: needs strace and python3"
		return 1
	fi
	preload_ready || return 1
	mkdir -p "$work/strace" || return 1
	# The control: glibc's posix_spawn, never with CLONE_CLEAR_SIGHAND.
	trace=$(strace_clients env) || { fail_step "strace: $trace"; return 1; }
	if [ -z "$trace" ] || echo "$trace" | grep -q CLONE_CLEAR_SIGHAND; then
		echo "$trace"
		fail_step "strace: the control trace shows no glibc spawn: the check is broken"
		return 1
	fi
	record pass "strace/control/glibc-spawns"
	trace=$(strace_clients env LD_PRELOAD="$preload") || { fail_step "strace: $trace"; return 1; }
	if echo "$trace" | strace_all_egg 5; then
		record pass "strace/preload/libegg-clone3"
	else
		record fail "strace/preload/libegg-clone3"
		echo "     (want: 5 or more spawns, every one clone3 with" \
			"CLONE_VM|CLONE_VFORK and CLONE_CLEAR_SIGHAND)"
		status=1
	fi
	return $status
}
