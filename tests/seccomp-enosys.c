/* SPDX-License-Identifier: MIT */
/*
 * seccomp-enosys CALLS -- COMMAND [ARG...]
 *
 * Runs COMMAND under a seccomp filter that makes the named system calls
 * (clone3, close_range, or clone3,close_range) fail with ENOSYS, as a
 * container runtime's profile or an older kernel does.  The filter is
 * inherited by everything COMMAND starts.  The aarch64 lane runs the whole
 * suite under it; anyone can run a test so: seccomp-enosys clone3 --
 * tests/sfork-flow.  Exits 127 if COMMAND cannot be run, 2 on bad usage.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seccomp-util.h"

static int usage(void)
{
	fprintf(stderr, "usage: seccomp-enosys clone3|close_range|clone3,close_range"
			" -- COMMAND [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct seccomp_enosys k;
	int err;

	if (argc < 4 || strcmp(argv[2], "--") != 0 || seccomp_enosys_parse(&k, argv[1]) != 0)
		return usage();
	err = seccomp_enosys_install(&k);
	if (err) {
		fprintf(stderr, "seccomp-enosys: cannot install the filter: %s\n", strerror(-err));
		return 127;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "seccomp-enosys: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
