#!/bin/sh
# The man pages: every function libegg exports (lib/libegg.sym) has a page
# of its name that lists it under NAME, every section 3 page is such a
# function, and mandoc -Tlint -W warning has nothing to say about any page.
srcdir=${top_srcdir:-.}
status=0

# The names a page's NAME section lists, space separated.
names_of()
{
	awk '/^\.SH/ { in_name = ($2 == "NAME"); next } in_name { printf "%s ", $0 }' "$1" |
		sed 's/\\-.*//; s/,/ /g'
}

syms=$(sed -n 's/^[ \t]*\([a-z_][a-z0-9_]*\);$/\1/p' "$srcdir/lib/libegg.sym")
if test -z "$syms"; then
	echo "check-lint: no symbols in $srcdir/lib/libegg.sym" >&2
	exit 1
fi
for sym in $syms; do
	page="$srcdir/man/$sym.3"
	if test ! -f "$page"; then
		echo "$sym: exported, but there is no man/$sym.3" >&2
		status=1
		continue
	fi
	case " $(names_of "$page") " in
	*" $sym "*) ;;
	*)
		echo "man/$sym.3: NAME does not list $sym" >&2
		status=1
		;;
	esac
done
for page in "$srcdir"/man/*.3; do
	name=${page##*/}
	name=${name%.3}
	if ! echo "$syms" | grep -qx "$name"; then
		echo "man/$name.3: $name is not an exported function" >&2
		status=1
	fi
done

if ! command -v mandoc >/dev/null 2>&1; then
	echo "check-lint: mandoc is not installed, so the pages were not linted"
	test "$status" -ne 0 && exit "$status"
	exit 77
fi
out=$(mandoc -Tlint -W warning "$srcdir"/man/*.[1-9] 2>&1)
if test -n "$out"; then
	echo "$out" >&2
	status=1
fi
exit $status
