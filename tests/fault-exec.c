/* SPDX-License-Identifier: MIT */
/*
 * Exec failures: the egg ran to its end, the exec failed, and the fault
 * says so with index = instruction count, opcode 0 and offset = the egg's
 * length.  Nothing may be left behind: no child, no zombie, the caller's
 * fds, signal mask and errno as they were.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>

#include "egg-util.h"

/* Longer than the kernel's MAX_ARG_STRLEN (32 pages), so execve says E2BIG. */
#define HUGE_ARG (256 * 1024)

static struct egg *egg;
static char path[PATH_MAX];
static char *argv_small[] = { "prog", NULL };

static void setup(void)
{
	egg = egg_new();
	ck_assert_ptr_nonnull(egg);
	/* Three ops that succeed, so the index of an exec failure (3) is not
	 * one an op failure could have. */
	ck_assert_int_eq(egg_umask(egg, 022), 0);
	ck_assert_int_eq(egg_close_range(egg, 900, 999, 0), 0);
	ck_assert_int_eq(egg_setpriority(egg, 0), 0);
}

static void teardown(void)
{
	egg_free(egg);
}

static void file_write(const char *name, const void *data, size_t len, mode_t mode)
{
	int fd;

	snprintf(path, sizeof(path), "%s/%s", t_tmpdir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(chmod(path, mode), 0);	/* whatever the umask */
}

static void path_missing(void)
{
	snprintf(path, sizeof(path), "%s/no-such-program", t_tmpdir());
}

static void path_not_dir(void)
{
	file_write("plain", "x", 1, 0755);
	strcat(path, "/below");
}

static void path_no_exec_bit(void)
{
	/* Even root needs an exec bit on a regular file. */
	file_write("data", "#!/bin/sh\nexit 0\n", 17, 0644);
}

static void path_directory(void)
{
	snprintf(path, sizeof(path), "%s", t_tmpdir());
}

static void path_bad_format(void)
{
	/* No ELF magic, no "#!": nothing the kernel can load. */
	static const char junk[] = "\x01\x02\x03\x04 not a program\n";

	file_write("junk", junk, sizeof(junk) - 1, 0755);
}

static void path_empty(void)
{
	file_write("empty", "", 0, 0755);
}

struct exec_case {
	const char *name;
	void (*make)(void);
	int error;
};

static const struct exec_case exec_cases[] = {
	{ "ENOENT: no such file", path_missing, ENOENT },
	{ "ENOTDIR: a file used as a directory", path_not_dir, ENOTDIR },
	{ "EACCES: no exec bit", path_no_exec_bit, EACCES },
	{ "EACCES: a directory", path_directory, EACCES },
	{ "ENOEXEC: unknown format", path_bad_format, ENOEXEC },
	{ "ENOEXEC: empty file", path_empty, ENOEXEC },
};

/* The fault of an exec failure, and nothing left behind. */
static void check_exec_fault(int err, pid_t pid, const struct egg_fault *f,
			     const struct t_state *st, int want, const char *what)
{
	t_expect_state(st, what);
	ck_assert_msg(err == want, "%s: got %d (%s), want %d", what, err, strerror(err), want);
	ck_assert_int_eq(f->error, want);
	ck_assert_uint_eq(f->index, egg_count(egg));
	ck_assert_uint_eq(f->opcode, 0);
	ck_assert_uint_eq(f->offset, egg_size(egg));
	ck_assert_msg(pid == -7, "%s: *pid written on failure", what);
}

START_TEST(exec_error)
{
	const struct exec_case *c = &exec_cases[_i];
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	c->make();
	t_state_save(&st);
	err = egg_spawn(&pid, path, egg_data(egg), egg_size(egg), argv_small, NULL, &f);
	check_exec_fault(err, pid, &f, &st, c->error, c->name);
}
END_TEST

START_TEST(exec_error_fspawn)
{
	const struct exec_case *c = &exec_cases[_i];
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int fd, err;

	c->make();
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		/* Nothing to open: the failure is the caller's open, not ours. */
		ck_assert_int_eq(errno, c->error);
		return;
	}
	t_state_save(&st);
	err = egg_fspawn(&pid, fd, egg_data(egg), egg_size(egg), argv_small, NULL, &f);
	check_exec_fault(err, pid, &f, &st, c->error, c->name);
	close(fd);
}
END_TEST

START_TEST(exec_e2big_arg)
{
	char *big = malloc(HUGE_ARG);
	char *argv[] = { "true", big, NULL };
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', HUGE_ARG - 1);
	big[HUGE_ARG - 1] = '\0';
	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv, NULL, &f);
	check_exec_fault(err, pid, &f, &st, E2BIG, "one argument over MAX_ARG_STRLEN");
	free(big);
}
END_TEST

START_TEST(exec_e2big_env)
{
	char *big = malloc(HUGE_ARG);
	char *envp[] = { big, NULL };
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', HUGE_ARG - 1);
	memcpy(big, "BIG=", 4);
	big[HUGE_ARG - 1] = '\0';
	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_small, envp, &f);
	check_exec_fault(err, pid, &f, &st, E2BIG, "one environment string over MAX_ARG_STRLEN");
	free(big);
}
END_TEST

START_TEST(exec_e2big_many)
{
	/* Many short arguments: over a quarter of the stack limit in total,
	 * which the kernel refuses however small each one is. */
	size_t n = 400000, i;
	char **argv = calloc(n + 1, sizeof(*argv));
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	ck_assert_ptr_nonnull(argv);
	for (i = 0; i < n; i++)
		argv[i] = "0123456789abcdef";
	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv, NULL, &f);
	check_exec_fault(err, pid, &f, &st, E2BIG, "10 MiB of arguments");
	free(argv);
}
END_TEST

START_TEST(exec_enoent_spawnp)
{
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	setenv("PATH", t_tmpdir(), 1);
	t_state_save(&st);
	err = egg_spawnp(&pid, "no-such-program", egg_data(egg), egg_size(egg), argv_small,
			 NULL, &f);
	check_exec_fault(err, pid, &f, &st, ENOENT, "spawnp, nothing on PATH");
}
END_TEST

/* What a plain fork and execve of path give: 0 if the exec worked. */
static int plain_exec_errno(const char *prog)
{
	int p[2], err = 0, status;
	pid_t pid;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		execv(prog, argv_small);
		err = errno;
		if (write(p[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return err;
}

START_TEST(exec_etxtbsy)
{
	int in, out, status;
	ssize_t n;
	char buf[65536];
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err, kernel;

	/* A copy of true, still open for writing while we exec it. */
	snprintf(path, sizeof(path), "%s/busy", t_tmpdir());
	in = open("/bin/true", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(in, 0);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ck_assert_int_ge(out, 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	close(in);
	kernel = plain_exec_errno(path);
	t_state_save(&st);
	err = egg_spawn(&pid, path, egg_data(egg), egg_size(egg), argv_small, NULL, &f);
	if (kernel == ETXTBSY) {
		check_exec_fault(err, pid, &f, &st, ETXTBSY, "exec of a file open for writing");
	} else {
		/* Linux 6.11 stopped denying exec of files open for writing;
		 * the spawn must then agree with the kernel. */
		printf("exec_etxtbsy: this kernel lets a file open for writing run "
		       "(plain execve: %s); checked that egg_spawn agrees\n",
		       kernel ? strerror(kernel) : "success");
		fflush(stdout);	/* Check ends a case with _exit */
		ck_assert_msg(err == kernel, "egg_spawn %d, plain execve %d", err, kernel);
		if (!err) {
			ck_assert_int_eq(waitpid(pid, &status, 0), pid);
			ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
	}
	close(out);
}
END_TEST

static Suite *exec_suite(void)
{
	Suite *s = suite_create("fault-exec");
	TCase *tc = t_tcase(s, "exec", 60);
	int n = T_ARRAY_SIZE(exec_cases);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, exec_error, 0, n);
	tcase_add_loop_test(tc, exec_error_fspawn, 0, n);
	tcase_add_test(tc, exec_e2big_arg);
	tcase_add_test(tc, exec_e2big_env);
	tcase_add_test(tc, exec_e2big_many);
	tcase_add_test(tc, exec_enoent_spawnp);
	tcase_add_test(tc, exec_etxtbsy);
	return s;
}

int main(void)
{
	return t_run(exec_suite());
}
