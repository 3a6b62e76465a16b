/* SPDX-License-Identifier: MIT */
/*
 * An event loop over several egg_aspawn() spawns: each command runs with
 * its output on a pipe of ours, and one poll() watches both the spawns
 * (until each has executed its program or failed) and the output pipes
 * (until each program has closed its end).  Nothing waits for one exec
 * while another program's output is ready.  One of the commands names a
 * program that does not exist: its failure arrives through the same loop.
 *
 *	aspawn-loop		exits 0 if every line and failure arrived
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>

#define NJOBS 4

struct job {
	char *argv[4];
	struct egg_child *child;	/* until the result is in */
	int out;			/* the read end of its stdout, or -1 */
	pid_t pid;
	int err;
	char text[256];
	size_t len;
};

/* Starts job j with its stdout on a new pipe; the egg puts the write end
 * at fd 1 in the child, and the copy we keep is closed right after. */
static int start(struct job *j)
{
	struct egg *egg = egg_new();
	int fds[2], err;

	if (!egg || pipe2(fds, O_CLOEXEC))
		return errno ? errno : ENOMEM;
	err = egg_dup2(egg, fds[1], 1);
	if (!err)
		err = egg_aspawn(&j->child, AT_FDCWD, j->argv[0], egg_data(egg),
				 egg_size(egg), j->argv, NULL, EGG_SPAWN_SEARCH);
	close(fds[1]);
	egg_free(egg);
	if (err) {
		close(fds[0]);
		return err;
	}
	j->out = fds[0];
	return 0;
}

/* The spawn has news: the program runs, or the spawn failed. */
static void on_child(struct job *j)
{
	struct egg_fault fault;
	int err = egg_child_result(j->child, &j->pid, NULL, &fault);

	if (err == EINPROGRESS)
		return;
	egg_child_free(j->child);
	j->child = NULL;
	j->err = err;
	if (err)
		printf("%s: failed at stage %d: %s\n", j->argv[0], (int)fault.stage,
		       strerror(err));
}

static void on_output(struct job *j)
{
	ssize_t n = read(j->out, j->text + j->len, sizeof(j->text) - 1 - j->len);

	if (n > 0) {
		j->len += (size_t)n;
		return;
	}
	j->text[j->len] = '\0';
	close(j->out);
	j->out = -1;
}

static int poll_set(struct job *jobs, struct pollfd *p, struct job **owner, int *is_child)
{
	int i, n = 0;

	for (i = 0; i < NJOBS; i++) {
		if (jobs[i].child) {
			p[n] = (struct pollfd){ egg_child_fd(jobs[i].child), POLLIN, 0 };
			owner[n] = &jobs[i];
			is_child[n++] = 1;
		}
		if (jobs[i].out >= 0) {
			p[n] = (struct pollfd){ jobs[i].out, POLLIN, 0 };
			owner[n] = &jobs[i];
			is_child[n++] = 0;
		}
	}
	return n;
}

int main(void)
{
	struct job jobs[NJOBS] = {
		{ .argv = { "echo", "one", NULL } },
		{ .argv = { "sh", "-c", "sleep 0.2; echo two", NULL } },
		{ .argv = { "no-such-program-here", NULL } },
		{ .argv = { "printf", "three\n", NULL } },
	};
	struct pollfd p[2 * NJOBS];
	struct job *owner[2 * NJOBS];
	int is_child[2 * NJOBS], i, n, status, ok = 1;

	for (i = 0; i < NJOBS; i++) {
		jobs[i].out = -1;
		jobs[i].err = start(&jobs[i]);
		if (jobs[i].err)
			printf("%s: %s\n", jobs[i].argv[0], strerror(jobs[i].err));
	}
	while ((n = poll_set(jobs, p, owner, is_child)) > 0) {
		if (poll(p, (nfds_t)n, -1) < 0)
			return EXIT_FAILURE;
		for (i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			if (is_child[i])
				on_child(owner[i]);
			else
				on_output(owner[i]);
		}
	}
	for (i = 0; i < NJOBS; i++) {
		if (jobs[i].err) {
			ok &= jobs[i].err == ENOENT && i == 2;
			continue;
		}
		if (waitpid(jobs[i].pid, &status, 0) != jobs[i].pid || status != 0)
			ok = 0;
		printf("%s (pid %d) wrote: %s", jobs[i].argv[0], (int)jobs[i].pid, jobs[i].text);
	}
	ok &= !strcmp(jobs[0].text, "one\n") && !strcmp(jobs[1].text, "two\n") &&
	      !strcmp(jobs[3].text, "three\n");
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
