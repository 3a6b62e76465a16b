/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault-util.h"

/* An errno value no spawn path produces, so a stray write shows. */
#define ERRNO_MARK 0x5eed

void fault_state_save(struct fault_state *s)
{
	int fd, fl;

	for (fd = 0; fd < FAULT_FD_MAX; fd++) {
		fl = fcntl(fd, F_GETFD);
		s->fd[fd] = fl < 0 ? -1 : (signed char)(fl & FD_CLOEXEC);
	}
	sigprocmask(SIG_BLOCK, NULL, &s->mask);
	s->err = ERRNO_MARK;
	errno = ERRNO_MARK;
}

const char *fault_state_diff(const struct fault_state *s)
{
	static char msg[128];
	int err = errno;	/* before anything below can change it */
	sigset_t mask;
	int fd, fl, sig;

	if (err != s->err) {
		snprintf(msg, sizeof(msg), "errno changed from %d to %d", s->err, err);
		return msg;
	}
	for (fd = 0; fd < FAULT_FD_MAX; fd++) {
		fl = fcntl(fd, F_GETFD);
		fl = fl < 0 ? -1 : (fl & FD_CLOEXEC);
		if (fl != s->fd[fd]) {
			snprintf(msg, sizeof(msg), "fd %d was %d, is %d (-1 closed, else cloexec)",
				 fd, s->fd[fd], fl);
			return msg;
		}
	}
	sigprocmask(SIG_BLOCK, NULL, &mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&mask, sig) != sigismember(&s->mask, sig)) {
			snprintf(msg, sizeof(msg), "signal %d's blocked bit changed", sig);
			return msg;
		}
	}
	errno = err;
	return NULL;
}

int fault_no_children(void)
{
	pid_t r = waitpid(-1, NULL, WNOHANG | __WALL);

	return r == -1 && errno == ECHILD;
}

const char *fault_test_prog(const char *name)
{
	static char path[PATH_MAX];
	const char *top = getenv("top_builddir");

	snprintf(path, sizeof(path), "%s/tests/%s", top ? top : ".", name);
	return path;
}

static char tmpdir[64];

const char *fault_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/egg-fault-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	return tmpdir;
}

const char *fault_tmpdir_path(void)
{
	return tmpdir;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

void fault_tmpdir_remove(void)
{
	if (tmpdir[0])
		nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

int fault_report(const void *code, size_t len, struct egg_fault *fault,
		 char *buf, size_t size)
{
	char out[] = "/tmp/egg-fault-report-XXXXXX";
	char prog[PATH_MAX];
	char *argv[] = { "fault-report", out, NULL };
	int fd, err, status;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s", fault_test_prog("fault-report"));
	fd = mkstemp(out);
	if (fd < 0)
		return errno;
	close(fd);
	buf[0] = '\0';
	err = egg_spawn(&pid, prog, code, len, argv, NULL, fault);
	if (!err) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		    read_file(out, buf, size) != 0)
			err = ECHILD;
	}
	unlink(out);
	return err;
}
