/* SPDX-License-Identifier: MIT */
/*
 * Every op's effect in a real child: the probe runs under an egg and
 * prints what it sees.  Also the order of ops (each runs where it stands),
 * what the child gets from the caller without any op (signal mask,
 * ignored signals, limits, umask, session) and what it never gets (the
 * caller's signal handlers).
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
#include <signal.h>
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

static void expect_fd(const struct t_probe *p, int fd, const char *target)
{
	const char *got = t_probe_fd(p, fd);
	char want[PATH_MAX + 8];

	if (!target) {
		ck_assert_msg(got == NULL, "fd %d is open in the child: %s", fd, got);
		return;
	}
	snprintf(want, sizeof(want), "0:%s", target);
	ck_assert_msg(got != NULL, "fd %d is not open in the child (want %s)", fd, want);
	ck_assert_msg(!strcmp(got, want), "fd %d: %s, want %s", fd, got, want);
}

static void expect_fault(const struct egg *e, int error, size_t index, unsigned int opcode,
			 size_t offset)
{
	struct t_spawn_expect want = { error, index, opcode, offset, EGG_STAGE_OP };

	t_expect_fault(t_build_path("tests/probe"), egg_data(e), egg_size(e), &want);
}

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

/* Signals ignored by this process, from the kernel (glibc's sigaction
 * refuses to tell about 32 and 33). */
static uint64_t caller_sigign(void)
{
	struct {
		void *handler;
		unsigned long pad[8];
	} act;
	uint64_t set = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		ck_assert_int_eq(syscall(SYS_rt_sigaction, sig, NULL, &act, 8), 0);
		if (act.handler == (void *)SIG_IGN)
			set |= 1ULL << (sig - 1);
	}
	return set;
}


/* ---- Sessions and process groups. ---- */

START_TEST(setsid_makes_session_and_group_leader)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setsid(e), 0);
	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "sid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "pgid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	t_probe_expect(&p, "ctty", "0");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(without_ops_child_keeps_caller_session_and_group)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	ck_assert_int_eq(t_probe_num(&p, "sid"), getsid(0));
	ck_assert_int_eq(t_probe_num(&p, "pgid"), getpgrp());
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(setpgid_0_makes_group_leader_in_same_session)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setpgid(e, 0), 0);
	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pgid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "sid"), getsid(0));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The first probe leads a group and waits (-k) on a pipe; the second
 * joins that group. */
START_TEST(setpgid_joins_existing_group)
{
	const char *const keep[] = { "-k", NULL };
	struct egg *leader = t_egg(), *member = t_egg();
	struct egg_fault f;
	struct t_probe a, b;
	int pfd[2];

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	ck_assert_int_eq(egg_setpgid(leader, 0), 0);
	ck_assert_int_eq(egg_dup2(leader, pfd[0], 0), 0);
	ck_assert_int_eq(t_probe_start(&a, egg_data(leader), egg_size(leader), keep, &f), 0);
	ck_assert_int_eq(egg_setpgid(member, a.pid), 0);
	t_probe_run(&b, member);
	ck_assert_int_eq(t_probe_num(&b, "pgid"), a.pid);
	ck_assert_int_eq(t_probe_num(&b, "sid"), getsid(0));
	close(pfd[1]);
	close(pfd[0]);
	t_probe_finish(&a);
	ck_assert_int_eq(t_probe_num(&a, "pgid"), a.pid);
	t_probe_free(&a);
	t_probe_free(&b);
	egg_free(leader);
	egg_free(member);
}
END_TEST

/* A session leader cannot change its group. */
START_TEST(order_setsid_then_setpgid_fails_eperm)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_setsid(e), 0);
	ck_assert_int_eq(egg_setpgid(e, 0), 0);
	expect_fault(e, EPERM, 1, EGG_OP_SETPGID, 1);
	egg_free(e);
}
END_TEST

/* A group leader cannot start a session. */
START_TEST(order_setpgid_then_setsid_fails_eperm)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_setpgid(e, 0), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	expect_fault(e, EPERM, 1, EGG_OP_SETSID, 2);
	egg_free(e);
}
END_TEST

/* ---- open. ---- */

START_TEST(open_lands_on_wanted_fd)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_open(e, 0, "/dev/zero", O_RDWR, 0), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 9, "/dev/null");
	expect_fd(&p, 0, "/dev/zero");
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
	expect_fd(&p, 3, "/dev/null");
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
	expect_fd(&p, 9, NULL);
	expect_fd(&p, 10, "/dev/zero");
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
	expect_fd(&p, 9, t_realpath(file));
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
	expect_fd(&p, 1, t_realpath(file));
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
	expect_fd(&p, 8, "/dev/null");
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
	expect_fd(&p, 9, t_realpath(t_tmpdir()));
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
	expect_fault(e, c->error, 1, EGG_OP_OPEN, 2);
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
	expect_fd(&p, 9, "/dev/null");
	expect_fd(&p, 10, "/dev/null");
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
	expect_fd(&p, 8, "/dev/zero");
	expect_fd(&p, 9, "/dev/zero");
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
	expect_fd(&p, 8, "/dev/zero");
	expect_fd(&p, 9, NULL);
	t_probe_free(&p);
	t_probe_run(&p, none);
	expect_fd(&p, 8, NULL);
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
	expect_fault(e, EBADF, 0, EGG_OP_DUP2, 0);
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
	expect_fd(&p, 8, NULL);
	expect_fd(&p, 9, "/dev/null");
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
	expect_fault(e, EBADF, 1, EGG_OP_CLOSE, 1);
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
		expect_fault(e, EBADF, 1, EGG_OP_DUP2, egg_size(e) - 3);
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
	expect_fd(&p, dfd, NULL);
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
	expect_fault(e, c->error, 1, c->fchdir ? EGG_OP_FCHDIR : EGG_OP_CHDIR, 2);
	egg_free(e);
}
END_TEST

/* ---- umask. ---- */

static const struct {
	mode_t mask;
	const char *want;
} umasks[] = {
	{ 0, "0000" }, { 022, "0022" }, { 077, "0077" }, { 0123, "0123" }, { 0777, "0777" },
};

START_TEST(umask_sets_the_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;

	umask(umasks[_i].mask ? 0 : 0777);
	ck_assert_int_eq(egg_umask(e, umasks[_i].mask), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "umask", umasks[_i].want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(without_umask_child_has_caller_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;

	umask(0037);
	t_probe_run(&p, e);
	t_probe_expect(&p, "umask", "0037");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* ---- setrlimit: every resource, with values the probe can run under. ---- */

#define INF RLIM_INFINITY

struct rl_case {
	const char *name;	/* as the probe names it */
	int resource;
	rlim_t cur, max;
	const char *want;
};

static const struct rl_case rl_cases[] = {
	{ "cpu", RLIMIT_CPU, 100, 200, "100:200" },
	{ "fsize", RLIMIT_FSIZE, 1 << 20, INF, "1048576:inf" },
	{ "data", RLIMIT_DATA, 4ULL << 30, 8ULL << 30, "4294967296:8589934592" },
	{ "stack", RLIMIT_STACK, 4 << 20, INF, "4194304:inf" },
	{ "core", RLIMIT_CORE, 0, INF, "0:inf" },
	{ "rss", RLIMIT_RSS, 1 << 30, 1 << 30, "1073741824:1073741824" },
	{ "nproc", RLIMIT_NPROC, 5000, 6000, "5000:6000" },
	{ "nofile", RLIMIT_NOFILE, 100, 200, "100:200" },
	{ "memlock", RLIMIT_MEMLOCK, 65536, 131072, "65536:131072" },
	{ "as", RLIMIT_AS, 8ULL << 30, INF, "8589934592:inf" },
	{ "locks", RLIMIT_LOCKS, 1000, 2000, "1000:2000" },
	{ "sigpending", RLIMIT_SIGPENDING, 100, 1000, "100:1000" },
	{ "msgqueue", RLIMIT_MSGQUEUE, 8192, 819200, "8192:819200" },
	{ "nice", RLIMIT_NICE, 0, 0, "0:0" },
	{ "rtprio", RLIMIT_RTPRIO, 0, 10, "0:10" },
	{ "rttime", RLIMIT_RTTIME, 1000000, INF, "1000000:inf" },
	{ "cpu", RLIMIT_CPU, INF, INF, "inf:inf" },
	{ "core", RLIMIT_CORE, INF, INF, "inf:inf" },
	{ "fsize", RLIMIT_FSIZE, INF, INF, "inf:inf" },
	{ "as", RLIMIT_AS, INF, INF, "inf:inf" },
	{ "memlock", RLIMIT_MEMLOCK, INF, INF, "inf:inf" },
};

#define CAP_SYS_RESOURCE_BIT 24

/* CapEff of /proc/self/status: root may lack capabilities (containers). */
static int have_cap(int cap)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	unsigned long long eff = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			eff = strtoull(line + 7, NULL, 16);
	fclose(f);
	return !!(eff & 1ULL << cap);
}

/* Raising a hard limit needs CAP_SYS_RESOURCE; without it the op must
 * fail with EPERM, which is tested instead. */
static int can_set(int resource, rlim_t max)
{
	struct rlimit now;

	ck_assert_int_eq(getrlimit(resource, &now), 0);
	return max <= now.rlim_max || have_cap(CAP_SYS_RESOURCE_BIT);
}

START_TEST(setrlimit_sets_the_limit)
{
	const struct rl_case *c = &rl_cases[_i];
	struct rlimit rl = { c->cur, c->max };
	struct egg *e = t_egg();
	char key[64];
	struct t_probe p;

	ck_assert_int_eq(egg_setrlimit(e, c->resource, &rl), 0);
	if (!can_set(c->resource, c->max)) {
		expect_fault(e, EPERM, 0, EGG_OP_SETRLIMIT, 0);
		egg_free(e);
		return;
	}
	t_probe_run(&p, e);
	snprintf(key, sizeof(key), "rlimit.%s", c->name);
	t_probe_expect(&p, key, c->want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(setrlimit_several_resources_in_one_egg)
{
	struct rlimit cpu = { 10, 20 }, core = { 0, 0 }, nofile = { 64, 64 };
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CPU, &cpu), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_NOFILE, &nofile), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CPU, &(struct rlimit){ 15, 20 }), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "rlimit.cpu", "15:20");
	t_probe_expect(&p, "rlimit.core", "0:0");
	t_probe_expect(&p, "rlimit.nofile", "64:64");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* NOFILE cannot exceed fs.nr_open, even for root. */
START_TEST(setrlimit_nofile_infinity_fails_eperm)
{
	struct rlimit rl = { INF, INF };
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 0), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_NOFILE, &rl), 0);
	expect_fault(e, EPERM, 1, EGG_OP_SETRLIMIT, 2);
	egg_free(e);
}
END_TEST

START_TEST(without_setrlimit_child_has_caller_limits)
{
	struct egg *e = t_egg();
	struct rlimit core, nofile;
	char want[64];
	struct t_probe p;

	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &nofile), 0);
	core.rlim_cur = 0;
	nofile.rlim_cur = 77;
	ck_assert_int_eq(setrlimit(RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &nofile), 0);
	t_probe_run(&p, e);
	if (core.rlim_max == RLIM_INFINITY)
		snprintf(want, sizeof(want), "0:inf");
	else
		snprintf(want, sizeof(want), "0:%llu", (unsigned long long)core.rlim_max);
	t_probe_expect(&p, "rlimit.core", want);
	snprintf(want, sizeof(want), "77:%llu", (unsigned long long)nofile.rlim_max);
	t_probe_expect(&p, "rlimit.nofile", want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* ---- Signals. ---- */

static void block(const int *sigs, int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (; *sigs; sigs++)
		ck_assert_int_eq(sigaddset(&set, *sigs), 0);
	ck_assert_int_eq(sigprocmask(how, &set, NULL), 0);
}

static void make_set(sigset_t *set, const int *sigs)
{
	sigemptyset(set);
	for (; *sigs; sigs++)
		ck_assert_int_eq(sigaddset(set, *sigs), 0);
}

START_TEST(sigmask_is_exactly_the_set)
{
	static const int caller[] = { SIGUSR1, SIGTERM, 0 };
	static const int want[] = { SIGHUP, SIGUSR2, 40, 64, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	block(caller, SIG_BLOCK);
	make_set(&set, want);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"),
			  T_SIGBIT(SIGHUP) | T_SIGBIT(SIGUSR2) | T_SIGBIT(40) | T_SIGBIT(64));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(sigmask_empty_unblocks_everything)
{
	static const int caller[] = { SIGUSR1, SIGTERM, SIGINT, 35, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	block(caller, SIG_BLOCK);
	sigemptyset(&set);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigmask", "0x0000000000000000");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(order_last_sigmask_wins)
{
	static const int first[] = { SIGUSR1, 0 }, second[] = { SIGUSR2, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	make_set(&set, first);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	make_set(&set, second);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), T_SIGBIT(SIGUSR2));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The library blocks every signal in the child; the program must still
 * start with the caller's mask. */
START_TEST(without_sigmask_child_has_caller_mask)
{
	static const int caller[] = { SIGUSR2, SIGTERM, SIGHUP, 40, 64, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	uint64_t mask, want;

	block(caller, SIG_BLOCK);
	mask = t_sigmask();
	want = T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGTERM) | T_SIGBIT(40) | T_SIGBIT(64);
	ck_assert_uint_eq(mask & want, want);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), mask);
	t_probe_free(&p);
	ck_assert_uint_eq(t_sigmask(), mask);
	egg_free(e);
}
END_TEST

START_TEST(without_sigmask_child_has_caller_empty_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	sigemptyset(&set);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &set, NULL), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), t_sigmask());
	t_probe_expect(&p, "sigmask", "0x0000000000000000");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(ignored_signal_stays_ignored_without_sigdefault)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	ck_assert(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign());
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGPIPE)),
			  T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGPIPE));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(sigdefault_makes_ignored_signal_default)
{
	static const int dfl[] = { SIGUSR2, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	ck_assert(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	make_set(&set, dfl);
	ck_assert_int_eq(egg_sigdefault(e, &set), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign() & ~T_SIGBIT(SIGUSR2));
	ck_assert(t_probe_hex(&p, "sigign") & T_SIGBIT(SIGPIPE));
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	t_probe_free(&p);
	ck_assert(caller_sigign() & T_SIGBIT(SIGUSR2));
	egg_free(e);
}
END_TEST

static void on_signal(int sig)
{
}

static void install_handler(int sig)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(sig, &sa, NULL), 0);
}

/* A handler means nothing in the new program: each becomes SIG_DFL, and
 * none becomes SIG_IGN. */
START_TEST(caller_handlers_not_inherited)
{
	struct egg *e = t_egg();
	struct t_probe p;

	install_handler(SIGUSR1);
	install_handler(SIGTERM);
	install_handler(SIGCHLD);
	install_handler(SIGRTMIN + 1);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign());
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(caller_handlers_not_inherited_with_sigdefault_and_sigmask)
{
	static const int sigs[] = { SIGUSR1, SIGINT, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	install_handler(SIGUSR1);
	install_handler(SIGTERM);
	install_handler(SIGCHLD);
	make_set(&set, sigs);
	ck_assert_int_eq(egg_sigdefault(e, &set), 0);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGINT));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* ---- Order: each op runs where it stands. ---- */

START_TEST(order_dup2_1_2_before_open_1)
{
	const char *a = t_tmpname("a"), *b = t_tmpname("b");
	struct egg *e = t_egg();
	struct t_probe p;

	t_write_file(a, "", 0644);
	t_write_file(b, "", 0644);
	ck_assert_int_eq(egg_open(e, 1, a, O_WRONLY, 0), 0);
	ck_assert_int_eq(egg_dup2(e, 1, 2), 0);
	ck_assert_int_eq(egg_open(e, 1, b, O_WRONLY, 0), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 1, t_realpath(b));
	expect_fd(&p, 2, t_realpath(a));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(order_dup2_1_2_after_open_1)
{
	const char *a = t_tmpname("a"), *b = t_tmpname("b");
	struct egg *e = t_egg();
	struct t_probe p;

	t_write_file(a, "", 0644);
	t_write_file(b, "", 0644);
	ck_assert_int_eq(egg_open(e, 1, a, O_WRONLY, 0), 0);
	ck_assert_int_eq(egg_open(e, 1, b, O_WRONLY, 0), 0);
	ck_assert_int_eq(egg_dup2(e, 1, 2), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 1, t_realpath(b));
	expect_fd(&p, 2, t_realpath(b));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(order_chdir_before_relative_open)
{
	struct egg *e = t_egg();
	char file[PATH_MAX];
	struct t_probe p;

	snprintf(file, sizeof(file), "%s/rel", t_tmpdir());
	t_write_file(file, "", 0644);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(egg_open(e, 9, "rel", O_RDONLY, 0), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 9, t_realpath(file));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(order_chdir_after_relative_open_enoent)
{
	struct egg *e = t_egg();
	char file[PATH_MAX];

	snprintf(file, sizeof(file), "%s/rel", t_tmpdir());
	t_write_file(file, "", 0644);
	ck_assert_int_eq(chdir("/"), 0);
	ck_assert_int_eq(egg_open(e, 9, "rel", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	expect_fault(e, ENOENT, 0, EGG_OP_OPEN, 0);
	egg_free(e);
}
END_TEST

static mode_t creat_mode_in_order(int umask_first)
{
	const char *file = t_tmpname("order");
	struct egg *e = t_egg();
	struct t_probe p;
	struct stat st;

	umask(0);
	if (umask_first)
		ck_assert_int_eq(egg_umask(e, 077), 0);
	ck_assert_int_eq(egg_open(e, 9, file, O_WRONLY | O_CREAT, 0666), 0);
	if (!umask_first)
		ck_assert_int_eq(egg_umask(e, 077), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "umask", "0077");
	t_probe_free(&p);
	egg_free(e);
	ck_assert_int_eq(stat(file, &st), 0);
	return st.st_mode & 07777;
}

START_TEST(order_umask_before_creat)
{
	ck_assert_uint_eq(creat_mode_in_order(1), 0600);
}
END_TEST

START_TEST(order_umask_after_creat)
{
	ck_assert_uint_eq(creat_mode_in_order(0), 0666);
}
END_TEST

START_TEST(order_close_after_open_leaves_it_closed)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_close(e, 9), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 9, NULL);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(order_close_before_open_leaves_it_open)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_put_fd(9, "/dev/zero", O_RDONLY);
	ck_assert_int_eq(egg_close(e, 9), 0);
	ck_assert_int_eq(egg_open(e, 9, "/dev/null", O_RDONLY, 0), 0);
	t_probe_run(&p, e);
	expect_fd(&p, 9, "/dev/null");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The probe sees the caller's ids and no controlling terminal change
 * without an op; a check that its other keys are there and sane. */
START_TEST(without_ops_child_has_caller_ids)
{
	struct egg *e = t_egg();
	char want[64];
	struct t_probe p;
	uid_t r, ef, s;

	t_probe_run(&p, e);
	ck_assert_int_eq(getresuid(&r, &ef, &s), 0);
	snprintf(want, sizeof(want), "%u:%u:%u", r, ef, s);
	t_probe_expect(&p, "uid", want);
	ck_assert_ptr_nonnull(t_probe_get(&p, "gid"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "groups"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "ctty"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "rlimit.rttime"));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST


static void add_process_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "process", 60);

	tcase_add_test(tc, setsid_makes_session_and_group_leader);
	tcase_add_test(tc, without_ops_child_keeps_caller_session_and_group);
	tcase_add_test(tc, setpgid_0_makes_group_leader_in_same_session);
	tcase_add_test(tc, setpgid_joins_existing_group);
	tcase_add_test(tc, order_setsid_then_setpgid_fails_eperm);
	tcase_add_test(tc, order_setpgid_then_setsid_fails_eperm);
	tcase_add_test(tc, without_ops_child_has_caller_ids);
	tcase_add_loop_test(tc, umask_sets_the_mask, 0, T_ARRAY_SIZE(umasks));
	tcase_add_test(tc, without_umask_child_has_caller_mask);
	tcase_add_loop_test(tc, setrlimit_sets_the_limit, 0, T_ARRAY_SIZE(rl_cases));
	tcase_add_test(tc, setrlimit_several_resources_in_one_egg);
	tcase_add_test(tc, setrlimit_nofile_infinity_fails_eperm);
	tcase_add_test(tc, without_setrlimit_child_has_caller_limits);
}

static void add_fd_cases(Suite *s)
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

static void add_signal_and_order_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "signals", 60);

	tcase_add_test(tc, sigmask_is_exactly_the_set);
	tcase_add_test(tc, sigmask_empty_unblocks_everything);
	tcase_add_test(tc, order_last_sigmask_wins);
	tcase_add_test(tc, without_sigmask_child_has_caller_mask);
	tcase_add_test(tc, without_sigmask_child_has_caller_empty_mask);
	tcase_add_test(tc, ignored_signal_stays_ignored_without_sigdefault);
	tcase_add_test(tc, sigdefault_makes_ignored_signal_default);
	tcase_add_test(tc, caller_handlers_not_inherited);
	tcase_add_test(tc, caller_handlers_not_inherited_with_sigdefault_and_sigmask);
	tc = t_tcase(s, "order", 60);
	tcase_add_test(tc, order_dup2_1_2_before_open_1);
	tcase_add_test(tc, order_dup2_1_2_after_open_1);
	tcase_add_test(tc, order_chdir_before_relative_open);
	tcase_add_test(tc, order_chdir_after_relative_open_enoent);
	tcase_add_test(tc, order_umask_before_creat);
	tcase_add_test(tc, order_umask_after_creat);
	tcase_add_test(tc, order_close_after_open_leaves_it_closed);
	tcase_add_test(tc, order_close_before_open_leaves_it_open);
}

int main(void)
{
	Suite *s = suite_create("egg-spawn-ops");

	add_process_cases(s);
	add_fd_cases(s);
	add_signal_and_order_cases(s);
	return t_run(s);
}
