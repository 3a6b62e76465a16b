/* SPDX-License-Identifier: MIT */
/*
 * eggasm assembles exactly what the C builder builds: each case is a
 * program written once as eggasm source and once as egg_* calls with this
 * machine's native constants (O_* flags above all, which the builder
 * converts to the egg encoding and eggasm names directly).  The source
 * goes through the eggasm command, eggasm -e SOURCE -o -.
 */
#include <check.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <linux/securebits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "egg-util.h"
#include "eggasm-util.h"

#define OK(call) ck_assert_int_eq((call), 0)

static void sigs(sigset_t *set, int a, int b)
{
	sigemptyset(set);
	if (a)
		sigaddset(set, a);
	if (b)
		sigaddset(set, b);
}

static void b_detach(struct egg *e)
{
	struct rlimit rl = { 1024, 4096 };

	OK(egg_setsid(e));
	OK(egg_open(e, 0, "/dev/null", O_RDONLY, 0));
	OK(egg_open(e, 1, "/var/log/svc.log", O_WRONLY | O_CREAT | O_APPEND, 0644));
	OK(egg_dup2(e, 1, 2));
	OK(egg_close_range(e, 3, ~0U, 0));
	OK(egg_setrlimit(e, RLIMIT_NOFILE, &rl));
	OK(egg_umask(e, 022));
}

static void b_setpgid(struct egg *e)
{
	OK(egg_setpgid(e, 0));
	OK(egg_setpgid(e, 1234));
}

static void b_open_access(struct egg *e)
{
	OK(egg_open(e, 3, "r", O_RDONLY, 0));
	OK(egg_open(e, 4, "w", O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0600));
	OK(egg_open(e, 5, "rw", O_RDWR | O_APPEND | O_NONBLOCK | O_NOCTTY, 07777));
}

/* The four flags whose values differ between architectures. */
static void b_open_moved(struct egg *e)
{
	OK(egg_open(e, 3, "/d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0));
	OK(egg_open(e, 3, "/f", O_RDWR | O_DIRECT, 0));
}

static void b_open_more(struct egg *e)
{
	OK(egg_open(e, 3, "/tmp", O_RDWR | O_TMPFILE, 0600));
	OK(egg_open(e, 3, "/p", O_PATH | O_CLOEXEC, 0));
	OK(egg_open(e, 3, "/s", O_WRONLY | O_SYNC, 0));
	OK(egg_open(e, 3, "/s", O_WRONLY | O_DSYNC | O_NOATIME, 0));
}

static void b_fds(struct egg *e)
{
	int keep[] = { 0, 1, 2, 9 };

	OK(egg_dup2(e, 5, 0));
	OK(egg_dup3(e, 3, 4, 1));
	OK(egg_close(e, 7));
	OK(egg_cloexec(e, 3, 0));
	OK(egg_close_range(e, 10, 20, CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE));
	OK(egg_keep(e, 4, keep));
}

static void b_dirs(struct egg *e)
{
	OK(egg_chdir(e, "/srv/www"));
	OK(egg_fchdir(e, 5));
	OK(egg_chroot(e, "/var/empty"));
	OK(egg_umask(e, 0));
	OK(egg_umask(e, 0777));
}

static void b_limits(struct egg *e)
{
	struct rlimit cpu = { 60, 65 }, as = { RLIM_INFINITY, RLIM_INFINITY };
	struct rlimit nofile = { 1024, EGG_RLIM_KEEP }, core = { EGG_RLIM_KEEP, 0 };

	OK(egg_setrlimit(e, RLIMIT_CPU, &cpu));
	OK(egg_setrlimit(e, RLIMIT_AS, &as));
	OK(egg_setrlimit(e, RLIMIT_NOFILE, &nofile));
	OK(egg_setrlimit(e, RLIMIT_CORE, &core));
}

static void b_signals(struct egg *e)
{
	sigset_t set;

	sigs(&set, SIGINT, SIGTERM);
	OK(egg_sigmask(e, &set));
	sigs(&set, 0, 0);
	OK(egg_sigmask(e, &set));
	sigs(&set, SIGPIPE, SIGRTMIN + 3);
	OK(egg_sigdefault(e, &set));
	OK(egg_pdeathsig(e, SIGKILL));
}

static void b_ids(struct egg *e)
{
	gid_t groups[] = { 27, 0, 100 };

	OK(egg_setgroups(e, 3, groups));
	OK(egg_setgroups(e, 0, NULL));
	OK(egg_setresgid(e, (gid_t)-1, 5, (gid_t)-1));
	OK(egg_setgid(e, 100));
	OK(egg_setresuid(e, 0, (uid_t)-1, 4294967294U));
	OK(egg_setuid(e, 65534));
}

static void b_caps(struct egg *e)
{
	OK(egg_capset(e, 0, 1ULL << 10, 0));
	OK(egg_capset_text(e, "cap_net_bind_service,cap_kill=eip"));
	OK(egg_ambient_raise(e, 10));
	OK(egg_ambient_clear(e));
	OK(egg_bounding_drop(e, 21));
	OK(egg_keepcaps(e, 1));
	OK(egg_securebits(e, SECBIT_KEEP_CAPS | SECBIT_NOROOT | SECBIT_NOROOT_LOCKED));
	OK(egg_no_new_privs(e));
}

static void b_sched(struct egg *e)
{
	unsigned int cpus[] = { 0, 2, 1023 };

	OK(egg_setpriority(e, -5));
	OK(egg_setpriority(e, 19));
	OK(egg_sched_setaffinity(e, 3, cpus));
	OK(egg_sched_setscheduler(e, SCHED_FIFO, 10));
	OK(egg_sched_setscheduler(e, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
}

static void b_tty_ns(struct egg *e)
{
	OK(egg_setctty(e, 0));
	OK(egg_tcsetpgrp(e, 0));
	OK(egg_unshare(e, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWUSER));
	OK(egg_sethostname(e, "sandbox"));
}

static const struct {
	const char *name;
	const char *src;
	void (*build)(struct egg *);
} cases[] = {
	{ "detach", "# detach a service: new session, quiet stdin, log file, no leaked fds\n"
	  "setsid\n"
	  "open 0 \"/dev/null\" O_RDONLY 0\n"
	  "open 1 \"/var/log/svc.log\" O_WRONLY|O_CREAT|O_APPEND 0644\n"
	  "dup2 1 2\n"
	  "close_range 3 ~0 0\n"
	  "setrlimit RLIMIT_NOFILE 1024 4096\n"
	  "umask 022\n", b_detach },
	{ "setpgid", "setpgid 0; setpgid 1234", b_setpgid },
	{ "open_access", "open 3 \"r\" O_RDONLY 0\n"
	  "open 4 \"w\" O_WRONLY|O_CREAT|O_TRUNC|O_EXCL 0600\n"
	  "open 5 \"rw\" O_RDWR|O_APPEND|O_NONBLOCK|O_NOCTTY 07777", b_open_access },
	{ "open_moved", "open 3 \"/d\" O_RDONLY|O_DIRECTORY|O_NOFOLLOW 0\n"
	  "open 3 \"/f\" O_RDWR|O_DIRECT 0", b_open_moved },
	{ "open_more", "open 3 \"/tmp\" O_RDWR|O_TMPFILE 0600\n"
	  "open 3 \"/p\" O_PATH|O_CLOEXEC 0\n"
	  "open 3 \"/s\" O_WRONLY|O_SYNC 0\n"
	  "open 3 \"/s\" O_WRONLY|O_DSYNC|O_NOATIME 0", b_open_more },
	{ "fds", "dup2 5 0; dup3 3 4 1; close 7; cloexec 3 0\n"
	  "close_range 10 20 CLOSE_RANGE_CLOEXEC|CLOSE_RANGE_UNSHARE\n"
	  "keep {0, 1, 2, 9}", b_fds },
	{ "dirs", "chdir \"/srv/www\"; fchdir 5; chroot \"/var/empty\"; umask 0; umask 0777",
	  b_dirs },
	{ "limits", "setrlimit RLIMIT_CPU 60 65\n"
	  "setrlimit RLIMIT_AS RLIM_INFINITY RLIM_INFINITY\n"
	  "setrlimit RLIMIT_NOFILE 1024 keep\nsetrlimit RLIMIT_CORE keep 0", b_limits },
	{ "signals", "sigmask {INT, TERM}\nsigmask {}\nsigdefault {PIPE, RTMIN+3}\n"
	  "pdeathsig SIGKILL", b_signals },
	{ "ids", "setgroups {27, 0, 100}\nsetgroups {}\nsetresgid keep 5 keep\n"
	  "setgid 100\nsetresuid 0 keep 4294967294\nsetuid 65534", b_ids },
	{ "caps", "capset {} {NET_BIND_SERVICE} {}\n"
	  "capset {KILL, NET_BIND_SERVICE} {KILL, NET_BIND_SERVICE} {KILL, NET_BIND_SERVICE}\n"
	  "ambient_raise CAP_NET_BIND_SERVICE\nambient_clear\nbounding_drop CAP_SYS_ADMIN\n"
	  "keepcaps 1\nsecurebits SECBIT_NOROOT|SECBIT_NOROOT_LOCKED|SECBIT_KEEP_CAPS\n"
	  "no_new_privs", b_caps },
	{ "sched", "setpriority -5\nsetpriority 19\nsched_setaffinity {0, 2, 1023}\n"
	  "sched_setscheduler SCHED_FIFO 10\n"
	  "sched_setscheduler SCHED_BATCH|SCHED_RESET_ON_FORK 0", b_sched },
	{ "tty_ns", "setctty 0\ntcsetpgrp 0\nunshare CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWUSER\n"
	  "sethostname \"sandbox\"", b_tty_ns },
};

START_TEST(same_bytes)
{
	const char *out = t_tmpname("out");
	const char *args[] = { "-e", cases[_i].src, "-o", "-", NULL };
	struct egg *e = t_egg();
	char *bytes;
	size_t n;

	cases[_i].build(e);
	ck_assert_int_eq(eggasm_tool(args, out, NULL), 0);
	bytes = t_read_file(out, &n);
	ck_assert_msg(n == egg_size(e) && !memcmp(bytes, egg_data(e), n),
		      "%s: eggasm and the builder differ", cases[_i].name);
	free(bytes);
	egg_free(e);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void)
{
	Suite *s = suite_create("eggasm-builder");
	TCase *tc = t_tcase(s, "builder", 60);

	tcase_add_loop_test(tc, same_bytes, 0, N(cases));
	return t_run(s);
}
