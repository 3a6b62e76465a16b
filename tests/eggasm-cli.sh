#!/bin/sh
# eggasm's command line: help and version, where output goes (FILE.egg,
# -o, -, stdin, -e), all or nothing on error, errors that say file, line,
# column and what was expected, -d, ops, usage errors.
. "${top_srcdir:-.}/tests/eggasm-common.sh"
umask 022

# Help and version go to stdout and exit 0.
out=$("$EGGASM" --help 2>"$tmp/err"); st=$?
check "--help exits 0" 0 "$st"
check_match "--help is usage" "Usage: eggasm *" "$out"
check "--help writes nothing to stderr" "" "$(cat "$tmp/err")"
out=$("$EGGASM" run --help); st=$?
check "run --help exits 0" 0 "$st"
check_match "run --help is usage" "Usage: eggasm run *" "$out"
out=$("$EGGASM" --version); st=$?
check "--version exits 0" 0 "$st"
check_match "--version names the package" "eggasm (libegg) [0-9]*" "$out"

# FILE.s assembles to FILE.egg; other names get .egg added.
printf 'setsid\numask 022\n' >"$tmp/a.s"
"$EGGASM" "$tmp/a.s"; st=$?
check "assemble FILE.s exits 0" 0 "$st"
check "FILE.s makes FILE.egg" "01 0a 12" "$(od -An -tx1 "$tmp/a.egg" | tr -s ' ' | sed 's/^ //')"
check "a new output file has mode 0666 less the umask" 644 "$(stat -c %a "$tmp/a.egg")"
cp "$tmp/a.s" "$tmp/plain"
"$EGGASM" "$tmp/plain"
check_file_same "FILE without .s makes FILE.egg" "$tmp/a.egg" "$tmp/plain.egg"
"$EGGASM" -o "$tmp/b.out" "$tmp/a.s"
check_file_same "-o names the output" "$tmp/a.egg" "$tmp/b.out"
"$EGGASM" -o - "$tmp/a.s" >"$tmp/c.out"
check_file_same "-o - writes stdout" "$tmp/a.egg" "$tmp/c.out"
"$EGGASM" - <"$tmp/a.s" >"$tmp/d.out"
check_file_same "- reads stdin and writes stdout" "$tmp/a.egg" "$tmp/d.out"
"$EGGASM" -e 'setsid; umask 022' >"$tmp/e.out"
check_file_same "-e writes stdout" "$tmp/a.egg" "$tmp/e.out"
"$EGGASM" -e setsid -e 'umask 022' -o "$tmp/f.out"
check_file_same "each -e is a line" "$tmp/a.egg" "$tmp/f.out"
"$EGGASM" --expression=setsid --expression='umask 022' --output="$tmp/g.out"
check_file_same "long options" "$tmp/a.egg" "$tmp/g.out"
"$EGGASM" -o /dev/null "$tmp/a.s"; st=$?
check "-o a device writes it in place" 0 "$st"
check "the device is still a device" "character special file" "$(stat -c %F /dev/null)"
"$EGGASM" -o "$tmp/no/such/dir/x.egg" "$tmp/a.s" 2>"$tmp/err"; st=$?
check "an unwritable output fails" 1 "$st"
check_match "and says why" "eggasm: $tmp/no/such/dir/x.egg: No such file or directory" \
	"$(cat "$tmp/err")"

# Errors: file:line:column, what was expected, exit 1, nothing written,
# an existing output left alone, no temporary file left behind.
printf 'setsid\nopen 0 "/dev/null" O_RDONLY 0\n# close it\nclose x\n' >"$tmp/bad.s"
"$EGGASM" "$tmp/bad.s" 2>"$tmp/err"; st=$?
check "a parse error exits 1" 1 "$st"
check "a parse error says where and what" \
	"eggasm: $tmp/bad.s:4:7: expected a file descriptor, got \"x\"" "$(cat "$tmp/err")"
check "a parse error writes no output" no "$(test -e "$tmp/bad.egg" && echo yes || echo no)"
echo keep >"$tmp/old.egg"
"$EGGASM" -o "$tmp/old.egg" "$tmp/bad.s" 2>/dev/null
check "a parse error leaves an old output alone" keep "$(cat "$tmp/old.egg")"
check "no temporary file is left" "" "$(ls -A "$tmp" | grep '^\.' )"
"$EGGASM" -e 'opne 1 "/x" O_RDONLY 0' 2>"$tmp/err"; st=$?
check "an unknown op exits 1" 1 "$st"
check "an unknown op gets a suggestion" \
	"eggasm: -e:1:1: unknown op \"opne\"; did you mean \"open\"?" "$(cat "$tmp/err")"
"$EGGASM" -e 'close_range 5 3 0' 2>"$tmp/err"; st=$?
check "an instruction the library refuses exits 1" 1 "$st"
check "and is reported at its line" \
	"eggasm: -e:1:1: the library refuses \"close_range 5 3 0\": Invalid argument (see egg(7))" \
	"$(cat "$tmp/err")"
"$EGGASM" "$tmp/missing.s" 2>"$tmp/err"; st=$?
check "a missing input exits 1" 1 "$st"
check "and says so" "eggasm: $tmp/missing.s: No such file or directory" "$(cat "$tmp/err")"

# -d: canonical source, from an egg, from stdin, from source.
"$EGGASM" -e 'open 1 "/x" 0x241 420; sigmask {TERM, 2}' -o "$tmp/h.egg"
want=$(printf 'open 1 "/x" O_WRONLY|O_CREAT|O_TRUNC 0644\nsigmask {INT, TERM}')
check "-d writes canonical source" "$want" "$("$EGGASM" -d "$tmp/h.egg")"
check "-d reads stdin" "$want" "$("$EGGASM" -d - <"$tmp/h.egg")"
check "-d -e canonicalizes source" "$want" \
	"$("$EGGASM" -d -e 'open 1 "/x" 0x241 420; sigmask {TERM, 2}')"
printf 'sigmask {TERM, 2}\n' >"$tmp/i.s"
check "-d of a .s file canonicalizes it" "sigmask {INT, TERM}" "$("$EGGASM" -d "$tmp/i.s")"
cp "$tmp/h.egg" "$tmp/h-noext"
check "-d tells an egg by its content" "$want" "$("$EGGASM" -d "$tmp/h-noext")"
"$EGGASM" -d -o "$tmp/h.txt" "$tmp/h.egg"
check "-d -o writes the text there" "$want" "$(cat "$tmp/h.txt")"
printf '\001\007\005\177' >"$tmp/bad.egg"
"$EGGASM" -d "$tmp/bad.egg" 2>"$tmp/err"; st=$?
check "-d of an invalid egg exits 1" 1 "$st"
check "and names the bad byte" "eggasm: $tmp/bad.egg: not a valid egg: bad byte at offset 3" \
	"$(cat "$tmp/err")"

# ops: every op of the library, with its operands' names and kinds.
"$EGGASM" ops >"$tmp/ops"; st=$?
check "ops exits 0" 0 "$st"
check "ops lists setsid first" "   1  setsid" "$(head -n 1 "$tmp/ops")"
check "ops gives open's signature" "   3  open                 fd:fd path:path flags:oflags mode:mode" \
	"$(grep ' open ' "$tmp/ops")"
check "ops lists one line per op" "$(grep -c . "$tmp/ops")" \
	"$(sed -n 's/^ *\([0-9][0-9]*\)  .*/\1/p' "$tmp/ops" | sort -un | grep -c .)"

# Usage errors.
"$EGGASM" 2>"$tmp/err"; st=$?
check "no FILE exits 1" 1 "$st"
check_match "no FILE says so" "eggasm: expected one FILE*Try 'eggasm --help'*" "$(cat "$tmp/err")"
"$EGGASM" "$tmp/a.s" "$tmp/a.s" 2>/dev/null; st=$?
check "two FILEs exit 1" 1 "$st"
"$EGGASM" -e setsid "$tmp/a.s" 2>"$tmp/err"; st=$?
check "-e and FILE exit 1" 1 "$st"
"$EGGASM" --frobnicate 2>"$tmp/err"; st=$?
check "an unknown option exits 1" 1 "$st"
check_match "an unknown option is named" "eggasm: unrecognized option '--frobnicate'*" \
	"$(cat "$tmp/err")"
"$EGGASM" ops extra 2>/dev/null; st=$?
check "ops with an operand exits 1" 1 "$st"

# Credentials in an unsafe order: a warning on the line, still assembled.
printf 'setuid 1000\nsetgroups {}\nsetgid 100\n' >"$tmp/cred.s"
"$EGGASM" -o "$tmp/cred.egg" "$tmp/cred.s" 2>"$tmp/err"; st=$?
check "uid before gid still assembles" 0 "$st"
check_match "uid before gid warns at the gid's line" \
	"*cred.s:3: warning: setgid after the uid was set on line 1*" "$(cat "$tmp/err")"
printf 'setgroups {}\nsetgid 100\nsetuid 1000\n' >"$tmp/cred.s"
"$EGGASM" -o "$tmp/cred.egg" "$tmp/cred.s" 2>"$tmp/err"; st=$?
check "the safe order assembles" 0 "$st"
check "the safe order does not warn" "" "$(cat "$tmp/err")"

finish
