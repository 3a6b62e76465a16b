# Shared by tests/outside/run and its suites (sourced, bash): results,
# timing, running one test program, and fetching a Debian source package.
# Expects: $work (scratch directory), $here (this directory).

npass=0
nfail=0
nskip=0
failed_runs=

say() { printf 'outside: %s\n' "$*"; }

# A failure that is not one test's: a suite that cannot be fetched or
# built, a broken control run, a missing libegg piece.
fail_step() {
	say "FAIL: $*"
	nfail=$((nfail + 1))
	failed_runs="$failed_runs
  $*"
}

# Records one test's outcome as "pass", "fail" or "skip".
record() {
	local outcome=$1 name=$2
	case $outcome in
	pass) npass=$((npass + 1)) ;;
	skip) nskip=$((nskip + 1)) ;;
	*) nfail=$((nfail + 1))
		failed_runs="$failed_runs
  $name" ;;
	esac
	printf '%-4s %s\n' "$(echo "$outcome" | tr a-z A-Z)" "$name"
}

# Runs one test program: run_test NAME LOG DIR CMD...; in DIR, under a
# timeout ($OUTSIDE_TIMEOUT seconds, 120 unless set), output to LOG.  Prints and returns the outcome through $outcome:
# exit 0 pass, 77 skip (glibc's and Automake's "unsupported"), else fail.
# A failure shows the log's end.
run_test() {
	local name=$1 log=$2 dir=$3 status=0
	shift 3
	(cd "$dir" && timeout --kill-after=10 "${OUTSIDE_TIMEOUT:-120}" "$@") \
		>"$log" 2>&1 </dev/null || status=$?
	case $status in
	0) outcome=pass ;;
	77) outcome=skip ;;
	*) outcome=fail ;;
	esac
	if [ "$outcome" = fail ]; then
		echo "---- $name: exit $status, $log:"
		tail -n 40 "$log"
		echo "----"
	elif [ "$outcome" = skip ]; then
		echo "     $name: unsupported: $(tail -n 1 "$log")"
	fi
}

# Runs the body of a suite and prints the time it took: timed NAME CMD...
timed() {
	local name=$1 start=$SECONDS status=0
	shift
	printf '\n==== outside: %s ====\n' "$name"
	"$@" || status=$?
	say "$name took $((SECONDS - start)) s"
	return $status
}

# The deb-src entry apt-get source needs, once: Debian 12 lists its
# archives in deb822 form, with Types: deb only.
ensure_deb_src() {
	local list=/etc/apt/sources.list.d/libegg-outside-src.sources

	if [ -f "$list" ] || grep -rqs '^Types:.*deb-src\|^deb-src ' \
		/etc/apt/sources.list /etc/apt/sources.list.d; then
		return 0
	fi
	cat >"$list" <<-EOF
	# Source packages for libegg's outside test suites (tests/outside/run).
	Types: deb-src
	URIs: http://deb.debian.org/debian
	Suites: bookworm bookworm-updates
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

	Types: deb-src
	URIs: http://deb.debian.org/debian-security
	Suites: bookworm-security
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	apt_updated=
}

# Unpacks the Debian source package of installed binary package BIN into
# $work/src/SOURCE (Debian's patches applied) and sets $srcdir to it; the
# installed version if the archive still has it, else the archive's.
# Reuses an earlier unpacking.
fetch_source() {
	local bin=$1 pkg version dsc
	bin=$bin:$(dpkg --print-architecture)
	pkg=$(dpkg-query -W -f='${source:Package}' "$bin") &&
		version=$(dpkg-query -W -f='${source:Version}' "$bin") || return 1
	srcdir=$work/src/$pkg
	if [ "$(cat "$srcdir/.outside-unpacked" 2>/dev/null)" = "$version" ]; then
		return 0
	fi
	ensure_deb_src || return 1
	if [ -z "${apt_updated:-}" ]; then
		apt-get update -qq || return 1
		apt_updated=1
	fi
	mkdir -p "$work/src" && rm -rf "$srcdir" || return 1
	(cd "$work/src" && { apt-get source -qq --download-only "$pkg=$version" ||
		apt-get source -qq --download-only "$pkg"; }) || return 1
	dsc=$(ls -t "$work/src/${pkg}"_*.dsc | head -n 1)
	dpkg-source --no-check -x "$dsc" "$srcdir" >"$work/src/$pkg.unpack.log" 2>&1 ||
		{ tail -n 20 "$work/src/$pkg.unpack.log"; return 1; }
	say "$pkg: unpacked $(basename "$dsc" .dsc) (installed: $version)"
	echo "$version" >"$srcdir/.outside-unpacked"
}
