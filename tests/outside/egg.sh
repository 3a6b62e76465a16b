# What the outside suites test (sourced by tests/outside/run): libegg's
# link-time API (egg_posix_spawn, egg_posix_spawnp) and its preload
# (libegg-spawn.so), both from the build directory.  Expects $egg_libdir
# and $preload.  A missing piece is a failure of every run that needs it.

# Compiler flags that point a program's posix_spawn calls at libegg's.
redirect_cflags="-Dposix_spawn=egg_posix_spawn -Dposix_spawnp=egg_posix_spawnp"
redirect_ldflags="-L$egg_libdir -Wl,-rpath,$egg_libdir -legg"

# Runs of each kind (control, redirect, preload) by their outcome per
# test: the control's outcome is what an egg run must match.
declare -A control_outcome

# libegg.so is built and exports both functions.
libegg_ready() {
	local sym
	if [ ! -f "$egg_libdir/libegg.so" ]; then
		fail_step "libegg.so not built in $egg_libdir"
		return 1
	fi
	for sym in egg_posix_spawn egg_posix_spawnp; do
		if ! nm -D --defined-only "$egg_libdir/libegg.so" | grep -w "$sym" >/dev/null; then
			fail_step "libegg.so does not export $sym"
			return 1
		fi
	done
}

# libegg-spawn.so is built, and the dynamic loader really maps it into a
# preloaded program (ld.so only warns about a preload it cannot load).
preload_ready() {
	if [ ! -f "$preload" ]; then
		fail_step "libegg-spawn.so not built (looked for $preload)"
		return 1
	fi
	local maps
	maps=$(LD_PRELOAD=$preload cat /proc/self/maps)
	if ! echo "$maps" | grep -q "libegg-spawn"; then
		fail_step "LD_PRELOAD=$preload does not map it into cat(1)"
		return 1
	fi
}

# Every program in DIR that calls posix_spawn calls libegg's instead: a
# redirect that missed a call would test glibc twice.
redirected() {
	local bin bad=
	for bin in "$1"/*; do
		[ -x "$bin" ] && [ -f "$bin" ] || continue
		if nm -D "$bin" 2>/dev/null | grep ' U posix_spawnp\{0,1\}\(@\|$\)' >/dev/null; then
			bad="$bad ${bin##*/}"
		fi
	done
	if [ -n "$bad" ]; then
		fail_step "still calling glibc's posix_spawn after the redirect:$bad"
		return 1
	fi
}

# Runs the tests of one kind: run_kind SUITE KIND DIR PREFIX... -- TESTS,
# where each test is "name cmd args..." on its own line, run in DIR with
# PREFIX (e.g. env LD_PRELOAD=...) before it.  The control kind records its
# outcomes; another kind must match them.  Fails if any test failed.
run_kind() {
	local suite=$1 kind=$2 dir=$3 prefix=() line name want status=0
	local - # set -f below: a test's words are not file name patterns
	set -f
	shift 3
	while [ "$1" != -- ]; do
		prefix+=("$1")
		shift
	done
	shift
	mkdir -p "$work/logs/$suite-$kind"
	while read -r line; do
		[ -n "$line" ] || continue
		name=${line%% *}
		# shellcheck disable=SC2086 # the command line's words
		run_test "$suite/$kind/$name" "$work/logs/$suite-$kind/$name.log" "$dir" \
			"${prefix[@]}" ${line#* }
		if [ "$kind" = control ]; then
			control_outcome[$suite/$name]=$outcome
		else
			want=${control_outcome[$suite/$name]:-pass}
			if [ "$outcome" = skip ] && [ "$want" != skip ]; then
				outcome=fail
				echo "     $suite/$kind/$name: unsupported here but passed in the control"
			fi
		fi
		[ "$outcome" != fail ] || status=1
		record "$outcome" "$suite/$kind/$name"
	done <<<"$*"
	return $status
}
