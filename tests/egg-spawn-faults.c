/* SPDX-License-Identifier: MIT */
/*
 * Fault reports: which instruction failed, its opcode, the errno and the
 * offset; exec failures after the last instruction; egg_spawnp()'s PATH
 * search; egg_pidfd_spawn() and egg_fspawn().  After every failure there
 * is no child left (not even a zombie), no new fd, and errno is as it was.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

static const char *probe_path(void)
{
	return t_build_path("tests/probe");
}

static void expect_fault(const char *path, const struct egg *e, int error, size_t index,
			 unsigned int opcode, size_t offset)
{
	/* Only ops have opcodes: 0 is the exec. */
	struct t_spawn_expect want = {
		error, index, opcode, offset, opcode ? EGG_STAGE_OP : EGG_STAGE_EXEC,
	};

	t_expect_fault(path, egg_data(e), egg_size(e), &want);
}

/* A missing file opened by the third instruction, with more after it. */
START_TEST(missing_file_in_third_op_reports_index_2)
{
	struct egg *e = t_egg();
	char missing[PATH_MAX];
	size_t at;

	snprintf(missing, sizeof(missing), "%s/missing", t_tmpdir());
	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_chdir(e, "/"), 0);
	at = egg_size(e);
	ck_assert_int_eq(egg_open(e, 9, missing, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	expect_fault(probe_path(), e, ENOENT, 2, EGG_OP_OPEN, at);
	egg_free(e);
}
END_TEST

/* Each kind of failing op, second in its egg (after a 2-byte umask). */
static int bad_close(struct egg *e)
{
	return egg_close(e, 700);
}

static int bad_dup2(struct egg *e)
{
	return egg_dup2(e, 700, 9);
}

static int bad_fchdir(struct egg *e)
{
	return egg_fchdir(e, 700);
}

static int bad_chdir(struct egg *e)
{
	return egg_chdir(e, "/nonexistent-egg-test-dir");
}

static int bad_chdir_file(struct egg *e)
{
	return egg_chdir(e, "/dev/null");
}

static int bad_setrlimit(struct egg *e)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	return egg_setrlimit(e, RLIMIT_NOFILE, &rl);
}

static int bad_setpgid(struct egg *e)
{
	return egg_setpgid(e, INT_MAX);
}

static int bad_open(struct egg *e)
{
	return egg_open(e, 9, "/dev/null", O_WRONLY | O_CREAT | O_EXCL, 0644);
}

static const struct {
	const char *name;
	int (*add)(struct egg *e);
	unsigned int opcode;
	int error;
} op_faults[] = {
	{ "close_unopened_ebadf", bad_close, EGG_OP_CLOSE, EBADF },
	{ "dup2_unopened_ebadf", bad_dup2, EGG_OP_DUP2, EBADF },
	{ "fchdir_unopened_ebadf", bad_fchdir, EGG_OP_FCHDIR, EBADF },
	{ "chdir_missing_enoent", bad_chdir, EGG_OP_CHDIR, ENOENT },
	{ "chdir_to_device_enotdir", bad_chdir_file, EGG_OP_CHDIR, ENOTDIR },
	{ "setrlimit_nofile_above_nr_open_eperm", bad_setrlimit, EGG_OP_SETRLIMIT, EPERM },
	{ "setpgid_to_no_such_group_eperm", bad_setpgid, EGG_OP_SETPGID, EPERM },
	{ "open_excl_existing_eexist", bad_open, EGG_OP_OPEN, EEXIST },
};

START_TEST(failing_op_reports_itself)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(op_faults[_i].add(e), 0);
	ck_assert_int_eq(egg_umask(e, 0), 0);
	expect_fault(probe_path(), e, op_faults[_i].error, 1, op_faults[_i].opcode, 2);
	egg_free(e);
}
END_TEST

struct exec_case {
	const char *name;
	const char *file;	/* in the temporary directory; made by the test */
	int error;
};

static const struct exec_case exec_faults[] = {
	{ "missing_path_enoent", "missing", ENOENT },
	{ "not_executable_eacces", "plain", EACCES },
	{ "directory_eacces", "dir", EACCES },
	{ "through_a_file_enotdir", "plain/x", ENOTDIR },
	{ "empty_path_enoent", NULL, ENOENT },
};

static void make_exec_fixtures(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/plain", t_tmpdir());
	t_write_file(path, "#!/bin/sh\nexit 0\n", 0644);
	snprintf(path, sizeof(path), "%s/dir", t_tmpdir());
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

/* Exec failures come after every instruction: index is the count, opcode
 * 0, offset the egg's length.  With an empty egg, both are 0. */
START_TEST(exec_failure_reported_after_last_op)
{
	const struct exec_case *c = &exec_faults[_i / 2];
	struct egg *e = t_egg();
	char path[PATH_MAX] = "";

	make_exec_fixtures();
	if (c->file)
		snprintf(path, sizeof(path), "%s/%s", t_tmpdir(), c->file);
	if (_i % 2) {
		ck_assert_int_eq(egg_umask(e, 022), 0);
		ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
		ck_assert_int_eq(egg_setsid(e), 0);
	}
	expect_fault(path, e, c->error, egg_count(e), 0, egg_size(e));
	egg_free(e);
}
END_TEST

/* ---- egg_spawnp and PATH. ---- */

static char *make_dir(const char *name)
{
	static char buf[4][PATH_MAX];
	static unsigned int next;
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", t_tmpdir(), name);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	return p;
}

/* The probe under another name, in dir. */
static void link_probe(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(symlink(t_realpath(probe_path()), path), 0);
}

static void put_script(const char *dir, const char *name, mode_t mode)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	t_write_file(path, "#!/bin/sh\nexit 3\n", mode);
}

static void put_plain(const char *dir, const char *name)
{
	put_script(dir, name, 0644);
}

/* spawnp the name as a probe that writes to a file; returns the error,
 * and on success asserts that the probe ran and exited 0. */
static int spawnp_probe(const char *name, const struct egg *e, struct egg_fault *f)
{
	const char *out = t_tmpname("out");
	char *const argv[] = { "probe", "-o", (char *)out, NULL };
	struct t_probe p = { 0 };
	int err, st;
	pid_t pid;

	errno = ENOTUNIQ;
	err = egg_spawnp(&pid, name, egg_data(e), egg_size(e), argv, NULL, f);
	ck_assert_int_eq(errno, ENOTUNIQ);
	if (err)
		return err;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	t_probe_parse(&p, t_read_file(out, NULL));
	ck_assert_int_eq(t_probe_num(&p, "pid"), pid);
	t_probe_free(&p);
	return 0;
}

static void expect_spawnp_fails(const char *name, const struct egg *e, int error)
{
	char *before = t_fd_table();
	struct egg_fault f;

	ck_assert_int_eq(spawnp_probe(name, e, &f), error);
	ck_assert_int_eq(f.error, error);
	ck_assert_uint_eq(f.index, egg_count(e));
	ck_assert_uint_eq(f.opcode, 0);
	ck_assert_uint_eq(f.offset, egg_size(e));
	ck_assert_int_eq(f.stage, EGG_STAGE_EXEC);
	t_expect_unchanged(before);
}

static struct egg *small_egg(void)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_chdir(e, "/"), 0);
	return e;
}

START_TEST(spawnp_only_non_executable_eacces)
{
	char *a = make_dir("a"), *b = make_dir("b"), path[2 * PATH_MAX];
	struct egg *e = small_egg();

	put_plain(a, "egg-test-prog");
	snprintf(path, sizeof(path), "%s:%s", a, b);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	expect_spawnp_fails("egg-test-prog", e, EACCES);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_not_found_enoent)
{
	char *a = make_dir("a"), *b = make_dir("b"), path[2 * PATH_MAX];
	struct egg *e = small_egg();

	snprintf(path, sizeof(path), "%s:%s", a, b);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	expect_spawnp_fails("egg-test-prog", e, ENOENT);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_skips_non_executable_for_later_executable)
{
	char *a = make_dir("a"), *b = make_dir("b"), path[2 * PATH_MAX];
	struct egg *e = small_egg();
	struct egg_fault f;

	put_plain(a, "egg-test-prog");
	link_probe(b, "egg-test-prog");
	snprintf(path, sizeof(path), "%s:%s", a, b);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	ck_assert_int_eq(spawnp_probe("egg-test-prog", e, &f), 0);
	t_assert_no_child();
	egg_free(e);
}
END_TEST

START_TEST(spawnp_skips_directory_of_same_name)
{
	char *a = make_dir("a"), *b = make_dir("b"), path[2 * PATH_MAX], sub[PATH_MAX];
	struct egg *e = small_egg();
	struct egg_fault f;

	snprintf(sub, sizeof(sub), "%s/egg-test-prog", a);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	link_probe(b, "egg-test-prog");
	snprintf(path, sizeof(path), "%s:%s", a, b);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	ck_assert_int_eq(spawnp_probe("egg-test-prog", e, &f), 0);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_first_executable_wins)
{
	char *a = make_dir("a"), *b = make_dir("b"), path[2 * PATH_MAX];
	struct egg *e = small_egg();
	struct egg_fault f;

	link_probe(a, "egg-test-prog");
	put_script(b, "egg-test-prog", 0755);	/* exits 3: spawnp_probe would fail */
	snprintf(path, sizeof(path), "%s:%s", a, b);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	ck_assert_int_eq(spawnp_probe("egg-test-prog", e, &f), 0);
	egg_free(e);
}
END_TEST

/* The search uses the caller's PATH, as glibc's posix_spawnp does; a PATH
 * in envp is the program's own. */
START_TEST(spawnp_searches_the_callers_path_not_envp)
{
	char *a = make_dir("a"), *b = make_dir("b"), env_path[PATH_MAX + 8];
	const char *out = t_tmpname("out");
	char *const argv[] = { "probe", "-o", (char *)out, NULL };
	char *envp[] = { env_path, NULL };
	struct egg *e = small_egg();
	int st;
	pid_t pid;

	link_probe(a, "egg-test-prog");
	put_script(b, "egg-test-prog", 0755);	/* exits 3 */
	snprintf(env_path, sizeof(env_path), "PATH=%s", b);
	ck_assert_int_eq(setenv("PATH", a, 1), 0);
	ck_assert_int_eq(egg_spawnp(&pid, "egg-test-prog", egg_data(e), egg_size(e), argv,
				    envp, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
	ck_assert_int_eq(access(out, F_OK), 0);
	egg_free(e);
}
END_TEST

/* A name with a slash is a path, relative to the caller's cwd: it is not
 * looked up in PATH, even where PATH would find it. */
START_TEST(spawnp_name_with_slash_used_as_is)
{
	char *b = make_dir("b"), sub[PATH_MAX];
	struct egg *e = t_egg();
	struct egg_fault f;

	snprintf(sub, sizeof(sub), "%s/sub", b);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	link_probe(sub, "egg-test-prog");
	ck_assert_int_eq(setenv("PATH", b, 1), 0);
	ck_assert_int_eq(chdir("/"), 0);
	expect_spawnp_fails("sub/egg-test-prog", e, ENOENT);
	ck_assert_int_eq(chdir(b), 0);
	ck_assert_int_eq(spawnp_probe("sub/egg-test-prog", e, &f), 0);
	ck_assert_int_eq(setenv("PATH", t_tmpdir(), 1), 0);
	ck_assert_int_eq(spawnp_probe(t_realpath(probe_path()), e, &f), 0);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_empty_name_enoent)
{
	struct egg *e = small_egg();

	ck_assert_int_eq(setenv("PATH", "/bin:/usr/bin", 1), 0);
	expect_spawnp_fails("", e, ENOENT);
	egg_free(e);
}
END_TEST

/* The egg runs before the search: a relative PATH entry is looked up
 * from the cwd the egg gave the child. */
START_TEST(spawnp_searches_after_the_egg_ran)
{
	char *b = make_dir("b");
	struct egg *e = t_egg();
	struct egg_fault f;

	link_probe(b, "egg-test-prog");
	ck_assert_int_eq(setenv("PATH", "b", 1), 0);
	ck_assert_int_eq(chdir("/"), 0);
	expect_spawnp_fails("egg-test-prog", e, ENOENT);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(spawnp_probe("egg-test-prog", e, &f), 0);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_without_path_uses_default)
{
	char *const argv[] = { "true", NULL };
	struct egg *e = small_egg();
	pid_t pid;
	int st;

	ck_assert_int_eq(unsetenv("PATH"), 0);
	ck_assert_int_eq(egg_spawnp(&pid, "true", egg_data(e), egg_size(e), argv, NULL, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	egg_free(e);
}
END_TEST

START_TEST(spawnp_op_failure_reported_before_search)
{
	char *a = make_dir("a");
	struct egg *e = t_egg();
	char *before = t_fd_table();
	struct egg_fault f;

	ck_assert_int_eq(setenv("PATH", a, 1), 0);
	ck_assert_int_eq(egg_umask(e, 0), 0);
	ck_assert_int_eq(egg_close(e, 700), 0);
	ck_assert_int_eq(spawnp_probe("egg-test-prog", e, &f), EBADF);
	ck_assert_uint_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_CLOSE);
	ck_assert_uint_eq(f.offset, 2);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

/* ---- egg_pidfd_spawn and egg_fspawn. ---- */

START_TEST(pidfd_spawn_gives_working_pidfd)
{
	const char *out = t_tmpname("out");
	char *const argv[] = { "probe", "-o", (char *)out, "-x", "7", NULL };
	struct egg *e = small_egg();
	struct t_probe p = { 0 };
	struct egg_fault f;
	siginfo_t si;
	int pidfd = -1;

	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_pidfd_spawn(&pidfd, probe_path(), egg_data(e), egg_size(e), argv,
					 NULL, &f), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(fcntl(pidfd, F_GETFD), FD_CLOEXEC);
	ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
	ck_assert_int_eq(si.si_code, CLD_EXITED);
	ck_assert_int_eq(si.si_status, 7);
	t_probe_parse(&p, t_read_file(out, NULL));
	ck_assert_int_eq(t_probe_num(&p, "pid"), si.si_pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	t_probe_expect(&p, "cwd", "/");
	t_probe_free(&p);
	close(pidfd);
	t_assert_no_child();
	egg_free(e);
}
END_TEST

START_TEST(pidfd_spawn_failure_leaves_no_fd_and_no_child)
{
	char *const argv[] = { "probe", NULL };
	struct egg *e = small_egg();
	char *before = t_fd_table();
	char missing[PATH_MAX];
	struct egg_fault f;
	int pidfd = -1;

	snprintf(missing, sizeof(missing), "%s/missing", t_tmpdir());
	ck_assert_int_eq(egg_pidfd_spawn(&pidfd, missing, egg_data(e), egg_size(e), argv,
					 NULL, &f), ENOENT);
	ck_assert_uint_eq(f.index, 2);
	ck_assert_uint_eq(f.opcode, 0);
	ck_assert_uint_eq(f.offset, egg_size(e));
	ck_assert_int_eq(egg_close(e, 700), 0);
	ck_assert_int_eq(egg_pidfd_spawn(&pidfd, probe_path(), egg_data(e), egg_size(e), argv,
					 NULL, &f), EBADF);
	ck_assert_uint_eq(f.index, 2);
	ck_assert_uint_eq(f.opcode, EGG_OP_CLOSE);
	ck_assert_int_eq(egg_pidfd_spawn(&pidfd, probe_path(), "\x00", 1, argv, NULL, &f),
			 EINVAL);
	ck_assert_uint_eq(f.offset, 0);
	ck_assert_int_eq(egg_pidfd_spawn(NULL, probe_path(), NULL, 0, argv, NULL, &f), EINVAL);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

START_TEST(fspawn_runs_the_open_file)
{
	const char *out = t_tmpname("out");
	char *const argv[] = { "probe", "-o", (char *)out, NULL };
	struct egg *e = small_egg();
	struct t_probe p = { 0 };
	int fd = open(probe_path(), O_RDONLY | O_CLOEXEC), st;
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_fspawn(&pid, fd, egg_data(e), egg_size(e), argv, NULL, NULL), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	t_probe_parse(&p, t_read_file(out, NULL));
	ck_assert_int_eq(t_probe_num(&p, "pid"), pid);
	t_probe_expect(&p, "cwd", "/");
	t_probe_free(&p);
	close(fd);
	ck_assert_int_eq(egg_fspawn(&pid, -1, NULL, 0, argv, NULL, NULL), EBADF);
	t_assert_no_child();
	egg_free(e);
}
END_TEST

/* ---- Arguments and success. ---- */

START_TEST(bad_arguments_einval_without_child)
{
	char *const argv[] = { "probe", NULL };
	char *before = t_fd_table();
	struct egg_fault f;
	pid_t pid;

	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_spawn(&pid, NULL, NULL, 0, argv, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(egg_spawn(&pid, probe_path(), NULL, 0, NULL, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(egg_spawn(&pid, probe_path(), NULL, 3, argv, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(egg_spawnp(&pid, NULL, NULL, 0, argv, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(egg_fspawn(&pid, -1, NULL, 0, argv, NULL, &f), EBADF);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(egg_pidfd_spawn(NULL, probe_path(), NULL, 0, argv, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(errno, ENOTUNIQ);
	t_expect_unchanged(before);
}
END_TEST

/* Success: the pid is the child's, its parent is us, errno untouched, and
 * the fault is not needed (NULL is allowed). */
START_TEST(spawn_reports_child_pid)
{
	struct egg *e = small_egg();
	struct egg_fault f;
	struct t_probe p;

	errno = ENOTUNIQ;
	f.stage = EGG_STAGE_OP;
	ck_assert_int_eq(t_probe_start(&p, egg_data(e), egg_size(e), NULL, &f), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_int_eq(f.stage, EGG_STAGE_NONE);
	ck_assert_int_eq(f.error, 0);
	ck_assert_uint_eq(f.index, egg_count(e));
	ck_assert_int_gt(p.pid, 0);
	t_probe_finish(&p);
	ck_assert_int_eq(WEXITSTATUS(p.status), 0);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	t_probe_free(&p);
	t_assert_no_child();
	egg_free(e);
}
END_TEST

START_TEST(probe_exit_status_passed_through)
{
	const char *const x[] = { "-x", "42", NULL };
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(t_probe_start(&p, NULL, 0, x, NULL), 0);
	t_probe_finish(&p);
	ck_assert_int_eq(WEXITSTATUS(p.status), 42);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST


int main(void)
{
	Suite *s = suite_create("egg-spawn-faults");
	TCase *tc = t_tcase(s, "faults", 60);

	tcase_add_test(tc, missing_file_in_third_op_reports_index_2);
	tcase_add_loop_test(tc, failing_op_reports_itself, 0, T_ARRAY_SIZE(op_faults));
	tcase_add_loop_test(tc, exec_failure_reported_after_last_op, 0,
			    2 * T_ARRAY_SIZE(exec_faults));
	tcase_add_test(tc, bad_arguments_einval_without_child);
	tcase_add_test(tc, spawn_reports_child_pid);
	tcase_add_test(tc, probe_exit_status_passed_through);
	tc = t_tcase(s, "spawnp", 60);
	tcase_add_test(tc, spawnp_only_non_executable_eacces);
	tcase_add_test(tc, spawnp_not_found_enoent);
	tcase_add_test(tc, spawnp_skips_non_executable_for_later_executable);
	tcase_add_test(tc, spawnp_skips_directory_of_same_name);
	tcase_add_test(tc, spawnp_searches_the_callers_path_not_envp);
	tcase_add_test(tc, spawnp_first_executable_wins);
	tcase_add_test(tc, spawnp_name_with_slash_used_as_is);
	tcase_add_test(tc, spawnp_empty_name_enoent);
	tcase_add_test(tc, spawnp_searches_after_the_egg_ran);
	tcase_add_test(tc, spawnp_without_path_uses_default);
	tcase_add_test(tc, spawnp_op_failure_reported_before_search);
	tc = t_tcase(s, "pidfd_and_fspawn", 60);
	if (t_have_clone3()) {
		tcase_add_test(tc, pidfd_spawn_gives_working_pidfd);
		tcase_add_test(tc, pidfd_spawn_failure_leaves_no_fd_and_no_child);
	} else {
		printf("not run: the egg_pidfd_spawn cases, clone3 answers ENOSYS\n");
	}
	tcase_add_test(tc, fspawn_runs_the_open_file);
	return t_run(s);
}
