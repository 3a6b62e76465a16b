/* SPDX-License-Identifier: MIT */
/*
 * egg_posix_spawn() against glibc's posix_spawn(): every attribute and
 * file action, and the errors, run once through each, in the same state;
 * the probe's two snapshots (and the two return values) must be the same,
 * but for the child's own pid.  Then the egg egg_from_posix_spawn() makes,
 * instruction by instruction, what it does not understand, and the four
 * ops it needs (sigignore, sched_setparam, fa_close, fa_open) alone.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

extern char **environ;

typedef int spawn_fn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		     const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);

/* What a case sets up: the arguments of both calls. */
struct ps_args {
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int use_fa, use_attr;
	const char *path;	/* the probe unless set */
	int search;		/* posix_spawnp */
};

struct ps_run {
	int err;
	struct t_probe p;
};

/* The effective ids back to the real ones.  Changing them cleared the
 * dumpable flag, which LeakSanitizer needs at exit (sanitizer build). */
static void ids_real(void)
{
	ck_assert_int_eq(seteuid(getuid()), 0);
	ck_assert_int_eq(setegid(getgid()), 0);
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1), 0);
}

static void run_one(spawn_fn *fn, const struct ps_args *a, struct ps_run *r)
{
	char *argv[] = { "probe", "-o", NULL, NULL };
	uid_t euid = geteuid();
	gid_t egid = getegid();
	pid_t pid = -7;
	char *before;

	memset(r, 0, sizeof(*r));
	snprintf(r->p.out, sizeof(r->p.out), "%s", t_tmpname("probe"));
	argv[2] = r->p.out;
	before = t_fd_table();
	r->err = fn(&pid, a->path ? a->path : t_build_path("tests/probe"),
		    a->use_fa ? &a->fa : NULL, a->use_attr ? &a->attr : NULL, argv, environ);
	/* A case that spawns with other effective ids reads as itself. */
	ids_real();
	if (r->err) {
		ck_assert_int_eq(pid, -7);
		t_expect_unchanged(before);
		ck_assert_int_eq(setegid(egid), 0);
		ck_assert_int_eq(seteuid(euid), 0);
		return;
	}
	free(before);
	r->p.pid = pid;
	t_probe_finish(&r->p);
	ck_assert_int_eq(setegid(egid), 0);
	ck_assert_int_eq(seteuid(euid), 0);
}

/* A value with the child's own pid in place of that pid. */
static const char *norm(const struct t_probe *p, const char *val, char *buf, size_t size)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%d", (int)p->pid);
	if (!strcmp(val, pid))
		return "self";
	snprintf(buf, size, "%s", val);
	return buf;
}

static void expect_same(const struct ps_run *g, const struct ps_run *e)
{
	char b1[PATH_MAX + 64], b2[PATH_MAX + 64];
	size_t i;

	ck_assert_msg(e->err == g->err, "egg_posix_spawn: %s, glibc: %s",
		      strerror(e->err), strerror(g->err));
	if (g->err)
		return;
	ck_assert_int_eq(e->p.status, g->p.status);
	ck_assert_uint_eq(e->p.nkeys, g->p.nkeys);
	for (i = 0; i < g->p.nkeys; i++) {
		ck_assert_str_eq(e->p.key[i], g->p.key[i]);
		if (!strcmp(g->p.key[i], "pid"))
			continue;
		ck_assert_msg(!strcmp(norm(&e->p, e->p.val[i], b1, sizeof(b1)),
				      norm(&g->p, g->p.val[i], b2, sizeof(b2))),
			      "%s: egg %s, glibc %s", g->p.key[i], e->p.val[i], g->p.val[i]);
	}
}

static int glibc_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return posix_spawn(pid, path, fa, attr, argv, envp);
}

static int glibc_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return posix_spawnp(pid, file, fa, attr, argv, envp);
}

/* Runs both, compares, and returns the error both gave. */
static int both(struct ps_args *a)
{
	struct ps_run g, e;
	int err;

	run_one(a->search ? glibc_spawnp : glibc_spawn, a, &g);
	run_one(a->search ? egg_posix_spawnp : egg_posix_spawn, a, &e);
	expect_same(&g, &e);
	err = g.err;
	t_probe_free(&g.p);
	t_probe_free(&e.p);
	return err;
}

/* Every signal this process inherited as ignored back to SIG_DFL: glibc's
 * two from a posix_spawn up its line of ancestors (make's, say), SIGQUIT
 * from busybox's init in the aarch64 lane; so that what the children get
 * is what the spawn did.  glibc's sigaction refuses 32 and 33: the system
 * call, whose struct is the kernel's. */
static void libc_signals_default(void)
{
	struct ksigaction {
		void *handler;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	} dfl = { .handler = (void *)SIG_DFL }, old;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		ck_assert_int_eq(syscall(SYS_rt_sigaction, sig, NULL, &old, sizeof(uint64_t)), 0);
		if (old.handler == (void *)SIG_IGN)
			ck_assert_int_eq(syscall(SYS_rt_sigaction, sig, &dfl, NULL,
						 sizeof(uint64_t)), 0);
	}
}

static void args_init(struct ps_args *a)
{
	libc_signals_default();
	memset(a, 0, sizeof(*a));
	ck_assert_int_eq(posix_spawn_file_actions_init(&a->fa), 0);
	ck_assert_int_eq(posix_spawnattr_init(&a->attr), 0);
	a->use_fa = a->use_attr = 1;
}

static void args_destroy(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_destroy(&a->fa), 0);
	ck_assert_int_eq(posix_spawnattr_destroy(&a->attr), 0);
}

static void set_flags(struct ps_args *a, short flags)
{
	ck_assert_int_eq(posix_spawnattr_setflags(&a->attr, flags), 0);
}

static void handler(int sig)
{
	(void)sig;
}

/* This test process catches, ignores and blocks a few signals. */
static void signals_busy(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t set;

	ck_assert_int_eq(sigaction(SIGUSR2, &sa, NULL), 0);
	sa.sa_handler = SIG_IGN;
	ck_assert_int_eq(sigaction(SIGPIPE, &sa, NULL), 0);
	ck_assert_int_eq(sigaction(SIGHUP, &sa, NULL), 0);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
}

static int fd_at(int fd, const char *path, int flags)
{
	t_put_fd(fd, path, flags);
	return fd;
}

/* The cases.  Each returns the error both calls must give, or this for
 * whatever glibc gives. */
#define ANY_ERROR (-1)

static int c_no_args(struct ps_args *a)
{
	a->use_fa = a->use_attr = 0;
	signals_busy();
	return 0;
}

static int c_empty(struct ps_args *a)
{
	signals_busy();
	return 0;
}

static int c_sigdef(struct ps_args *a)
{
	sigset_t set;

	signals_busy();
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	ck_assert_int_eq(posix_spawnattr_setsigdefault(&a->attr, &set), 0);
	set_flags(a, POSIX_SPAWN_SETSIGDEF);
	return 0;
}

static int c_sigmask(struct ps_args *a)
{
	sigset_t set;

	signals_busy();
	sigfillset(&set);
	sigdelset(&set, SIGTERM);
	ck_assert_int_eq(posix_spawnattr_setsigmask(&a->attr, &set), 0);
	set_flags(a, POSIX_SPAWN_SETSIGMASK);
	return 0;
}

static int c_sigmask_empty(struct ps_args *a)
{
	sigset_t set;

	signals_busy();
	sigemptyset(&set);
	ck_assert_int_eq(posix_spawnattr_setsigmask(&a->attr, &set), 0);
	set_flags(a, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_USEVFORK);
	return 0;
}

static void sched(struct ps_args *a, short flags, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	ck_assert_int_eq(posix_spawnattr_setschedparam(&a->attr, &sp), 0);
	ck_assert_int_eq(posix_spawnattr_setschedpolicy(&a->attr, policy), 0);
	set_flags(a, flags);
}

static int c_schedparam(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDPARAM, SCHED_FIFO, 0);
	return 0;
}

static int c_schedparam_bad(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDPARAM, SCHED_FIFO, 5);
	return EINVAL;
}

/* glibc's attributes take SCHED_OTHER, SCHED_FIFO and SCHED_RR only. */
static int c_scheduler_other(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDULER, SCHED_OTHER, 0);
	return 0;
}

static int c_scheduler_other_param(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSCHEDPARAM, SCHED_OTHER, 0);
	return 0;
}

/* Real time where the machine allows it, EPERM where not: the same. */
static int c_scheduler_rr(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDULER, SCHED_RR, 1);
	return ANY_ERROR;
}

static int c_scheduler_bad(struct ps_args *a)
{
	sched(a, POSIX_SPAWN_SETSCHEDULER, SCHED_FIFO, 0);
	return EINVAL;
}

static int c_setsid(struct ps_args *a)
{
	set_flags(a, POSIX_SPAWN_SETSID);
	return 0;
}

static int c_setpgroup_new(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawnattr_setpgroup(&a->attr, 0), 0);
	set_flags(a, POSIX_SPAWN_SETPGROUP);
	return 0;
}

static int c_setpgroup_ours(struct ps_args *a)
{
	ck_assert_int_eq(setpgid(0, 0), 0);
	ck_assert_int_eq(posix_spawnattr_setpgroup(&a->attr, getpgrp()), 0);
	set_flags(a, POSIX_SPAWN_SETPGROUP);
	return 0;
}

static int c_setpgroup_none(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawnattr_setpgroup(&a->attr, 0x7ffffff0), 0);
	set_flags(a, POSIX_SPAWN_SETPGROUP);
	return EPERM;
}

/* With a saved set-user-ID the effective ID can go and come back. */
static int c_resetids(struct ps_args *a)
{
	ck_assert_int_eq(setresgid(getgid(), 65534, getgid()), 0);
	ck_assert_int_eq(setresuid(getuid(), 65534, getuid()), 0);
	set_flags(a, POSIX_SPAWN_RESETIDS);
	return 0;
}

static int c_close(struct ps_args *a)
{
	fd_at(40, "/dev/null", O_RDONLY);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a->fa, 40), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a->fa, 41), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a->fa, 40), 0);
	return 0;
}

/* An fd above a limit lowered after the action was added. */
static int c_close_out_of_range(struct ps_args *a)
{
	struct rlimit rl;

	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a->fa, 500), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = 100;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	return EBADF;
}

static int c_open(struct ps_args *a)
{
	const char *f = t_tmpname("file");

	fd_at(5, "/dev/zero", O_RDONLY);
	fd_at(6, "/dev/zero", O_RDONLY | O_CLOEXEC);
	/* Open, lands on its target (closed first), lands elsewhere and
	 * moves, with and without O_CLOEXEC. */
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 5, f, O_WRONLY | O_CREAT,
							  0640), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 6, "/dev/null",
							  O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 20, "/dev/null",
							  O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 21, f, O_RDONLY, 0), 0);
	return 0;
}

static int c_open_lowest(struct ps_args *a)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	/* The lowest free fd: the open lands there itself, O_CLOEXEC kept. */
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, fd, "/dev/null",
							  O_RDONLY | O_CLOEXEC, 0), 0);
	return 0;
}

static int c_open_mode_bits(struct ps_args *a)
{
	const char *f = t_tmpname("mode");

	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 9, f, O_RDWR | O_CREAT,
							  0170644), 0);
	return 0;
}

static int c_open_missing(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 9, "/nonexistent/x",
							  O_RDONLY, 0), 0);
	return ENOENT;
}

static int c_dup2(struct ps_args *a)
{
	fd_at(30, "/dev/zero", O_RDONLY | O_CLOEXEC);
	fd_at(31, "/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 1, 9), 0);
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 30, 30), 0);
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 31, 10), 0);
	return 0;
}

static int c_dup2_same_closed(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 60, 60), 0);
	return EBADF;
}

static int c_dup2_closed(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 60, 9), 0);
	return EBADF;
}

static int c_chdir(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_addchdir_np(&a->fa, t_tmpdir()), 0);
	return 0;
}

static int c_chdir_missing(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_addchdir_np(&a->fa, "/nonexistent"), 0);
	return ENOENT;
}

static int c_fchdir(struct ps_args *a)
{
	fd_at(33, "/", O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(posix_spawn_file_actions_addfchdir_np(&a->fa, 33), 0);
	return 0;
}

static int c_fchdir_closed(struct ps_args *a)
{
	ck_assert_int_eq(posix_spawn_file_actions_addfchdir_np(&a->fa, 61), 0);
	return EBADF;
}

static int c_closefrom(struct ps_args *a)
{
	fd_at(34, "/dev/null", O_RDONLY);
	fd_at(50, "/dev/null", O_RDONLY);
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a->fa, 50, 12), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclosefrom_np(&a->fa, 20), 0);
	return 0;
}

static int c_tcsetpgrp_notty(struct ps_args *a)
{
	fd_at(35, "/dev/null", O_RDONLY);
	ck_assert_int_eq(posix_spawn_file_actions_addtcsetpgrp_np(&a->fa, 35), 0);
	return ENOTTY;
}

/* A new session whose controlling terminal is a new pty's slave (opened
 * without O_NOCTTY after setsid), in the foreground of which the child
 * puts its own group. */
static int c_tcsetpgrp_pty(struct ps_args *a)
{
	static char slave[64];
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	ck_assert_msg(m >= 0, "posix_openpt: %s", strerror(errno));
	ck_assert_int_eq(grantpt(m), 0);
	ck_assert_int_eq(unlockpt(m), 0);
	ck_assert_int_eq(ptsname_r(m, slave, sizeof(slave)), 0);
	set_flags(a, POSIX_SPAWN_SETSID);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a->fa, 0, slave, O_RDWR, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addtcsetpgrp_np(&a->fa, 0), 0);
	return 0;
}

/* Everything at once, in glibc's order. */
static int c_all(struct ps_args *a)
{
	sigset_t set;

	signals_busy();
	c_open(a);
	c_dup2(a);
	c_close(a);
	c_fchdir(a);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ck_assert_int_eq(posix_spawnattr_setsigdefault(&a->attr, &set), 0);
	ck_assert_int_eq(posix_spawnattr_setsigmask(&a->attr, &set), 0);
	ck_assert_int_eq(posix_spawnattr_setpgroup(&a->attr, 0), 0);
	sched(a, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP |
	      POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_RESETIDS, SCHED_OTHER, 0);
	return 0;
}

static int c_exec_missing(struct ps_args *a)
{
	a->path = "/nonexistent/probe";
	return ENOENT;
}

static int c_exec_dir(struct ps_args *a)
{
	a->path = t_tmpdir();
	return EACCES;
}

static int c_exec_script(struct ps_args *a)
{
	const char *f = t_tmpname("script");

	/* No #!: glibc's posix_spawn since 2.15 does not run /bin/sh. */
	t_write_file(f, "exit 3\n", 0755);
	a->path = f;
	return ENOEXEC;
}

static int c_exec_not_executable(struct ps_args *a)
{
	const char *f = t_tmpname("plain");

	t_write_file(f, "#!/bin/sh\n", 0644);
	a->path = f;
	return EACCES;
}

static int c_spawnp(struct ps_args *a)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/nonexistent:%s", t_build_path("tests"));
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	a->path = "probe";
	a->search = 1;
	return 0;
}

static int c_spawnp_missing(struct ps_args *a)
{
	ck_assert_int_eq(setenv("PATH", t_tmpdir(), 1), 0);
	a->path = "probe";
	a->search = 1;
	return ENOENT;
}

static int c_spawnp_slash(struct ps_args *a)
{
	a->path = t_build_path("tests/probe");
	a->search = 1;
	return 0;
}

static const struct {
	const char *name;
	int (*setup)(struct ps_args *a);
} cases[] = {
	{ "no_args", c_no_args },
	{ "empty", c_empty },
	{ "sigdef", c_sigdef },
	{ "sigmask", c_sigmask },
	{ "sigmask_empty", c_sigmask_empty },
	{ "schedparam", c_schedparam },
	{ "schedparam_bad", c_schedparam_bad },
	{ "scheduler_other", c_scheduler_other },
	{ "scheduler_other_param", c_scheduler_other_param },
	{ "scheduler_rr", c_scheduler_rr },
	{ "scheduler_bad", c_scheduler_bad },
	{ "setsid", c_setsid },
	{ "setpgroup_new", c_setpgroup_new },
	{ "setpgroup_ours", c_setpgroup_ours },
	{ "setpgroup_none", c_setpgroup_none },
	{ "resetids", c_resetids },
	{ "close", c_close },
	{ "close_out_of_range", c_close_out_of_range },
	{ "open", c_open },
	{ "open_lowest", c_open_lowest },
	{ "open_mode_bits", c_open_mode_bits },
	{ "open_missing", c_open_missing },
	{ "dup2", c_dup2 },
	{ "dup2_same_closed", c_dup2_same_closed },
	{ "dup2_closed", c_dup2_closed },
	{ "chdir", c_chdir },
	{ "chdir_missing", c_chdir_missing },
	{ "fchdir", c_fchdir },
	{ "fchdir_closed", c_fchdir_closed },
	{ "closefrom", c_closefrom },
	{ "tcsetpgrp_notty", c_tcsetpgrp_notty },
	{ "tcsetpgrp_pty", c_tcsetpgrp_pty },
	{ "all", c_all },
	{ "exec_missing", c_exec_missing },
	{ "exec_dir", c_exec_dir },
	{ "exec_script", c_exec_script },
	{ "exec_not_executable", c_exec_not_executable },
	{ "spawnp", c_spawnp },
	{ "spawnp_missing", c_spawnp_missing },
	{ "spawnp_slash", c_spawnp_slash },
};

START_TEST(same_as_glibc)
{
	struct ps_args a;
	int want, err;

	args_init(&a);
	want = cases[_i].setup(&a);
	err = both(&a);
	ids_real();
	ck_assert_msg(want == ANY_ERROR || err == want, "%s: %s, not the expected %s",
		      cases[_i].name, strerror(err), strerror(want));
	args_destroy(&a);
}
END_TEST

/* The egg of a call, instruction by instruction. */
static void expect_insns(const struct egg *e, const char *want)
{
	char got[1024] = "";
	struct egg_op_info info;
	struct egg_insn insn;
	size_t off = 0;

	while (off < egg_size(e)) {
		ck_assert_int_eq(egg_decode(egg_data(e), egg_size(e), &off, &insn), 0);
		ck_assert_int_eq(egg_op_info(insn.opcode, &info), 0);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 *got ? " " : "", info.name);
	}
	ck_assert_str_eq(got, want);
}

START_TEST(egg_in_glibc_order)
{
	struct ps_args a;
	struct egg *e = t_egg();
	sigset_t set;

	args_init(&a);
	/* Added in another order than they run. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ck_assert_int_eq(posix_spawnattr_setsigmask(&a.attr, &set), 0);
	ck_assert_int_eq(posix_spawnattr_setsigdefault(&a.attr, &set), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addtcsetpgrp_np(&a.fa, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a.fa, 3), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&a.fa, 4, "x", O_RDONLY, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_adddup2(&a.fa, 4, 5), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addchdir_np(&a.fa, "/"), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addfchdir_np(&a.fa, 4), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclosefrom_np(&a.fa, 6), 0);
	sched(&a, POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSID |
	      POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF,
	      SCHED_OTHER, 0);
	ck_assert_int_eq(egg_from_posix_spawn(e, &a.fa, &a.attr), 0);
	expect_insns(e, "sigdefault sigignore sched_setscheduler setsid setpgid "
		     "setresuid setresgid tcsetpgrp fa_close fa_open dup2 chdir fchdir "
		     "close_range sigmask");
	egg_free(e);
	args_destroy(&a);
}
END_TEST

START_TEST(egg_of_nothing)
{
	struct egg *e = t_egg();

	/* Only glibc's own two signals, ignored as glibc's child does. */
	ck_assert_int_eq(egg_from_posix_spawn(e, NULL, NULL), 0);
	expect_insns(e, "sigignore");
	ck_assert_int_eq(egg_from_posix_spawn(NULL, NULL, NULL), EINVAL);
	egg_free(e);
}
END_TEST

START_TEST(egg_schedparam_alone)
{
	struct ps_args a;
	struct egg *e = t_egg();

	args_init(&a);
	sched(&a, POSIX_SPAWN_SETSCHEDPARAM, SCHED_FIFO, 0);
	ck_assert_int_eq(egg_from_posix_spawn(e, &a.fa, &a.attr), 0);
	expect_insns(e, "sigignore sched_setparam");
	egg_free(e);
	args_destroy(&a);
}
END_TEST

/* What the code does not understand: ENOTSUP and the egg unchanged; the
 * spawn calls hand it to glibc, which runs it. */
static void expect_forwarded(struct ps_args *a)
{
	struct egg *e = t_egg();
	size_t size;

	ck_assert_int_eq(egg_setsid(e), 0);
	size = egg_size(e);
	ck_assert_int_eq(egg_from_posix_spawn(e, &a->fa, &a->attr), ENOTSUP);
	ck_assert_uint_eq(egg_size(e), size);
	ck_assert_uint_eq(egg_count(e), 1);
	egg_free(e);
	ck_assert_int_eq(both(a), 0);
	args_destroy(a);
}

START_TEST(unknown_flag_forwarded)
{
	struct ps_args a;

	args_init(&a);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a.fa, 3), 0);
	a.attr.__flags = 0x4000;	/* no such flag in 2.36 */
	expect_forwarded(&a);
}
END_TEST

START_TEST(unknown_tag_forwarded)
{
	struct ps_args a;

	args_init(&a);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a.fa, 40), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a.fa, 41), 0);
	/* The second action, as a later glibc's tag 7 would look; glibc
	 * 2.36's child skips a tag it does not know. */
	*(int *)((char *)a.fa.__actions + 32) = 7;
	expect_forwarded(&a);
}
END_TEST

START_TEST(bad_used_count_forwarded)
{
	struct ps_args a;
	struct egg *e = t_egg();

	args_init(&a);
	ck_assert_int_eq(posix_spawn_file_actions_addclose(&a.fa, 40), 0);
	a.fa.__used = a.fa.__allocated + 1;
	ck_assert_int_eq(egg_from_posix_spawn(e, &a.fa, NULL), ENOTSUP);
	ck_assert_uint_eq(egg_size(e), 0);
	a.fa.__used = -1;
	ck_assert_int_eq(egg_from_posix_spawn(e, &a.fa, NULL), ENOTSUP);
	egg_free(e);
	a.fa.__used = 1;
	args_destroy(&a);
}
END_TEST

/* A NULL pid is allowed; on failure *pid is left alone (run_one checks
 * that for every failing case). */
START_TEST(null_pid)
{
	char *argv[] = { "true", NULL };
	int st;

	ck_assert_int_eq(egg_posix_spawnp(NULL, "true", NULL, NULL, argv, environ), 0);
	ck_assert_int_gt(wait(&st), 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	t_assert_no_child();
}
END_TEST

/* A NULL envp is no environment, as glibc hands it to execve. */
START_TEST(null_envp_is_empty)
{
	char *argv[] = { "sh", "-c", "test -z \"$EGG_PS_MARK\"", NULL };
	pid_t pid;
	int st;

	ck_assert_int_eq(setenv("EGG_PS_MARK", "set", 1), 0);
	ck_assert_int_eq(egg_posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
END_TEST

START_TEST(null_args_einval)
{
	char *argv[] = { "true", NULL };
	pid_t pid = -7;

	ck_assert_int_eq(egg_posix_spawn(&pid, NULL, NULL, NULL, argv, environ), EINVAL);
	ck_assert_int_eq(egg_posix_spawn(&pid, "/bin/true", NULL, NULL, NULL, environ),
			 EINVAL);
	ck_assert_int_eq(pid, -7);
	t_assert_no_child();
}
END_TEST

/* The four ops posix_spawn needs, each in a real child through egg_spawn
 * and the probe. */
static void expect_op_fault(const struct egg *e, int error, unsigned int opcode)
{
	struct t_spawn_expect want = { error, 0, opcode, 0, EGG_STAGE_OP };

	t_expect_fault(t_build_path("tests/probe"), egg_data(e), egg_size(e), &want);
}

START_TEST(op_sigignore)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	sigset_t set;

	libc_signals_default();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);	/* skipped, as by sigdefault */
	sigaddset(&set, SIGRTMIN + 1);
	ck_assert_int_eq(egg_sigignore(e, &set), 0);
	ck_assert_int_eq(egg_sigignore(e, NULL), EINVAL);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"),
			  (1ULL << (SIGUSR1 - 1)) | (1ULL << (SIGRTMIN + 1 - 1)));
	egg_free(e);
}
END_TEST

START_TEST(op_sched_setparam)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_sched_setparam(e, 0), 0);
	ck_assert_int_eq(egg_sched_setparam(e, -1), EINVAL);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sched", "0:0");
	/* SCHED_OTHER has no priority but 0: the kernel says so. */
	ck_assert_int_eq(egg_reset(e), 0);
	ck_assert_int_eq(egg_sched_setparam(e, 5), 0);
	expect_op_fault(e, EINVAL, EGG_OP_SCHED_SETPARAM);
	egg_free(e);
}
END_TEST

START_TEST(op_fa_close)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	struct rlimit rl;

	t_put_fd(40, "/dev/null", O_RDONLY);
	ck_assert_int_eq(egg_fa_close(e, 40), 0);
	ck_assert_int_eq(egg_fa_close(e, 41), 0);	/* not open: no error */
	ck_assert_int_eq(egg_fa_close(e, -1), EINVAL);
	t_probe_run(&p, e);
	ck_assert_ptr_null(t_probe_fd(&p, 40));
	/* Out of range: above a soft limit lowered after the egg was made. */
	ck_assert_int_eq(egg_reset(e), 0);
	ck_assert_int_eq(egg_fa_close(e, 500), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = 100;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	expect_op_fault(e, EBADF, EGG_OP_FA_CLOSE);
	egg_free(e);
}
END_TEST

START_TEST(op_fa_open)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	int low;

	/* The target open: closed first; the file moved there loses
	 * O_CLOEXEC.  The lowest free fd: the open lands on it, keeps it. */
	t_put_fd(20, "/dev/zero", O_RDONLY);
	low = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(low, 0);
	close(low);
	ck_assert_int_eq(egg_fa_open(e, 20, "/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_fa_open(e, low, "/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_fa_open(e, 21, "/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_fa_open(e, 22, NULL, O_RDONLY, 0), EINVAL);
	t_probe_run(&p, e);
	t_probe_expect(&p, "fd.20", "0:/dev/null");
	t_probe_expect(&p, "fd.21", "0:/dev/null");
	ck_assert_ptr_null(t_probe_fd(&p, low));
	ck_assert_int_eq(egg_reset(e), 0);
	ck_assert_int_eq(egg_fa_open(e, 22, "/nonexistent/x", O_RDONLY, 0), 0);
	expect_op_fault(e, ENOENT, EGG_OP_FA_OPEN);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("posix-spawn");
	TCase *t;

	t = t_tcase(s, "same_as_glibc", 60);
	tcase_add_loop_test(t, same_as_glibc, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	t = t_tcase(s, "egg", 30);
	tcase_add_test(t, egg_in_glibc_order);
	tcase_add_test(t, egg_of_nothing);
	tcase_add_test(t, egg_schedparam_alone);
	t = t_tcase(s, "not_understood", 30);
	tcase_add_test(t, unknown_flag_forwarded);
	tcase_add_test(t, unknown_tag_forwarded);
	tcase_add_test(t, bad_used_count_forwarded);
	t = t_tcase(s, "ops", 30);
	tcase_add_test(t, op_sigignore);
	tcase_add_test(t, op_sched_setparam);
	tcase_add_test(t, op_fa_close);
	tcase_add_test(t, op_fa_open);
	t = t_tcase(s, "edges", 30);
	tcase_add_test(t, null_pid);
	tcase_add_test(t, null_envp_is_empty);
	tcase_add_test(t, null_args_einval);
	return t_run(s);
}
