#!/bin/sh
# What a test suite run as root must leave as it found it: the device
# nodes under /dev (type, mode, owner, group, major:minor) and the host
# name.  Usable by hand around any command:
#	tools/host-state.sh save FILE	# before
#	tools/host-state.sh check FILE	# after: exits 1 and shows the diff
#					# if anything changed
# /dev/pts, /dev/shm and /dev/mqueue are other file systems and are left
# out: ptys come and go with every terminal.
set -eu

snapshot()
{
	echo "hostname $(cat /proc/sys/kernel/hostname)"
	echo "domainname $(cat /proc/sys/kernel/domainname)"
	find /dev -xdev \( -type c -o -type b \) -exec \
		stat -c '%n %F %a %U %G %t:%T' {} + | LC_ALL=C sort
}

case ${1-}:${2-} in
save:?*)
	snapshot >"$2"
	echo "host state: $(grep -c '^/dev/' "$2") device nodes and the host name saved"
	;;
check:?*)
	snapshot >"$2.now"
	if ! diff -u "$2" "$2.now"; then
		echo "host state: CHANGED (above: - before, + now)" >&2
		rm -f "$2.now"
		exit 1
	fi
	rm -f "$2.now"
	echo "host state: unchanged"
	;;
*)
	echo "usage: $0 save|check FILE" >&2
	exit 2
	;;
esac
