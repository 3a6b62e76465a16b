/* SPDX-License-Identifier: MIT */
/* Helpers shared by the sfork tests; see sfork-util.h. */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

const char *t_tmppath(const char *name)
{
	static char buf[4][PATH_MAX];
	static unsigned int next;
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%d-%s", t_tmpdir(), (int)getpid(), name);
	return p;
}

void t_set_kmask(uint64_t mask)
{
	ck_assert_int_eq(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof(mask)), 0);
}

void t_tgkill_self(int sig)
{
	syscall(SYS_tgkill, (pid_t)syscall(SYS_getpid), (pid_t)syscall(SYS_gettid), sig);
}

uint64_t t_status_sigset(const char *key)
{
	FILE *f = fopen("/proc/thread-self/status", "re");
	size_t klen = strlen(key);
	unsigned long long v = 0;
	char line[256];
	int found = 0;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':')
			found = sscanf(line + klen + 1, "%llx", &v) == 1;
	fclose(f);
	ck_assert_msg(found, "no %s in /proc/thread-self/status", key);
	return v;
}

void t_catch(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler };

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(sig, &sa, NULL), 0);
}

pid_t t_waitpid(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, __WALL);
	while (r < 0 && errno == EINTR);
	return r;
}

int t_fd_open(int fd)
{
	int saved = errno, open = fcntl(fd, F_GETFD) != -1;

	errno = saved;
	return open;
}

const char *t_helper(void)
{
	return t_build_path("tests/sfork-helper");
}

void t_run_helper(struct t_helper_run *r, char *const argv[], char *const envp[])
{
	t_run_helper_at(r, AT_FDCWD, t_helper(), argv, envp, 0);
}

void t_run_helper_at(struct t_helper_run *r, int dirfd, const char *helper,
		     char *const argv[], char *const envp[], int flags)
{
	/* volatile: changed after sfork(), which may return twice */
	volatile int exec_error = 0;
	volatile pid_t child = 0;
	int fds[2], ret;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	fflush(NULL);
	ret = sfork();
	ck_assert_int_eq(ret, 0);
	/* The child.  Nothing here may fail an assertion: that would exit
	 * the child, not the test. */
	child = getpid();
	if (dup2(fds[1], STDOUT_FILENO) != STDOUT_FILENO) {
		exec_error = -errno;
		ret = sfork_exit(126);
	} else {
		ret = sfork_execveat(dirfd, helper, argv, envp, flags);
		if (ret < 0) {
			exec_error = ret;
			ret = sfork_exit(127);
		}
	}
	/* The parent again. */
	t_collect_helper(r, fds, ret);
	r->child = child;
	ck_assert_msg(!exec_error, "running %s: %s", helper, strerror(-exec_error));
	ck_assert_int_eq(r->pid, r->child);
}

int t_exec_helper(int out, char *const argv[])
{
	int pid;

	dup2(out, STDOUT_FILENO);
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	return pid < 0 ? sfork_exit(127) : pid;
}

void t_collect_helper(struct t_helper_run *r, int fds[2], pid_t pid)
{
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	close(fds[1]);
	r->out = t_read_fd(fds[0], &r->len);
	close(fds[0]);
	ck_assert_int_eq(t_waitpid(pid, &r->status), pid);
}

uint64_t t_out_hex(const struct t_helper_run *r, const char *key)
{
	size_t klen = strlen(key);
	const char *p = r->out;

	while (p) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return strtoull(p + klen + 1, NULL, 16);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	ck_abort_msg("no %s= in the helper's output: %s", key, r->out);
	return 0;
}
