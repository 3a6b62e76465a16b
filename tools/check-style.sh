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
# Scope shows in the name: a function of lib/ that is not static is egg_
# (exported), egg__ (shared inside the library) or sfork (<sfork.h>); so is
# a .globl of its assembly.  tests/exports.sh checks what is exported.
lib_c=$(echo "$files" | grep -E '^lib/.*\.c$')
lib_s=$(echo "$files" | grep -E '^lib/.*\.S$')
for f in $lib_c; do
	awk -v f="$f" '
	/^(static|typedef|extern|struct|enum|union|#)/ { next }
	/^[A-Za-z_].*[ *][A-Za-z_0-9]+\(/ && !/;[ \t]*$/ {
		s = $0; sub(/\(.*/, "", s); n = split(s, w, /[ *]+/)
		if (w[n] !~ /^(egg_|egg__|sfork)/) {
			printf "%s:%d: %s is not static: name it egg_ or egg__\n", f, NR, w[n]
			bad = 1
		}
	}
	END { exit bad }' "$f" || status=1
done
for f in $lib_s; do
	awk -v f="$f" '$1 ~ /^\.glo?bl$/ && $2 !~ /^(egg_|egg__|sfork)/ {
		printf "%s:%d: %s is global: name it egg_ or egg__\n", f, NR, $2; bad = 1 }
	END { exit bad }' "$f" || status=1
done

exit $status
