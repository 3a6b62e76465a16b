/* SPDX-License-Identifier: MIT */
/*
 * egg_exec(): the egg runs in this process, which then becomes the
 * program.  The successful cases fork first and let the child become the
 * probe (same pid, the egg's effects); the failing ones call egg_exec()
 * right here, which must come back with the fault and the process changed
 * exactly up to the failing op.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

#define EXEC_FAILED 99

/* Forks; the child becomes the probe through egg_exec(), or exits with
 * EXEC_FAILED.  p is then ready for t_probe_finish(). */
static void exec_probe(struct t_probe *p, const struct egg *e, int dirfd, const char *path,
		       unsigned int flags)
{
	char *argv[] = { "probe", "-o", p->out, NULL };

	memset(p, 0, sizeof(*p));
	snprintf(p->out, sizeof(p->out), "%s", t_tmpname("probe"));
	fflush(NULL);
	p->pid = fork();
	ck_assert_int_ge(p->pid, 0);
	if (p->pid == 0) {
		egg_exec(dirfd, path, egg_data(e), egg_size(e), argv, NULL, flags, NULL);
		_exit(EXEC_FAILED);
	}
	t_probe_finish(p);
	ck_assert_int_eq(WEXITSTATUS(p->status), 0);
}

START_TEST(exec_keeps_the_pid_and_applies_the_egg)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	static const int map[] = { 0, 1, 2, -1, -1, -1, -1, -1, 9 };

	ck_assert_int_eq(egg_umask(e, 027), 0);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_fdmap(e, 9, map), 0);
	exec_probe(&p, e, AT_FDCWD, t_build_path("tests/probe"), 0);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	t_probe_expect(&p, "umask", "0027");
	t_probe_expect(&p, "cwd", t_realpath(t_tmpdir()));
	t_probe_expect(&p, "fd.9", "0:/dev/null");
	egg_free(e);
}
END_TEST

START_TEST(exec_searches_path)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", t_build_path("tests/probe"));
	ck_assert_int_eq(setenv("PATH", dirname(dir), 1), 0);
	exec_probe(&p, e, AT_FDCWD, "probe", EGG_SPAWN_SEARCH);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	egg_free(e);
}
END_TEST

START_TEST(exec_empty_path_runs_the_open_file)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	int fd = open(t_build_path("tests/probe"), O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	exec_probe(&p, e, fd, "", EGG_SPAWN_EMPTY_PATH);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	t_probe_free(&p);
	exec_probe(&p, e, fd, NULL, EGG_SPAWN_EMPTY_PATH);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	close(fd);
	egg_free(e);
}
END_TEST

/* The program gets the caller's mask, not the all-blocked one the ops
 * ran under; a sigmask op replaces it. */
START_TEST(exec_mask_is_the_callers_or_the_eggs)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *none = t_egg(), *e = t_egg();
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	exec_probe(&p, none, AT_FDCWD, t_build_path("tests/probe"), 0);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), T_SIGBIT(SIGUSR1));
	t_probe_free(&p);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	exec_probe(&p, e, AT_FDCWD, t_build_path("tests/probe"), 0);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), T_SIGBIT(SIGUSR2));
	egg_free(none);
	egg_free(e);
}
END_TEST

/* ---- Failures: here, in this process. ---- */

static int exec_here(const struct egg *e, const char *path, unsigned int flags,
		     struct egg_fault *f)
{
	char *argv[] = { "probe", NULL };

	return egg_exec(AT_FDCWD, path, egg_data(e), egg_size(e), argv, NULL, flags, f);
}

START_TEST(exec_failing_op_leaves_the_ops_before_it_done)
{
	struct egg *e = t_egg();
	struct egg_fault f;
	uint64_t mask = t_sigmask();
	size_t off;

	umask(022);
	ck_assert_int_eq(egg_umask(e, 027), 0);
	off = egg_size(e);
	ck_assert_int_eq(egg_chdir(e, "/nonexistent/egg-exec"), 0);
	ck_assert_int_eq(egg_umask(e, 077), 0);
	ck_assert_int_eq(exec_here(e, t_build_path("tests/probe"), 0, &f), ENOENT);
	ck_assert_int_eq(f.stage, EGG_STAGE_OP);
	ck_assert_uint_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_CHDIR);
	ck_assert_uint_eq(f.offset, off);
	ck_assert_int_eq(umask(0), 027);
	ck_assert_uint_eq(t_sigmask(), mask);
	egg_free(e);
}
END_TEST

START_TEST(exec_missing_program_fails_at_exec)
{
	struct egg *e = t_egg();
	struct egg_fault f;

	umask(022);
	ck_assert_int_eq(egg_umask(e, 027), 0);
	ck_assert_int_eq(exec_here(e, "/nonexistent/egg-exec", 0, &f), ENOENT);
	ck_assert_int_eq(f.stage, EGG_STAGE_EXEC);
	ck_assert_uint_eq(f.index, 1);
	ck_assert_uint_eq(f.offset, egg_size(e));
	ck_assert_int_eq(umask(0), 027);
	ck_assert_int_eq(setenv("PATH", "/nonexistent", 1), 0);
	ck_assert_int_eq(exec_here(e, "probe", EGG_SPAWN_SEARCH, &f), ENOENT);
	ck_assert_int_eq(f.stage, EGG_STAGE_EXEC);
	egg_free(e);
}
END_TEST

/* Refused before anything runs: the umask op never ran. */
static void expect_refused(const void *code, size_t len, unsigned int flags, int error,
			   enum egg_stage stage)
{
	char *argv[] = { "probe", NULL };
	struct egg_fault f;
	char *before = t_fd_table();

	umask(022);
	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_exec(AT_FDCWD, t_build_path("tests/probe"), code, len, argv,
				  NULL, flags, &f), error);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_int_eq(f.error, error);
	ck_assert_int_eq(f.stage, stage);
	ck_assert_int_eq(umask(0), 022);
	t_expect_unchanged(before);
}

START_TEST(exec_refuses_bad_flags_and_eggs)
{
	struct egg *e = t_egg();
	uint8_t bad[64];

	ck_assert_int_eq(egg_umask(e, 027), 0);
	expect_refused(egg_data(e), egg_size(e), EGG_SPAWN_NOSIGCHLD, EINVAL, EGG_STAGE_ARGS);
	expect_refused(egg_data(e), egg_size(e), 0x100, EINVAL, EGG_STAGE_ARGS);
	expect_refused(egg_data(e), egg_size(e), EGG_SPAWN_SEARCH | EGG_SPAWN_EMPTY_PATH,
		       EINVAL, EGG_STAGE_ARGS);
	expect_refused(NULL, 3, 0, EINVAL, EGG_STAGE_ARGS);
	memcpy(bad, egg_data(e), egg_size(e));
	bad[egg_size(e)] = 0;	/* opcode 0 */
	expect_refused(bad, egg_size(e) + 1, 0, EINVAL, EGG_STAGE_VALIDATE);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-exec");
	TCase *tc = t_tcase(s, "exec", 60);

	tcase_add_test(tc, exec_keeps_the_pid_and_applies_the_egg);
	tcase_add_test(tc, exec_searches_path);
	tcase_add_test(tc, exec_empty_path_runs_the_open_file);
	tcase_add_test(tc, exec_mask_is_the_callers_or_the_eggs);
	tcase_add_test(tc, exec_failing_op_leaves_the_ops_before_it_done);
	tcase_add_test(tc, exec_missing_program_fails_at_exec);
	tcase_add_test(tc, exec_refuses_bad_flags_and_eggs);
	return t_run(s);
}
