# glibc 2.36's own posix_spawn tests (Debian source package glibc),
# sourced by tests/outside/run.  glibc's support/ library (the test driver,
# the x* wrappers, temporary files) is compiled from the same source against
# the installed headers, with the small headers in $here/glibc standing in
# for glibc's build-time ones.  Never on -I: glibc's posix/ (its spawn.h
# would hide the installed one) and its top directory (its bits/).

# The tests, with the source directory of each.
glibc_tests="posix/tst-spawn posix/tst-spawn2 posix/tst-spawn3 posix/tst-spawn4
posix/tst-spawn4-compat posix/tst-spawn5 posix/tst-spawn6 posix/tst-spawn-chdir
posix/tst-posix_spawn-fd posix/tst-posix_spawn-setsid nptl/tst-exec5
sysdeps/pthread/tst-exec1"

# Tests that re-run their own program: glibc's Makefiles pass them its path.
glibc_self_restarting=" tst-spawn tst-spawn5 tst-spawn6 "

# support/ routines left out: they need glibc's internal sysdep and atomic
# headers, and no posix_spawn test uses them (the link would say so).
glibc_support_skip=" support_path_support_time64 support_socket_so_timestamp_time64 \
support_small_stack_thread_attribute "

# Header directory: a few of glibc's include/ headers that support/ uses,
# copied (glibc's include/ wraps every system header: never on -I), and
# links for <support/...>, <malloc/dynarray-skeleton.c>, <test-skeleton.c>.
glibc_headers() {
	local inc=$1 h
	mkdir -p "$inc" || return 1
	for h in intprops array_length libc-diag scratch_buffer; do
		cp "$srcdir/include/$h.h" "$inc/" || return 1
	done
	cp "$srcdir/sysdeps/unix/sysv/linux/arch-fd_to_filename.h" "$inc/" &&
		ln -sfn "$srcdir/support" "$inc/support" &&
		ln -sfn "$srcdir/malloc" "$inc/malloc" &&
		ln -sfn "$srcdir/test-skeleton.c" "$inc/test-skeleton.c"
}

glibc_cflags() {
	echo "-std=gnu11 -O1 -w -pthread -include $here/glibc/compat.h" \
		"-I$here/glibc -I$work/glibc/inc -I$srcdir/support"
}

# support_paths.c wants the build's directories, in $glibc_path_defines;
# the tests here use none of them.
glibc_path_defines() {
	local pair none=$work/glibc/none
	glibc_path_defines=()
	for pair in SRCDIR="$none" OBJDIR="$none" OBJDIR_ELF_LDSO="$none" \
		INSTDIR=/usr LIBDIR=/usr/lib BINDIR=/usr/bin SBINDIR=/usr/sbin \
		SLIBDIR=/lib ROOTSBINDIR=/sbin COMPLOCALEDIR=/usr/lib/locale; do
		glibc_path_defines+=("-D${pair%%=*}_PATH=\"${pair#*=}\"")
	done
}

# Compiles support/ into $work/glibc/libsupport.a, on every CPU.
glibc_build_support() {
	local obj=$work/glibc/support-obj r n=0 jobs=() j status=0
	glibc_path_defines
	mkdir -p "$obj" || return 1
	for r in $(sed -n '/^libsupport-routines/,/^$/p' "$srcdir/support/Makefile" |
		tr -d '\\' | tr ' \t' '\n\n' | grep -v '=\|^$\|routines'); do
		case $glibc_support_skip in *" $r "*) continue ;; esac
		# shellcheck disable=SC2046 # the flags' words
		gcc $(glibc_cflags) "${glibc_path_defines[@]}" -c -o "$obj/$r.o" \
			"$srcdir/support/$r.c" &
		jobs+=($!)
		if [ $((++n % $(nproc))) = 0 ]; then
			for j in "${jobs[@]}"; do wait "$j" || status=1; done
			jobs=()
		fi
	done
	for j in "${jobs[@]}"; do wait "$j" || status=1; done
	[ $status = 0 ] && ar rcs "$work/glibc/libsupport.a" "$obj"/*.o
}

# Builds every test into DIR with extra flags: glibc_build DIR FLAGS...
glibc_build() {
	local dir=$1 t name
	shift
	mkdir -p "$dir" || return 1
	for t in $glibc_tests; do
		name=${t##*/}
		# shellcheck disable=SC2046,SC2068 # the flags' words
		gcc $(glibc_cflags) -DOBJPFX="\"$dir/\"" -o "$dir/$name" \
			"$srcdir/$t.c" "$work/glibc/libsupport.a" $@ || return 1
	done
}

# One line per test for run_kind; without the tests in $1 (a list).
glibc_lines() {
	local dir=$1 skip=${2:-} t name
	for t in $glibc_tests; do
		name=${t##*/}
		case " $skip " in *" $name "*) continue ;; esac
		case $glibc_self_restarting in
		*" $name "*) echo "$name ./$name -- $dir/$name" ;;
		*) echo "$name ./$name" ;;
		esac
	done
}

suite_glibc() {
	local d=$work/glibc status=0
	if ! fetch_source libc6; then
		fail_step "glibc: cannot fetch the source package glibc"
		return 1
	fi
	rm -rf "$d"
	if ! glibc_headers "$d/inc" || ! glibc_build_support; then
		fail_step "glibc: cannot build glibc's support/ library"
		return 1
	fi
	if ! glibc_build "$d/glibc"; then
		fail_step "glibc: the control build failed"
		return 1
	fi
	if ! run_kind glibc control "$d/glibc" -- "$(glibc_lines "$d/glibc")"; then
		fail_step "glibc: the control run against glibc failed: the harness is broken"
		return 1
	fi
	# tst-spawn4-compat checks posix_spawn@GLIBC_2.2.5, the old ABI with its
	# /bin/sh fallback on ENOEXEC: a symbol version, so only the preload
	# has it; egg_posix_spawn is the current posix_spawn and must not fall
	# back (tst-spawn4 checks that).
	if libegg_ready; then
		if glibc_build "$d/redirect" $redirect_cflags $redirect_ldflags &&
			redirected "$d/redirect"; then
			run_kind glibc redirect "$d/redirect" -- \
				"$(glibc_lines "$d/redirect" tst-spawn4-compat)" || status=1
		else
			fail_step "glibc: the build with the -D redirect to libegg failed"
			status=1
		fi
	else
		status=1
	fi
	if preload_ready; then
		run_kind glibc preload "$d/glibc" env LD_PRELOAD="$preload" -- \
			"$(glibc_lines "$d/glibc")" || status=1
	else
		status=1
	fi
	return $status
}
