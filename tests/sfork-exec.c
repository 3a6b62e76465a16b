/* SPDX-License-Identifier: MIT */
/*
 * sfork_execveat(3): success returns the child's pid in the parent, with
 * the arguments and environment the program was given; failure returns
 * -errno in the child, which can try again or sfork_exit().  The signal
 * state the program starts with is in sfork-execsig.c.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

extern char **environ;

/* The strings as the helper prints them: each NUL-terminated. */
static char *joined(char *const *s, size_t *len)
{
	size_t n = 0, l;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &n);

	ck_assert_ptr_nonnull(f);
	for (; *s; s++) {
		l = strlen(*s);
		ck_assert_int_eq(fwrite(*s, 1, l + 1, f), l + 1);
	}
	fclose(f);
	*len = n;
	return buf;
}

static void expect_strings(const struct t_helper_run *r, char *const *want)
{
	size_t len;
	char *text = joined(want, &len);

	ck_assert_int_eq(r->len, len);
	ck_assert_msg(!memcmp(r->out, text, len), "the program got other strings");
	free(text);
}

static void expect_exit(const struct t_helper_run *r, int code)
{
	ck_assert_msg(WIFEXITED(r->status), "status 0x%x", r->status);
	ck_assert_int_eq(WEXITSTATUS(r->status), code);
}

START_TEST(exec_returns_pid_and_passes_argv)
{
	char longarg[3000];
	char *argv[] = { "helper-name", "argv", "", "with space", "\xff\x01", longarg, NULL };
	struct t_helper_run r;

	memset(longarg, 'x', sizeof(longarg) - 1);
	longarg[sizeof(longarg) - 1] = '\0';
	t_run_helper(&r, argv, NULL);
	ck_assert_int_gt(r.pid, 0);
	ck_assert_int_ne(r.pid, getpid());
	expect_exit(&r, 0);
	expect_strings(&r, argv);
	free(r.out);
	t_assert_no_child();
}
END_TEST

START_TEST(exec_status_of_the_program)
{
	char *argv[] = { "helper", "exit", "93", NULL };
	struct t_helper_run r;

	t_run_helper(&r, argv, NULL);
	expect_exit(&r, 93);
	free(r.out);
}
END_TEST

START_TEST(envp_null_is_the_current_environment)
{
	char *argv[] = { "helper", "env", NULL };
	struct t_helper_run r;

	ck_assert_int_eq(setenv("SFORK_TEST_MARK", "present=yes", 1), 0);
	ck_assert_int_eq(setenv("SFORK_TEST_EMPTY", "", 1), 0);
	unsetenv("SFORK_TEST_GONE");
	t_run_helper(&r, argv, NULL);
	expect_exit(&r, 0);
	expect_strings(&r, environ);
	ck_assert_ptr_nonnull(memmem(r.out, r.len, "SFORK_TEST_MARK=present=yes", 28));
	free(r.out);
}
END_TEST

/* "The environment in environ, as it is when the call is made": a change
 * the child makes before the exec is in it (and, shared, in the parent's). */
START_TEST(envp_null_is_taken_at_the_exec)
{
	char *argv[] = { "helper", "env", NULL };
	struct t_helper_run r;
	int fds[2], pid;

	unsetenv("SFORK_TEST_LATE");
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(sfork(), 0);
	setenv("SFORK_TEST_LATE", "set in the child", 1);
	pid = t_exec_helper(fds[1], argv);
	t_collect_helper(&r, fds, pid);
	ck_assert_int_eq(r.status, 0);
	/* The helper ends each entry with a NUL. */
	ck_assert_ptr_nonnull(memmem(r.out, r.len, "SFORK_TEST_LATE=set in the child", 33));
	ck_assert_str_eq(getenv("SFORK_TEST_LATE"), "set in the child");
	free(r.out);
}
END_TEST

static char *const explicit_envs[][5] = {
	{ "A=1", "B=two words", "EMPTY=", "PATH=/nowhere", NULL },
	{ "ONLY=this", NULL },
	{ NULL },
};

START_TEST(explicit_envp_is_exactly_that)
{
	char *argv[] = { "helper", "env", NULL };
	struct t_helper_run r;

	setenv("SFORK_TEST_MARK", "must not leak", 1);
	t_run_helper(&r, argv, explicit_envs[_i]);
	expect_exit(&r, 0);
	expect_strings(&r, explicit_envs[_i]);
	free(r.out);
}
END_TEST

/* dirfd and flags reach execveat: a path relative to a directory fd, and
 * AT_EMPTY_PATH on an fd of the program itself. */
START_TEST(exec_relative_to_dirfd_and_by_fd)
{
	char *argv[] = { "helper", "exit", "4", NULL };
	char dir[PATH_MAX];
	struct t_helper_run r;
	int dfd, fd;

	snprintf(dir, sizeof(dir), "%s", t_helper());
	*strrchr(dir, '/') = '\0';
	dfd = open(dir, O_DIRECTORY | O_PATH | O_CLOEXEC);
	ck_assert_int_ge(dfd, 0);
	t_run_helper_at(&r, dfd, "sfork-helper", argv, NULL, 0);
	expect_exit(&r, 4);
	free(r.out);
	fd = open(t_helper(), O_PATH | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	t_run_helper_at(&r, fd, "", argv, NULL, AT_EMPTY_PATH);
	expect_exit(&r, 4);
	free(r.out);
	close(fd);
	close(dfd);
}
END_TEST

START_TEST(exec_a_script)
{
	const char *path = t_tmppath("script");
	char *argv[] = { "script", NULL };
	int pid, st;

	t_write_file(path, "#!/bin/sh\nexit 37\n", 0755);
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_execveat(AT_FDCWD, path, argv, NULL, 0);
	if (pid < 0)
		pid = sfork_exit(127);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 37);
}
END_TEST

/* An exec that fails.  setup makes what path names in the temp dir. */
struct exec_failure {
	const char *name;
	int error;
	int flags;
	int bad_dirfd;
	void (*setup)(const char *path);
};

static void make_nothing(const char *path)
{
}

static void make_plain_file(const char *path)
{
	t_write_file(path, "#!/bin/sh\nexit 0\n", 0644);
}

static void make_garbage(const char *path)
{
	t_write_file(path, "this is not a program\n\x01\x02\x03", 0755);
}

static void make_bad_elf(const char *path)
{
	t_write_file(path, "\x7f" "ELF\x02\x01\x01 cut short", 0755);
}

static void make_dir(const char *path)
{
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static void make_loop(const char *path)
{
	ck_assert_int_eq(symlink(path, path), 0);
}

static void make_link_to_helper(const char *path)
{
	ck_assert_int_eq(symlink(t_helper(), path), 0);
}

/* A path whose prefix is a regular file. */
static void make_file_prefix(const char *path)
{
	char file[PATH_MAX];

	snprintf(file, sizeof(file), "%s", path);
	*strrchr(file, '/') = '\0';
	t_write_file(file, "", 0755);
}

static const struct exec_failure exec_failures[] = {
	{ "missing", ENOENT, 0, 0, make_nothing },
	{ "not-executable", EACCES, 0, 0, make_plain_file },
	{ "garbage", ENOEXEC, 0, 0, make_garbage },
	{ "bad-elf", ENOEXEC, 0, 0, make_bad_elf },
	{ "directory", EACCES, 0, 0, make_dir },
	{ "symlink-loop", ELOOP, 0, 0, make_loop },
	{ "nofollow", ELOOP, AT_SYMLINK_NOFOLLOW, 0, make_link_to_helper },
	{ "file/below-a-file", ENOTDIR, 0, 0, make_file_prefix },
	{ "bad-flags", EINVAL, 0x40000000, 0, make_link_to_helper },
	{ "relative-to-bad-fd", EBADF, 0, 1, make_nothing },
};

START_TEST(exec_failure_stays_in_the_child)
{
	const struct exec_failure *c = &exec_failures[_i];
	const char *path = t_tmppath(c->name);
	char *argv[] = { "x", NULL };
	pid_t parent = getpid(), in_child = 0;
	uint64_t mask_before = t_sigmask(), mask_in_child = 0;
	int err = 0, pid, st, dirfd = AT_FDCWD;

	c->setup(path);
	if (c->bad_dirfd) {
		dirfd = 999;
		path = c->name;
	}
	ck_assert_int_eq(sfork(), 0);
	err = sfork_execveat(dirfd, path, argv, NULL, c->flags);
	in_child = getpid();
	mask_in_child = t_sigmask();
	pid = sfork_exit(3);
	ck_assert_msg(err == -c->error, "%s: got %d, want %d", c->name, err, -c->error);
	ck_assert_int_ne(in_child, parent);
	/* Still the child, with every signal blocked again. */
	ck_assert_uint_eq(mask_in_child, T_BLOCKABLE);
	ck_assert_int_eq(getpid(), parent);
	ck_assert_int_eq(pid, in_child);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 3);
	ck_assert_uint_eq(t_sigmask(), mask_before);
	t_assert_no_child();
}
END_TEST

/* A failed exec, then one that works, from the same child: the second
 * returns the pid in the parent and the program gets the caller's mask. */
START_TEST(exec_again_after_a_failure)
{
	char *argv[] = { "helper", "sig", NULL };
	uint64_t mask = T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGRTMIN + 5);
	const char *missing = t_tmppath("missing");
	int fds[2], first, pid;
	struct t_helper_run r;
	pid_t child = 0;

	t_set_kmask(mask);
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(sfork(), 0);
	child = getpid();
	first = sfork_execveat(AT_FDCWD, missing, argv, NULL, 0);
	pid = t_exec_helper(fds[1], argv);
	t_collect_helper(&r, fds, pid);
	ck_assert_int_eq(first, -ENOENT);
	ck_assert_int_eq(pid, child);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(t_out_hex(&r, "blk"), mask);
	ck_assert_uint_eq(t_sigmask(), mask);
	free(r.out);
}
END_TEST

/* An exec two levels down returns in the first child, which goes on. */
START_TEST(exec_from_a_nested_child)
{
	char *argv[] = { "helper", "exit", "11", NULL };
	pid_t outer = 0, inner = 0;
	int pid, st, inner_st = -1, got = 0, reaped = 0, ret;

	ck_assert_int_eq(sfork(), 0);
	outer = getpid();
	ret = sfork();
	if (ret == 0) {
		inner = getpid();
		got = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
		if (got < 0)
			got = sfork_exit(127);
		reaped = waitpid(got, &inner_st, 0);
	}
	pid = sfork_exit(12);
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(pid, outer);
	ck_assert_int_eq(got, inner);
	ck_assert_int_eq(reaped, inner);
	ck_assert(WIFEXITED(inner_st));
	ck_assert_int_eq(WEXITSTATUS(inner_st), 11);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), 12);
	t_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-exec");
	TCase *ok = t_tcase(s, "success", 30);
	TCase *fail = t_tcase(s, "failure", 30);

	tcase_add_test(ok, exec_returns_pid_and_passes_argv);
	tcase_add_test(ok, exec_status_of_the_program);
	tcase_add_test(ok, envp_null_is_the_current_environment);
	tcase_add_test(ok, envp_null_is_taken_at_the_exec);
	tcase_add_loop_test(ok, explicit_envp_is_exactly_that, 0,
			    sizeof(explicit_envs) / sizeof(explicit_envs[0]));
	tcase_add_test(ok, exec_relative_to_dirfd_and_by_fd);
	tcase_add_test(ok, exec_a_script);
	tcase_add_test(ok, exec_from_a_nested_child);
	tcase_add_loop_test(fail, exec_failure_stays_in_the_child, 0,
			    sizeof(exec_failures) / sizeof(exec_failures[0]));
	tcase_add_test(fail, exec_again_after_a_failure);
	return t_run(s);
}
