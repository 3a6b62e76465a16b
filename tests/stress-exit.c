/* SPDX-License-Identifier: MIT */
/*
 * The program tests/stress-spawn runs thousands of times: exits with the
 * status given in argv[1], after checking what the egg promised it: no fd
 * above 2 open, SIGUSR1 blocked.  A broken promise exits with a status the
 * spawner never asks for.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>

#define STATUS_FD_LEAKED 250
#define STATUS_NOT_BLOCKED 251
#define FD_MAX 1024

int main(int argc, char **argv)
{
	sigset_t mask;
	int fd;

	if (argc != 2)
		return 2;
	for (fd = 3; fd < FD_MAX; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			return STATUS_FD_LEAKED;
	if (sigprocmask(SIG_BLOCK, NULL, &mask) != 0 || sigismember(&mask, SIGUSR1) != 1)
		return STATUS_NOT_BLOCKED;
	return atoi(argv[1]);
}
