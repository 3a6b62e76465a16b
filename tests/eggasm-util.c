/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"
#include "eggasm-util.h"

/* $EGGASM if set.  Else the build's eggasm; when libtool made it a
 * wrapper script, the binary it wraps, with the library path the wrapper
 * would set: a shell per run would make thousands of runs take minutes. */
static const char *tool_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("EGGASM");
	char libs[PATH_MAX];

	if (env && *env)
		return env;
	if (path[0])
		return path;
	snprintf(path, sizeof(path), "%s", t_build_path("tools/eggasm/.libs/eggasm"));
	if (access(path, X_OK) == 0) {
		snprintf(libs, sizeof(libs), "%s", t_build_path("lib/.libs"));
		ck_assert_int_eq(setenv("LD_LIBRARY_PATH", libs, 1), 0);
	} else {
		snprintf(path, sizeof(path), "%s", t_build_path("tools/eggasm/eggasm"));
	}
	return path;
}

static void redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags | O_CLOEXEC, 0644);

	if (f < 0 || dup2(f, fd) < 0)
		_exit(126);
}

int eggasm_tool(const char *const args[], const char *out, const char *err)
{
	const char *argv[32] = { "eggasm" };
	const char *path = tool_path();
	int status, i;
	pid_t pid;

	for (i = 0; args[i]; i++) {
		ck_assert_int_lt(i + 2, 32);
		argv[i + 1] = args[i];
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		redirect("/dev/null", 0, O_RDONLY);
		redirect(out ? out : "/dev/null", 1, O_WRONLY | O_CREAT | O_TRUNC);
		if (err)
			redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "eggasm killed by signal %d", WTERMSIG(status));
	ck_assert_msg(WEXITSTATUS(status) != 127 || access(path, X_OK) == 0,
		      "cannot run %s", path);
	return WEXITSTATUS(status);
}

void eggasm_write_bytes(const char *name, const void *data, size_t len)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_msg(fd >= 0, "%s: %s", name, strerror(errno));
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

const char *eggasm_tmpname(const char *suffix)
{
	static char buf[4][PATH_MAX];
	static unsigned int next, count;
	char *p = buf[next++ % 4];
	int n = snprintf(p, PATH_MAX, "%s/f%u%s", t_tmpdir(), count++, suffix);

	ck_assert(n > 0 && n < PATH_MAX);
	return p;
}
