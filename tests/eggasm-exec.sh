#!/bin/sh
# eggasm exec: the program takes eggasm's place (same pid) with the egg
# applied; a failed op is 125 at its source line, the program not run;
# 126 and 127 as env(1).
. "${top_srcdir:-.}/tests/eggasm-common.sh"

# The shell prints its pid, then execs eggasm, which execs the probe.
sh -c 'echo $$ >"$1"; exec "$2" exec -e "umask 027" -e "fdmap {0, 1, 2, -1, -1, -1, -1, 0}" \
	-- "$3" -o "$4"' sh "$tmp/pid" "$EGGASM" "$PROBE" "$tmp/p1"; st=$?
check "the program's status" 0 "$st"
check "the program keeps eggasm's pid" "$(cat "$tmp/pid")" "$(probe_value "$tmp/p1" pid)"
check "the egg is applied: umask" 0027 "$(probe_value "$tmp/p1" umask)"
check "the egg is applied: fdmap" "$(probe_value "$tmp/p1" fd.0)" "$(probe_value "$tmp/p1" fd.7)"

printf 'umask 077\n' >"$tmp/u.s"
"$EGGASM" exec "$tmp/u.s" -- sh -c 'umask; exit 4' >"$tmp/out"; st=$?
check "a FILE, and the program's exit code" 4 "$st"
check "a FILE is applied" 0077 "$(cat "$tmp/out")"

cat >"$tmp/fail.s" <<'SRC'
setsid
# the first op that fails
chdir "/nonexistent/dir"
umask 077
SRC
"$EGGASM" exec "$tmp/fail.s" touch "$tmp/ran" 2>"$tmp/err"; st=$?
check "a failed op: 125" 125 "$st"
check "a failed op is reported at its line" \
	"eggasm: $tmp/fail.s:3: chdir \"/nonexistent/dir\": No such file or directory" \
	"$(cat "$tmp/err")"
check "the program did not run" no "$(test -e "$tmp/ran" && echo yes || echo no)"

"$EGGASM" exec -e 'umask 077' no-such-program-egg 2>"$tmp/err"; st=$?
check "a program not in PATH: 127" 127 "$st"
check "and why" "eggasm: no-such-program-egg: No such file or directory" "$(cat "$tmp/err")"
printf '#!/bin/sh\nexit 0\n' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
"$EGGASM" exec -e 'umask 077' "$tmp/noexec" 2>"$tmp/err"; st=$?
check "a file without execute permission: 126" 126 "$st"

"$EGGASM" exec -e 'close x' touch "$tmp/ran" 2>"$tmp/err"; st=$?
check "bad source: 125" 125 "$st"
check "bad source says where" 'eggasm: -e:1:7: expected a file descriptor, got "x"' \
	"$(cat "$tmp/err")"
"$EGGASM" exec "$tmp/u.s" 2>"$tmp/err"; st=$?
check "exec without PROGRAM: 125" 125 "$st"

finish
