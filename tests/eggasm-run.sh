#!/bin/sh
# eggasm run: the exit status (the program's, 128+signal, 125 for eggasm's
# own errors and failed ops, 126 cannot run, 127 not found), failed ops
# reported at their source line (or instruction, for an egg), --pid,
# --no-wait, and where the egg comes from.
. "${top_srcdir:-.}/tests/eggasm-common.sh"

"$EGGASM" run -e setsid true; st=$?
check "a program that exits 0" 0 "$st"
"$EGGASM" run -e setsid -- sh -c 'exit 7'; st=$?
check "the program's exit code" 7 "$st"
"$EGGASM" run -e setsid sh -c 'kill -TERM $$'; st=$?
check "128 + the signal that killed it" 143 "$st"
"$EGGASM" run -e setsid sh -c 'kill -KILL $$'; st=$?
check "128 + SIGKILL" 137 "$st"

printf '#!/bin/sh\nexit 0\n' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
"$EGGASM" run -e setsid "$tmp/noexec" 2>"$tmp/err"; st=$?
check "a file without execute permission: 126" 126 "$st"
check "and why" "eggasm: $tmp/noexec: Permission denied" "$(cat "$tmp/err")"
printf 'not a program\n' >"$tmp/garbage"
chmod 755 "$tmp/garbage"
"$EGGASM" run -e setsid "$tmp/garbage" 2>"$tmp/err"; st=$?
check "a file that is no program: 126" 126 "$st"
check "and why" "eggasm: $tmp/garbage: Exec format error" "$(cat "$tmp/err")"
"$EGGASM" run -e setsid no-such-program-egg 2>"$tmp/err"; st=$?
check "a program not in PATH: 127" 127 "$st"
check "and why" "eggasm: no-such-program-egg: No such file or directory" "$(cat "$tmp/err")"

# Bad eggs: 125, nothing run.
"$EGGASM" run -e 'close x' touch "$tmp/ran" 2>"$tmp/err"; st=$?
check "bad source: 125" 125 "$st"
check "bad source says where" 'eggasm: -e:1:7: expected a file descriptor, got "x"' \
	"$(cat "$tmp/err")"
printf '\001\007\005\177' >"$tmp/bad.egg"
"$EGGASM" run "$tmp/bad.egg" touch "$tmp/ran" 2>"$tmp/err"; st=$?
check "an invalid egg: 125" 125 "$st"
check "an invalid egg says where" "eggasm: $tmp/bad.egg: not a valid egg: bad byte at offset 3" \
	"$(cat "$tmp/err")"
check "nothing ran" no "$(test -e "$tmp/ran" && echo yes || echo no)"

# A failed op: 125, at its line; the program does not run.
cat >"$tmp/fail.s" <<'SRC'
# open a file that is not there
setsid

open 0 "/nonexistent/input" O_RDONLY 0
umask 077
SRC
"$EGGASM" run "$tmp/fail.s" touch "$tmp/ran" 2>"$tmp/err"; st=$?
check "a failed op: 125" 125 "$st"
check "a failed op is reported at its line" \
	"eggasm: $tmp/fail.s:4: open \"/nonexistent/input\": No such file or directory" \
	"$(cat "$tmp/err")"
check "the program did not run" no "$(test -e "$tmp/ran" && echo yes || echo no)"
"$EGGASM" -o "$tmp/fail.egg" "$tmp/fail.s"
"$EGGASM" run "$tmp/fail.egg" true 2>"$tmp/err"; st=$?
check "a failed op of an egg: 125" 125 "$st"
check "a failed op of an egg is reported by instruction and offset" \
	"eggasm: $tmp/fail.egg: instruction 2 (offset 1): open \"/nonexistent/input\": No such file or directory" \
	"$(cat "$tmp/err")"
"$EGGASM" run -e 'setsid' -e 'dup2 55 1' true 2>"$tmp/err"; st=$?
check "a failed op without a string operand: 125" 125 "$st"
check "is reported with its operands" "eggasm: -e:2: dup2 55 1: Bad file descriptor" \
	"$(cat "$tmp/err")"

# --pid and --no-wait report the child's pid, the one the program sees.
"$EGGASM" run --pid -e setsid "$PROBE" -o "$tmp/p1" 2>"$tmp/pid"; st=$?
check "--pid exits with the status" 0 "$st"
check "--pid prints the child's pid on stderr" "$(probe_value "$tmp/p1" pid)" "$(cat "$tmp/pid")"
"$EGGASM" run --no-wait -e setsid "$PROBE" -o "$tmp/p2" >"$tmp/pid"; st=$?
check "--no-wait exits 0" 0 "$st"
i=0
while test ! -s "$tmp/p2" || ! grep -q '^ctty=' "$tmp/p2"; do
	i=$((i + 1))
	test $i -lt 600 || break
	sleep 0.1
done
check "--no-wait prints the child's pid on stdout" "$(probe_value "$tmp/p2" pid)" "$(cat "$tmp/pid")"
# --no-wait goes through egg_aspawn(): its faults are reported the same way.
"$EGGASM" run --no-wait -e 'umask 022
close 55' true 2>"$tmp/err" >"$tmp/pid"; st=$?
check "--no-wait: a failed op exits 125" 125 "$st"
check "--no-wait: ... at its line" "eggasm: -e:2: close 55: Bad file descriptor" "$(cat "$tmp/err")"
"$EGGASM" run --no-wait -e setsid /nonexistent/program 2>/dev/null; st=$?
check "--no-wait: not found exits 127" 127 "$st"

# Where the egg comes from: a file of either form, by name or by content,
# or stdin; -- before PROGRAM; PROGRAM's own options; the environment.
printf 'umask 077\n' >"$tmp/u.s"
"$EGGASM" -o "$tmp/u.egg" "$tmp/u.s"
cp "$tmp/u.s" "$tmp/u-source"
cp "$tmp/u.egg" "$tmp/u-egg"
for f in u.s u.egg u-source u-egg; do
	"$EGGASM" run "$tmp/$f" "$PROBE" -o "$tmp/p3"
	check "run $f" 0077 "$(probe_value "$tmp/p3" umask)"
done
"$EGGASM" run - "$PROBE" -o "$tmp/p3" <"$tmp/u.s"
check "run source from stdin" 0077 "$(probe_value "$tmp/p3" umask)"
"$EGGASM" run "$tmp/u.s" -- "$PROBE" -o "$tmp/p3"
check "-- after FILE" 0077 "$(probe_value "$tmp/p3" umask)"
"$EGGASM" run -- "$tmp/u.s" "$PROBE" -o "$tmp/p3"
check "-- before FILE" 0077 "$(probe_value "$tmp/p3" umask)"
"$EGGASM" run -e 'umask 077' "$PROBE" -x 3 -o "$tmp/p3"; st=$?
check "PROGRAM's options are its own" 3 "$st"
EGGASM_TEST_VAR=kept "$EGGASM" run -e setsid sh -c 'test "$EGGASM_TEST_VAR" = kept'; st=$?
check "the environment is passed on" 0 "$st"

# Usage errors are eggasm's own: 125.
"$EGGASM" run 2>/dev/null; st=$?
check "run without operands: 125" 125 "$st"
"$EGGASM" run "$tmp/u.s" 2>"$tmp/err"; st=$?
check "run without PROGRAM: 125" 125 "$st"
check_match "run without PROGRAM says so" "eggasm: expected a PROGRAM to run*" "$(cat "$tmp/err")"
"$EGGASM" run --frobnicate -e setsid true 2>/dev/null; st=$?
check "run with an unknown option: 125" 125 "$st"

finish
