/* SPDX-License-Identifier: MIT */
/*
 * The fd and directory ops in a real child, as the probe sees them: open,
 * dup2, close, close_range, chdir and fchdir, and what each fails with.
 *
 * Linked with the internal library only to run the close_range cases a
 * second time through the fallback for kernels without close_range(2).
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"
#include "internal.h"

#define HIGH_FD 1000

/* The probe with no -o: it writes its snapshot to whatever the egg made
 * fd 1, here file, after the skip bytes that were there before. */
static void probe_via_stdout(struct t_probe *p, const struct egg *e, const char *file,
			     const char *before)
{
	char *const argv[] = { "probe", NULL };
	size_t len, skip = strlen(before);
	char *text;
	int st;

	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(egg_spawn(&p->pid, t_build_path("tests/probe"), egg_data(e),
				   egg_size(e), argv, NULL, NULL), 0);
	ck_assert_int_eq(waitpid(p->pid, &st, 0), p->pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	text = t_read_file(file, &len);
	ck_assert_uint_ge(len, skip);
	ck_assert_msg(!memcmp(text, before, skip), "the old contents are gone");
	memmove(text, text + skip, len - skip + 1);
	ck_assert_msg(!strncmp(text, "pid=", 4), "no snapshot after the old contents");
	t_probe_parse(p, text);
}

/* ---- open. ---- */

START_TEST(open_lands_on_wanted_fd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_open(e, 0, "/dev/zero", O_RDWR, 0), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 9, "/dev/null");
	t_expect_fd(&p, 0, "/dev/zero");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* With every fd from 3 up closed, open(2) itself returns 3: no move. */
START_TEST(open_on_lowest_free_fd)
{
	struct egg *e = t_egg();
	char fds[256];
	struct t_probe p;

	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	ck_assert_int_eq(egg_open(e, 3, "/dev/null", O_RDONLY, 0), 0);
	t_probe_run(&p, e);
	t_probe_fd_list(&p, fds, sizeof(fds));
	ck_assert_str_eq(fds, "0,1,2,3");
	t_expect_fd(&p, 3, "/dev/null");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_cloexec_fd_closed_at_exec)
{
	struct egg *e = t_egg();
	char fds[256];
	struct t_probe p;

	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	ck_assert_int_eq(egg_open(e, 3, "/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	t_probe_run(&p, e);
	t_probe_fd_list(&p, fds, sizeof(fds));
	ck_assert_str_eq(fds, "0,1,2");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The O_CLOEXEC fd is there until the exec: dup2 copies it (without the
 * flag) to an fd that survives. */
START_TEST(open_cloexec_fd_open_until_exec)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, "/dev/zero", O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_dup2(e, 9, 10), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 9, NULL);
	t_expect_fd(&p, 10, "/dev/zero");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_creat_trunc_empties_existing_file)
{
	const char *file = t_tmpname("trunc");
	struct egg *e = t_egg();
	struct t_probe p;
	struct stat st;

	t_write_file(file, "old contents that must go\n", 0600);
	ck_assert_int_eq(egg_open(e, 9, file, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 9, t_realpath(file));
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

struct creat_case {
	const char *name;
	int umask_op;		/* -1: none, the caller's umask (0) applies */
	mode_t mode;
	mode_t want;
};

static const struct creat_case creat_cases[] = {
	{ "mode_0604_under_umask_0", 0, 0604, 0604 },
	{ "mode_0666_under_umask_027", 027, 0666, 0640 },
	{ "mode_0777_under_umask_0777", 0777, 0777, 0 },
	{ "mode_04755_setuid_kept", 0, 04755, 04755 },
	{ "mode_0640_under_caller_umask_0", -1, 0640, 0640 },
};

START_TEST(open_creat_makes_file_with_mode)
{
	const struct creat_case *c = &creat_cases[_i];
	const char *file = t_tmpname("creat");
	struct egg *e = t_egg();
	struct t_probe p;
	struct stat st;

	umask(0);
	if (c->umask_op >= 0)
		ck_assert_int_eq(egg_umask(e, (mode_t)c->umask_op), 0);
	ck_assert_int_eq(egg_open(e, 9, file, O_WRONLY | O_CREAT | O_EXCL, c->mode), 0);
	t_probe_run(&p, e);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_msg((st.st_mode & 07777) == c->want, "%s: mode %04o, want %04o", c->name,
		      st.st_mode & 07777, c->want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_append_writes_after_old_contents)
{
	const char *file = t_tmpname("append");
	struct egg *e = t_egg();
	struct t_probe p;

	t_write_file(file, "abc\n", 0644);
	ck_assert_int_eq(egg_open(e, 1, file, O_WRONLY | O_APPEND, 0), 0);
	probe_via_stdout(&p, e, file, "abc\n");
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_trunc_on_stdout_replaces_old_contents)
{
	const char *file = t_tmpname("stdout");
	struct egg *e = t_egg();
	char big[10001];
	struct t_probe p;

	memset(big, 'x', 10000);
	big[10000] = '\0';
	t_write_file(file, big, 0644);
	ck_assert_int_eq(egg_open(e, 1, file, O_WRONLY | O_TRUNC, 0), 0);
	probe_via_stdout(&p, e, file, "");
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	/* Old bytes after the snapshot would have failed the parse. */
	t_expect_fd(&p, 1, t_realpath(file));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_replaces_fd_in_use)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_put_fd(8, "/dev/zero", O_RDONLY);
	ck_assert_int_eq(egg_open(e, 8, "/dev/null", O_RDONLY, 0), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 8, "/dev/null");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(open_directory_flag_opens_a_directory)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, t_tmpdir(), O_RDONLY | O_DIRECTORY, 0), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 9, t_realpath(t_tmpdir()));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

struct open_fault_case {
	const char *name;
	const char *file;	/* in the temporary directory */
	int flags;
	int error;
};

static const struct open_fault_case open_faults[] = {
	{ "missing_file_enoent", "missing", O_RDONLY, ENOENT },
	{ "creat_excl_on_existing_eexist", "file", O_WRONLY | O_CREAT | O_EXCL, EEXIST },
	{ "directory_flag_on_file_enotdir", "file", O_RDONLY | O_DIRECTORY, ENOTDIR },
	{ "nofollow_on_symlink_eloop", "link", O_RDONLY | O_NOFOLLOW, ELOOP },
	{ "write_to_directory_eisdir", ".", O_WRONLY, EISDIR },
};

START_TEST(open_fails_with_its_errno)
{
	const struct open_fault_case *c = &open_faults[_i];
	struct egg *e = t_egg();
	char file[PATH_MAX], link[PATH_MAX];

	snprintf(file, sizeof(file), "%s/file", t_tmpdir());
	snprintf(link, sizeof(link), "%s/link", t_tmpdir());
	t_write_file(file, "x", 0644);
	ck_assert_int_eq(symlink(file, link), 0);
	snprintf(file, sizeof(file), "%s/%s", t_tmpdir(), c->file);
	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_open(e, 9, file, c->flags, 0644), 0);
	t_expect_op_fault(e, c->error, 1, EGG_OP_OPEN, 2);
	egg_free(e);
}
END_TEST

/* ---- dup2 and close. ---- */

START_TEST(dup2_copies_onto_newfd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_dup2(e, 9, 10), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 9, "/dev/null");
	t_expect_fd(&p, 10, "/dev/null");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(dup2_replaces_open_newfd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_put_fd(8, "/dev/zero", O_RDONLY);
	t_put_fd(9, "/dev/null", O_RDONLY);
	ck_assert_int_eq(egg_dup2(e, 8, 9), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 8, "/dev/zero");
	t_expect_fd(&p, 9, "/dev/zero");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* dup2(fd, fd) clears FD_CLOEXEC: the one way to pass such an fd on. */
START_TEST(dup2_same_fd_clears_cloexec)
{
	struct egg *e = t_egg(), *none = t_egg();
	struct t_probe p;

	t_put_fd(8, "/dev/zero", O_RDONLY | O_CLOEXEC);
	t_put_fd(9, "/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(egg_dup2(e, 8, 8), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 8, "/dev/zero");
	t_expect_fd(&p, 9, NULL);
	t_probe_free(&p);
	t_probe_run(&p, none);
	t_expect_fd(&p, 8, NULL);
	t_probe_free(&p);
	ck_assert_int_eq(fcntl(8, F_GETFD), FD_CLOEXEC);
	egg_free(e);
	egg_free(none);
}
END_TEST

START_TEST(dup2_closed_oldfd_fails_ebadf)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_dup2(e, 500, 9), 0);
	t_expect_op_fault(e, EBADF, 0, EGG_OP_DUP2, 0);
	egg_free(e);
}
END_TEST

START_TEST(close_closes_only_that_fd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_put_fd(8, "/dev/zero", O_RDONLY);
	t_put_fd(9, "/dev/null", O_RDONLY);
	ck_assert_int_eq(egg_close(e, 8), 0);
	t_probe_run(&p, e);
	t_expect_fd(&p, 8, NULL);
	t_expect_fd(&p, 9, "/dev/null");
	t_probe_free(&p);
	ck_assert_int_eq(fcntl(8, F_GETFD), 0);
	egg_free(e);
}
END_TEST

START_TEST(close_unopened_fd_fails_ebadf)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_setsid(e), 0);
	ck_assert_int_eq(egg_close(e, 500), 0);
	t_expect_op_fault(e, EBADF, 1, EGG_OP_CLOSE, 1);
	egg_free(e);
}
END_TEST

/* ---- close_range: fds 20 to 25 and HIGH_FD are open in the caller. ---- */

struct cr_case {
	const char *name;
	unsigned int first, last, flags;
	int dup_from;		/* then dup2 this fd to 40; -1 for none */
	const char *want;	/* the child's fds from 20 up, or NULL for EBADF */
};

static const struct cr_case cr_cases[] = {
	{ "close_21_to_23", 21, 23, 0, -1, "20,24,25,1000" },
	{ "close_first_equals_last_22", 22, 22, 0, -1, "20,21,23,24,25,1000" },
	{ "close_first_edge_20_to_21", 20, 21, 0, -1, "22,23,24,25,1000" },
	{ "close_last_edge_25", 24, 25, 0, -1, "20,21,22,23,1000" },
	{ "close_21_to_uint_max", 21, ~0U, 0, -1, "20" },
	{ "close_3_to_uint_max", 3, ~0U, 0, -1, "" },
	{ "close_range_above_every_fd", HIGH_FD + 1, ~0U, 0, -1, "20,21,22,23,24,25,1000" },
	{ "close_only_high_fd", HIGH_FD, HIGH_FD, 0, -1, "20,21,22,23,24,25" },
	{ "close_uint_max_alone", ~0U, ~0U, 0, -1, "20,21,22,23,24,25,1000" },
	{ "close_with_unshare_flag", 21, 23, CLOSE_RANGE_UNSHARE, -1, "20,24,25,1000" },
	{ "cloexec_21_to_23_then_dup_22", 21, 23, CLOSE_RANGE_CLOEXEC, 22, "20,24,25,40,1000" },
	{ "cloexec_21_to_uint_max_then_dup_1000", 21, ~0U, CLOSE_RANGE_CLOEXEC, HIGH_FD,
	  "20,40" },
	{ "cloexec_first_equals_last_20_then_dup_20", 20, 20, CLOSE_RANGE_CLOEXEC, 20,
	  "21,22,23,24,25,40,1000" },
	{ "close_21_to_23_then_dup_22_ebadf", 21, 23, 0, 22, NULL },
};

/* Whatever the test inherited from 20 up (a harness's pipe, say) is
 * closed first, so that the expected lists are exact. */
static void open_cr_fds(void)
{
	struct rlimit rl;
	int fd;

	ck_assert_int_eq(syscall(SYS_close_range, 20, ~0U, 0), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur <= HIGH_FD) {
		ck_assert_uint_gt(rl.rlim_max, HIGH_FD);
		rl.rlim_cur = HIGH_FD + 1;
		ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	for (fd = 20; fd <= 25; fd++)
		t_put_fd(fd, "/dev/null", O_RDONLY);
	t_put_fd(HIGH_FD, "/dev/null", O_RDONLY);
}

static void fds_from_20(const struct t_probe *p, char *buf, size_t size)
{
	char all[4096], *tok, *save = NULL;
	size_t n = 0;

	t_probe_fd_list(p, all, sizeof(all));
	buf[0] = '\0';
	for (tok = strtok_r(all, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (atoi(tok) >= 20)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", tok);
}

/* _i selects the case and, in its low bit, whether close_range(2) is
 * hidden from the library, as on a kernel before 5.9. */
START_TEST(close_range_effect)
{
	const struct cr_case *c = &cr_cases[_i / 2];
	struct egg *e = t_egg();
	char fds[4096];
	struct t_probe p;

	if (_i % 2)
		egg__hook_enosys |= EGG__HOOK_NO_CLOSE_RANGE;
	open_cr_fds();
	ck_assert_int_eq(egg_close_range(e, c->first, c->last, c->flags), 0);
	if (c->dup_from >= 0)
		ck_assert_int_eq(egg_dup2(e, c->dup_from, 40), 0);
	if (!c->want) {
		t_expect_op_fault(e, EBADF, 1, EGG_OP_DUP2, egg_size(e) - 3);
		egg_free(e);
		return;
	}
	t_probe_run(&p, e);
	fds_from_20(&p, fds, sizeof(fds));
	ck_assert_msg(!strcmp(fds, c->want), "%s%s: fds %s, want %s", c->name,
		      _i % 2 ? " (fallback)" : "", fds, c->want);
	if (c->first <= 2 || c->last < 3)
		goto out;
	/* Below first, nothing moved. */
	ck_assert_ptr_nonnull(t_probe_fd(&p, 0));
	ck_assert_ptr_nonnull(t_probe_fd(&p, 1));
	ck_assert_ptr_nonnull(t_probe_fd(&p, 2));
out:
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(close_range_3_up_leaves_only_stdio)
{
	struct egg *e = t_egg();
	char fds[256];
	struct t_probe p;

	if (_i)
		egg__hook_enosys |= EGG__HOOK_NO_CLOSE_RANGE;
	open_cr_fds();
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	t_probe_run(&p, e);
	t_probe_fd_list(&p, fds, sizeof(fds));
	ck_assert_str_eq(fds, "0,1,2");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* ---- Directories. ---- */

START_TEST(chdir_absolute)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "cwd", t_realpath(t_tmpdir()));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(chdir_relative_from_previous_chdir)
{
	struct egg *e = t_egg();
	char sub[PATH_MAX];
	struct t_probe p;

	snprintf(sub, sizeof(sub), "%s/sub", t_tmpdir());
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(egg_chdir(e, "sub"), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "cwd", t_realpath(sub));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(without_chdir_child_has_caller_cwd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(chdir(t_tmpdir()), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "cwd", t_realpath(t_tmpdir()));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(fchdir_to_open_directory)
{
	struct egg *e = t_egg();
	struct t_probe p;
	int dfd = open(t_tmpdir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(egg_fchdir(e, dfd), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "cwd", t_realpath(t_tmpdir()));
	t_expect_fd(&p, dfd, NULL);
	t_probe_free(&p);
	close(dfd);
	egg_free(e);
}
END_TEST

struct dir_fault_case {
	const char *name;
	int fchdir;		/* fchdir to fd 9 (/dev/null, or closed) */
	const char *path;	/* chdir to this, in the temporary directory */
	int error;
};

static const struct dir_fault_case dir_faults[] = {
	{ "chdir_missing_enoent", 0, "missing", ENOENT },
	{ "chdir_to_file_enotdir", 0, "file", ENOTDIR },
	{ "fchdir_to_file_enotdir", 1, "file", ENOTDIR },
	{ "fchdir_closed_fd_ebadf", 1, NULL, EBADF },
};

START_TEST(directory_op_fails_with_its_errno)
{
	const struct dir_fault_case *c = &dir_faults[_i];
	struct egg *e = t_egg();
	char file[PATH_MAX];

	snprintf(file, sizeof(file), "%s/file", t_tmpdir());
	t_write_file(file, "x", 0644);
	if (c->fchdir && c->path)
		t_put_fd(9, file, O_RDONLY);
	else
		close(9);
	snprintf(file, sizeof(file), "%s/%s", t_tmpdir(), c->path ? c->path : "");
	ck_assert_int_eq(egg_umask(e, 022), 0);
	if (c->fchdir)
		ck_assert_int_eq(egg_fchdir(e, 9), 0);
	else
		ck_assert_int_eq(egg_chdir(e, file), 0);
	t_expect_op_fault(e, c->error, 1, c->fchdir ? EGG_OP_FCHDIR : EGG_OP_CHDIR, 2);
	egg_free(e);
}
END_TEST

static void add_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "fds", 60);

	tcase_add_test(tc, open_lands_on_wanted_fd);
	tcase_add_test(tc, open_on_lowest_free_fd);
	tcase_add_test(tc, open_cloexec_fd_closed_at_exec);
	tcase_add_test(tc, open_cloexec_fd_open_until_exec);
	tcase_add_test(tc, open_creat_trunc_empties_existing_file);
	tcase_add_loop_test(tc, open_creat_makes_file_with_mode, 0, T_ARRAY_SIZE(creat_cases));
	tcase_add_test(tc, open_append_writes_after_old_contents);
	tcase_add_test(tc, open_trunc_on_stdout_replaces_old_contents);
	tcase_add_test(tc, open_replaces_fd_in_use);
	tcase_add_test(tc, open_directory_flag_opens_a_directory);
	tcase_add_loop_test(tc, open_fails_with_its_errno, 0, T_ARRAY_SIZE(open_faults));
	tcase_add_test(tc, dup2_copies_onto_newfd);
	tcase_add_test(tc, dup2_replaces_open_newfd);
	tcase_add_test(tc, dup2_same_fd_clears_cloexec);
	tcase_add_test(tc, dup2_closed_oldfd_fails_ebadf);
	tcase_add_test(tc, close_closes_only_that_fd);
	tcase_add_test(tc, close_unopened_fd_fails_ebadf);
	tcase_add_loop_test(tc, close_range_effect, 0, 2 * T_ARRAY_SIZE(cr_cases));
	tcase_add_loop_test(tc, close_range_3_up_leaves_only_stdio, 0, 2);
	tcase_add_test(tc, chdir_absolute);
	tcase_add_test(tc, chdir_relative_from_previous_chdir);
	tcase_add_test(tc, without_chdir_child_has_caller_cwd);
	tcase_add_test(tc, fchdir_to_open_directory);
	tcase_add_loop_test(tc, directory_op_fails_with_its_errno, 0, T_ARRAY_SIZE(dir_faults));
}

int main(void)
{
	Suite *s = suite_create("egg-ops-fds");

	add_cases(s);
	return t_run(s);
}
