#!/bin/sh
# Runs, in the lane's guest, every test program of tests/aarch64/tests.list
# (from the build's TESTS) as make check would: each under a timeout, exit
# status 0 a pass, 77 a skip, anything else a failure, whose log is shown.
# Usage: suite.sh NAME [LAUNCHER... --]: a launcher (e.g. the seccomp one)
# runs each test, as "LAUNCHER... -- TEST".
name=$1
shift
launch=
if [ $# -gt 0 ]; then
	launch="$*"
fi
top_srcdir=$PWD
top_builddir=$PWD
# Check's per-case timeouts are sized for a real CPU, not for TCG.
CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-10}
export top_srcdir top_builddir CK_TIMEOUT_MULTIPLIER
limit=${LANE_TEST_TIMEOUT:-900}
pass=0 fail=0 skip=0
log=/tmp/lane-test-$name.log

echo "==== lane: suite $name ===="
for t in $(cat tests/aarch64/tests.list); do
	case $t in
	*.sh) cmd="sh $t" ;;
	*) cmd="./$t" ;;
	esac
	start=$(date +%s)
	# shellcheck disable=SC2086 # words on purpose
	timeout "$limit" $launch $cmd >"$log" 2>&1 </dev/null
	st=$?
	secs=$(($(date +%s) - start))
	case $st in
	0) pass=$((pass + 1)); res=PASS ;;
	77) skip=$((skip + 1)); res=SKIP ;;
	*) fail=$((fail + 1)); res=FAIL ;;
	esac
	echo "$res: $t [$name, ${secs}s]"
	echo "lane: $res: $t [$name, ${secs}s]" >/dev/console
	if [ "$res" = FAIL ]; then
		echo "---- $t exited $st; its last output:"
		tail -n 60 "$log"
		echo "----"
	elif [ "$res" = SKIP ]; then
		grep -i -m 1 'skip\|cannot\|not ' "$log" | sed 's/^/     /'
	fi
done
echo "lane-result $name: $pass passed, $fail failed, $skip skipped"
