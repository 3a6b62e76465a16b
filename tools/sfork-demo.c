/* SPDX-License-Identifier: MIT */
/*
 * The sfork control flow, step by step: one thread moves into a child,
 * sets it up, execs, and is back in the parent with the child's pid.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

int main(int argc, char *argv[])
{
	char *prog[] = {
		"sh", "-c", "echo \"4. the new program: pid $$, session $(ps -o sid= -p $$)\"",
		NULL
	};
	int where = 0, status, ret;
	pid_t pid;

	printf("1. parent: pid %d\n", (int)getpid());
	fflush(stdout);
	ret = sfork();
	if (ret < 0) {
		fprintf(stderr, "sfork: %s\n", strerror(-ret));
		return 1;
	}
	/* From here on this is the child, until the exec below succeeds. */
	where = 1;
	printf("2. child: pid %d, same memory, same stack\n", (int)getpid());
	printf("3. child: setsid() = %d, then exec\n", (int)setsid());
	fflush(stdout);
	ret = sfork_execveat(AT_FDCWD, "/bin/sh", prog, NULL, 0);
	if (ret < 0) {
		/* Still the child: report, and leave it. */
		fprintf(stderr, "exec: %s\n", strerror(-ret));
		pid = sfork_exit(127);
	} else {
		pid = ret;
	}
	/* The parent again, with what the child wrote in shared memory. */
	waitpid(pid, &status, 0);
	printf("5. parent again: pid %d, child %d exited with %d; where=%d was set in the child\n",
	       (int)getpid(), (int)pid, WEXITSTATUS(status), where);
	return 0;
}
