# gnulib's posix_spawn tests (Debian package gnulib), sourced by
# tests/outside/run.  Built twice, against glibc and with the -D redirect
# to libegg; the glibc build runs as the control and under the preload.

gnulib_tests=/usr/share/gnulib/tests

# The test sources; the stubs for gnulib's harness are in $here/gnulib.
gnulib_names() {
	(cd "$gnulib_tests" && ls test-posix_spawn-*.c test-posix_spawnp-*.c \
		test-posix_spawn_file_actions_add*.c) | sed 's/\.c$//'
}

# Builds every test into DIR with extra compiler flags: gnulib_build DIR FLAGS...
gnulib_build() {
	local dir=$1 name
	shift
	mkdir -p "$dir" || return 1
	for name in $(gnulib_names); do
		# shellcheck disable=SC2068 # the flags' words
		gcc -std=gnu11 -O1 -w -I"$here/gnulib" -I"$gnulib_tests" \
			-DSRCDIR="\"$gnulib_tests/\"" -DEXEEXT='""' \
			-o "$dir/$name" "$gnulib_tests/$name.c" $@ || return 1
		# The dup2 tests run a shell script of the same name.
		if [ -f "$gnulib_tests/$name.in.sh" ]; then
			cp "$gnulib_tests/$name.in.sh" "$dir/$name.sh" || return 1
		fi
	done
}

# One line per test for run_kind: the program, run from its directory.
gnulib_lines() {
	local name
	for name in $(gnulib_names); do
		echo "$name ./$name"
	done
}

suite_gnulib() {
	local d=$work/gnulib status=0
	if [ ! -d "$gnulib_tests" ] || [ -z "$(gnulib_names)" ]; then
		fail_step "gnulib: no tests in $gnulib_tests (apt-get install gnulib)"
		return 1
	fi
	rm -rf "$d"
	if ! gnulib_build "$d/glibc"; then
		fail_step "gnulib: the control build failed"
		return 1
	fi
	if ! run_kind gnulib control "$d/glibc" -- "$(gnulib_lines)"; then
		fail_step "gnulib: the control run against glibc failed: the harness is broken"
		return 1
	fi
	if libegg_ready; then
		if gnulib_build "$d/redirect" $redirect_cflags $redirect_ldflags &&
			redirected "$d/redirect"; then
			run_kind gnulib redirect "$d/redirect" -- "$(gnulib_lines)" || status=1
		else
			fail_step "gnulib: the build with the -D redirect to libegg failed"
			status=1
		fi
	else
		status=1
	fi
	if preload_ready; then
		run_kind gnulib preload "$d/glibc" env LD_PRELOAD="$preload" -- \
			"$(gnulib_lines)" || status=1
	else
		status=1
	fi
	return $status
}
