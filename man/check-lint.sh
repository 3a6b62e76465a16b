#!/bin/sh
# The man pages: every function libegg exports (lib/libegg.sym) is listed
# under NAME by the page of its name or, as an alias, by exactly one other
# page (man/aliases.sh installs the alias); every section 3 page and every
# alias is such a function, no alias is a file here; and mandoc -Tlint -W
# warning has nothing to say about any page.
srcdir=${top_srcdir:-.}
status=0

# The names a page's NAME section lists, space separated.
names_of()
{
	sh "$srcdir/man/aliases.sh" names "$1" | tr '\n' ' '
}

syms=$(sed -n 's/^[ \t]*\([a-z_][a-z0-9_]*\);$/\1/p' "$srcdir/lib/libegg.sym")
if test -z "$syms"; then
	echo "check-lint: no symbols in $srcdir/lib/libegg.sym" >&2
	exit 1
fi
for page in "$srcdir"/man/*.3; do
	if test -L "$page"; then
		echo "$page: a link; list its name under NAME in the page instead" >&2
		status=1
	fi
done
aliases=$(sh "$srcdir/man/aliases.sh" list "$srcdir"/man/*.3) || exit 1
for sym in $syms; do
	page="$srcdir/man/$sym.3"
	if test -f "$page"; then
		case " $(names_of "$page") " in
		*" $sym "*) ;;
		*)
			echo "man/$sym.3: NAME does not list $sym" >&2
			status=1
			;;
		esac
		continue
	fi
	n=$(echo "$aliases" | grep -c "^$sym ")
	if test "$n" -eq 0; then
		echo "$sym: exported, but no man/$sym.3 and no page lists it under NAME" >&2
		status=1
	elif test "$n" -gt 1; then
		echo "$sym: listed under NAME by more than one page:" \
			$(echo "$aliases" | sed -n "s/^$sym //p") >&2
		status=1
	fi
done
for name in $(ls "$srcdir"/man/*.3 | sed 's,.*/,,; s,\.3$,,') \
	$(echo "$aliases" | cut -d' ' -f1); do
	if ! echo "$syms" | grep -qx "$name"; then
		echo "man: $name has a page or an alias, but is not an exported function" >&2
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
