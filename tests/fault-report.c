/* SPDX-License-Identifier: MIT */
/*
 * What a spawned program starts with, for the fault tests: its open fds,
 * ignored and caught signals and blocked signals, one "key=list" line each,
 * written to the file named by argv[1].  Everything is looked at before
 * the output file is opened, so that its fd is not in the list.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FD_MAX 1024
#define LIST_SIZE 8192

static void list_add(char *list, unsigned int n)
{
	size_t len = strlen(list);

	snprintf(list + len, LIST_SIZE - len, "%s%u", len ? "," : "", n);
}

static void fds_list(char *list)
{
	int fd;

	for (fd = 0; fd < FD_MAX; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			list_add(list, (unsigned int)fd);
}

static void signals_list(char *ignored, char *caught, char *blocked)
{
	struct sigaction sa;
	sigset_t mask;
	int sig;

	sigprocmask(SIG_BLOCK, NULL, &mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&mask, sig) == 1)
			list_add(blocked, (unsigned int)sig);
		if (sigaction(sig, NULL, &sa) != 0)
			continue;
		if (sa.sa_handler == SIG_IGN)
			list_add(ignored, (unsigned int)sig);
		else if (sa.sa_handler != SIG_DFL)
			list_add(caught, (unsigned int)sig);
	}
}

int main(int argc, char **argv)
{
	static char fds[LIST_SIZE], ignored[LIST_SIZE], caught[LIST_SIZE], blocked[LIST_SIZE];
	FILE *out;

	if (argc != 2)
		return 2;
	fds_list(fds);
	signals_list(ignored, caught, blocked);
	out = fopen(argv[1], "we");
	if (!out)
		return 3;
	fprintf(out, "fds=%s\nignored=%s\ncaught=%s\nblocked=%s\n", fds, ignored, caught,
		blocked);
	return fclose(out) == 0 ? 0 : 4;
}
