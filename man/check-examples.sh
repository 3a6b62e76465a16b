#!/bin/sh
# The EXAMPLES of the man pages compile and work: the program of each page
# (the .EX block of its EXAMPLES section that starts with #include) is
# extracted, built against the public headers and libegg as a user would
# build it, and run; it must exit 0.  Every function page (section 3, not
# an alias) must have one.  A #line directive makes compiler messages name
# the page and its line.
#
# Within a program only the escapes \e \- \& \(aq \(dq are allowed, so that
# what is compiled is exactly what the reader sees.
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}

# How the library was built (man/local.mk writes it), so that the
# examples get the same compiler, warnings and sanitizers.
EXAMPLE_CC=${CC:-cc}
EXAMPLE_CPPFLAGS=
EXAMPLE_CFLAGS="-Wall -Wextra -Werror"
EXAMPLE_LDFLAGS=
if test -f "$builddir/man/examples.env"; then
	# shellcheck source=/dev/null
	. "$builddir/man/examples.env"
fi
# Where the tests run without a toolchain (the aarch64 lane's guest), the
# examples cannot be built; the build host's make check builds them.
if ! command -v "${EXAMPLE_CC%% *}" >/dev/null 2>&1; then
	echo "SKIP: check-examples: no C compiler ($EXAMPLE_CC) here"
	exit 77
fi
libtool="$builddir/libtool"
if test ! -x "$libtool" || test ! -f "$builddir/lib/libegg.la"; then
	echo "check-examples: no $libtool or lib/libegg.la: build the library first" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Prints the program of a page (what=prog), with a #line directive, or
# the output it documents (what=out: the .EX block after "It prints:");
# nothing if there is none.  Exits 2 if a block is not clean.
extract()
{
	awk -v page="$1" -v what="$2" '
	function fail(msg) {
		printf "%s:%d: %s\n", page, NR, msg > "/dev/stderr"
		bad = 1
		exit 2
	}
	function unescape(s,   out, i, rest) {
		out = ""
		while ((i = index(s, "\\")) > 0) {
			out = out substr(s, 1, i - 1)
			rest = substr(s, i + 1)
			if (rest ~ /^e/) {
				out = out "\\"; s = substr(rest, 2)
			} else if (rest ~ /^-/) {
				out = out "-"; s = substr(rest, 2)
			} else if (rest ~ /^&/) {
				s = substr(rest, 2)
			} else if (rest ~ /^\(aq/) {
				out = out "\047"; s = substr(rest, 4)
			} else if (rest ~ /^\(dq/) {
				out = out "\""; s = substr(rest, 4)
			} else {
				fail("escape \\" substr(rest, 1, 3) " in an example")
			}
		}
		return out s
	}
	/^\.SH/ { section = $0; sub(/^\.SH[ \t]+"?/, "", section); sub(/"$/, "", section)
		  next }
	section != "EXAMPLES" { next }
	/^\.EX/ { inblock = 1; first = 1; next }
	/^\.EE/ {
		if (kind == "prog")
			progs++
		inblock = 0; kind = ""; next
	}
	!inblock && /^[^.\047]/ { last_text = $0; next }
	!inblock { next }
	first {
		first = 0
		if ($0 ~ /^#include/) {
			kind = "prog"
			if (progs)
				fail("a second program in EXAMPLES")
			if (what == "prog")
				printf "#line %d \"%s\"\n", NR, page
		} else if (last_text == "It prints:" && progs == 1) {
			kind = "out"
		}
		last_text = ""
	}
	kind == "" { next }
	/^[.\047]/ { fail("a roff request inside an example") }
	{ line = unescape($0); if (kind == what) print line }
	END { if (!bad && inblock) fail("an example has no .EE") }
	' "$srcdir/man/$1"
}

# A page is an alias (a link or, in a tarball, a copy) when its title is
# not its own name.
is_alias()
{
	title=$(sed -n 's/^\.TH[ \t]\{1,\}\([^ \t]*\).*/\1/p' "$srcdir/man/$1" | head -n 1)
	test "$(echo "$title" | tr '[:upper:]' '[:lower:]')" != "${1%.[0-9]}"
}

status=0
built=0
for path in "$srcdir"/man/*.[37]; do
	page=${path##*/}
	is_alias "$page" && continue
	name=${page%.[0-9]}
	if ! extract "$page" prog >"$tmp/$name.c"; then
		status=1
		continue
	fi
	if test ! -s "$tmp/$name.c"; then
		case $page in
		*.3)
			echo "$page: no program in EXAMPLES" >&2
			status=1
			;;
		esac
		continue
	fi
	# shellcheck disable=SC2086 # the flags are lists of words
	if ! "$libtool" --quiet --tag=CC --mode=link $EXAMPLE_CC \
	     -I"$srcdir/include" -I"$builddir/include" $EXAMPLE_CPPFLAGS \
	     $EXAMPLE_CFLAGS $EXAMPLE_LDFLAGS -o "$tmp/$name" "$tmp/$name.c" \
	     "$builddir/lib/libegg.la"; then
		echo "FAIL: $page: the example does not build" >&2
		status=1
		continue
	fi
	built=$((built + 1))
	(cd "$tmp" && "./$name") >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if test "$rc" -ne 0; then
		echo "FAIL: $page: the example exits $rc:" >&2
		cat "$tmp/$name.out" "$tmp/$name.err" >&2
		status=1
		continue
	fi
	if ! extract "$page" out >"$tmp/$name.expected"; then
		status=1
		continue
	fi
	if test -s "$tmp/$name.expected" &&
	   ! diff -u "$tmp/$name.expected" "$tmp/$name.out" >&2; then
		echo "FAIL: $page: the example does not print what the page says" >&2
		status=1
		continue
	fi
	echo "PASS: $page"
	sed 's/^/	/' "$tmp/$name.out" "$tmp/$name.err"
done
if test "$built" -eq 0; then
	echo "check-examples: no example found in $srcdir/man" >&2
	status=1
fi
exit $status
