/* SPDX-License-Identifier: MIT */
/*
 * The ops beyond posix_spawn, each shown in a real child by the probe:
 * credentials, capabilities, privilege hygiene, scheduling, terminals,
 * fds and isolation.  Most need root (CI runs as root); without it those
 * cases say so and pass nothing off as tested.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>

#include "egg-util.h"

/* Runs the probe under egg, with -b port if port is not NULL; returns the
 * spawn's error, and on success *p holds the snapshot. */
static int run_probe(struct egg *egg, const char *port, struct probe *p,
		     struct egg_fault *fault)
{
	const char *extra[] = { "-b", port, NULL };
	int err;

	probe_free(p);
	err = probe_start(p, egg_data(egg), egg_size(egg), port ? extra : NULL, fault);
	if (!err)
		probe_finish(p);
	return err;
}

/* Root-only cases are registered only for root (see main); this guards
 * against one being moved to the wrong list. */
static void need_root(void)
{
	ck_assert_msg(geteuid() == 0, "a root-only case ran without root");
}

static void spawn_ok(struct egg *e, const char *port, struct probe *p)
{
	struct egg_fault f;
	int err = run_probe(e, port, p, &f);

	ck_assert_msg(err == 0, "spawn failed: %s at instruction %zu (opcode %u)",
		      strerror(err), f.index, f.opcode);
	ck_assert_int_eq(p->status, 0);
}

/* A probe that drops root must still write its snapshot into this case's
 * directory, and reach it through its parent. */
static void tmpdir_for_all(void)
{
	char parent[PATH_MAX], *slash;

	snprintf(parent, sizeof(parent), "%s", util_tmpdir());
	ck_assert_int_eq(chmod(parent, 01777), 0);
	slash = strrchr(parent, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ck_assert_int_eq(chmod(parent, 0755), 0);
}

#define expect probe_expect
#define new_egg util_egg

START_TEST(unprivileged_with_ambient_bind_cap)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };
	char key[32];
	int leak;

	need_root();
	tmpdir_for_all();
	/* The recipe of egg(7), "Dropping privileges", in its order. */
	ck_assert_int_eq(egg_bounding_drop(e, CAP_SYS_ADMIN), 0);
	ck_assert_int_eq(egg_keepcaps(e, 1), 0);
	ck_assert_int_eq(egg_setgroups(e, 0, NULL), 0);
	ck_assert_int_eq(egg_setresgid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_setresuid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_capset_text(e, "cap_net_bind_service=eip"), 0);
	ck_assert_int_eq(egg_ambient_raise(e, CAP_NET_BIND_SERVICE), 0);
	ck_assert_int_eq(egg_no_new_privs(e), 0);
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	/* An fd the program would inherit without the close_range. */
	leak = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(leak, 3);
	snprintf(key, sizeof(key), "fd.%d", leak);
	spawn_ok(e, "80", &p);
	close(leak);
	expect(&p, "no_new_privs", "1");
	ck_assert_msg(!(strtoull(probe_get(&p, "cap.bnd"), NULL, 16) & (1ULL << CAP_SYS_ADMIN)),
		      "CAP_SYS_ADMIN still in the bounding set");
	ck_assert_msg(!probe_get(&p, key), "%s inherited", key);
	expect(&p, "uid", "65534:65534:65534");
	expect(&p, "gid", "65534:65534:65534");
	expect(&p, "groups", "");
	expect(&p, "cap.eff", "0x0000000000000400");
	expect(&p, "cap.prm", "0x0000000000000400");
	expect(&p, "cap.inh", "0x0000000000000400");
	expect(&p, "cap.amb", "0x0000000000000400");
	expect(&p, "bind", "80:ok");
	egg_free(e);
}
END_TEST

START_TEST(unprivileged_without_cap_cannot_bind)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	tmpdir_for_all();
	egg_setgroups(e, 0, NULL);
	egg_setresgid(e, 65534, 65534, 65534);
	egg_setresuid(e, 65534, 65534, 65534);
	spawn_ok(e, "80", &p);
	expect(&p, "cap.eff", "0x0000000000000000");
	expect(&p, "bind", "80:EACCES");
	egg_free(e);
}
END_TEST

START_TEST(setgroups_setgid_setuid)
{
	struct egg *e = new_egg();
	gid_t groups[] = { 5, 7, 4000 };
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	tmpdir_for_all();
	ck_assert_int_eq(egg_setgroups(e, 3, groups), 0);
	ck_assert_int_eq(egg_setgid(e, 1234), 0);
	ck_assert_int_eq(egg_setuid(e, 4321), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "groups", "5,7,4000");
	expect(&p, "gid", "1234:1234:1234");
	expect(&p, "uid", "4321:4321:4321");
	egg_free(e);
}
END_TEST

START_TEST(setresuid_keeps_unchanged_ids)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	tmpdir_for_all();
	/* -1 keeps the real id; the saved one cannot show it, because
	 * execve(2) sets it to the effective id. */
	ck_assert_int_eq(egg_setresgid(e, (gid_t)-1, 99, 99), 0);
	ck_assert_int_eq(egg_setresuid(e, (uid_t)-1, 77, 77), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "uid", "0:77:77");
	expect(&p, "gid", "0:99:99");
	egg_free(e);
}
END_TEST

/* A uid change that fails is reported at its instruction. */
START_TEST(setuid_failure_names_the_op)
{
	struct egg *e = new_egg();
	struct egg_fault f;
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	tmpdir_for_all();
	egg_setresuid(e, 1000, 1000, 1000);
	egg_setuid(e, 0);	/* no way back once every id is 1000 */
	ck_assert_int_eq(run_probe(e, NULL, &p, &f), EPERM);
	ck_assert_int_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_SETUID);
	egg_free(e);
}
END_TEST

START_TEST(capset_and_bounding_drop_with_noroot)
{
	struct egg *e = new_egg();
	uint64_t chown_bit = 1ULL << CAP_CHOWN;
	struct probe p PROBE_AUTO = { 0 };
	char want[32];

	need_root();
	/* Without SECBIT_NOROOT, exec as root would grant every capability
	 * again, hiding what capset did.  The bounding set first: dropping
	 * from it takes CAP_SETPCAP, which capset gives up. */
	ck_assert_int_eq(egg_securebits(e, SECBIT_NOROOT), 0);
	ck_assert_int_eq(egg_bounding_drop(e, CAP_SYS_ADMIN), 0);
	ck_assert_int_eq(egg_capset(e, chown_bit, chown_bit, chown_bit), 0);
	ck_assert_int_eq(egg_ambient_raise(e, CAP_CHOWN), 0);
	spawn_ok(e, NULL, &p);
	snprintf(want, sizeof(want), "0x%016llx", (unsigned long long)chown_bit);
	expect(&p, "cap.eff", want);
	expect(&p, "cap.prm", want);
	expect(&p, "cap.amb", want);
	ck_assert_msg(!(strtoull(probe_get(&p, "cap.bnd"), NULL, 16) & (1ULL << CAP_SYS_ADMIN)),
		      "CAP_SYS_ADMIN still in the bounding set");
	expect(&p, "securebits", "0x00000001");
	egg_free(e);
}
END_TEST

START_TEST(ambient_clear_empties_the_set)
{
	struct egg *e = new_egg();
	uint64_t bit = 1ULL << CAP_CHOWN;
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	egg_securebits(e, SECBIT_NOROOT);
	egg_capset(e, bit, bit, bit);
	egg_ambient_raise(e, CAP_CHOWN);
	ck_assert_int_eq(egg_ambient_clear(e), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "cap.amb", "0x0000000000000000");
	egg_free(e);
}
END_TEST

START_TEST(capability_text_is_parsed_in_the_parent)
{
	uint64_t e, p, i;

	ck_assert_int_eq(egg_caps_from_text("cap_chown,cap_kill=ep cap_kill+i", &e, &p, &i), 0);
	ck_assert_uint_eq(e, (1ULL << CAP_CHOWN) | (1ULL << CAP_KILL));
	ck_assert_uint_eq(p, e);
	ck_assert_uint_eq(i, 1ULL << CAP_KILL);
	ck_assert_int_eq(egg_caps_from_text("cap_bogus=ep", &e, &p, &i), EINVAL);
	ck_assert_int_eq(egg_caps_from_text(NULL, &e, &p, &i), EINVAL);
}
END_TEST

START_TEST(no_new_privs_and_pdeathsig)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_no_new_privs(e), 0);
	ck_assert_int_eq(egg_pdeathsig(e, SIGTERM), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "no_new_privs", "1");
	expect(&p, "pdeathsig", "15");
	egg_free(e);
}
END_TEST

START_TEST(without_ops_nothing_changes)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	spawn_ok(e, NULL, &p);
	expect(&p, "no_new_privs", "0");
	expect(&p, "pdeathsig", "0");
	egg_free(e);
}
END_TEST

START_TEST(setpriority_sets_nice)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_setpriority(e, 7), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "nice", "7");
	egg_reset(e);
	ck_assert_int_eq(egg_setpriority(e, 20), EINVAL);
	ck_assert_int_eq(egg_setpriority(e, -21), EINVAL);
	ck_assert_uint_eq(egg_size(e), 0);
	if (geteuid() == 0) {
		ck_assert_int_eq(egg_setpriority(e, -5), 0);
		spawn_ok(e, NULL, &p);
		expect(&p, "nice", "-5");
	}
	egg_free(e);
}
END_TEST

START_TEST(sched_setaffinity_pins)
{
	struct egg *e = new_egg();
	unsigned int cpus[] = { 0 }, bad[] = { 1, 0 };
	struct probe p PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_sched_setaffinity(e, 1, cpus), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "cpus", "0");
	egg_reset(e);
	/* A set has one encoding: ascending, no repeats. */
	ck_assert_int_eq(egg_sched_setaffinity(e, 2, bad), EINVAL);
	egg_free(e);
}
END_TEST

START_TEST(sched_setscheduler_batch_and_checks)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_sched_setscheduler(e, SCHED_BATCH, 0), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "sched", "3:0");
	egg_reset(e);
	ck_assert_int_eq(egg_sched_setscheduler(e, SCHED_FIFO, 0), EINVAL);
	ck_assert_int_eq(egg_sched_setscheduler(e, SCHED_OTHER, 5), EINVAL);
	ck_assert_int_eq(egg_sched_setscheduler(e, 4, 0), EINVAL);
	egg_free(e);
}
END_TEST

/* The terminal case of egg(7): setsid, then opening the pty's slave makes
 * it the controlling terminal, and the program's group the foreground. */
START_TEST(setsid_then_open_slave_gives_ctty)
{
	struct egg *e = new_egg();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	struct probe p PROBE_AUTO = { 0 };
	char *slave;

	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	slave = ptsname(master);
	egg_setsid(e);
	egg_open(e, 0, slave, O_RDWR, 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "ctty", "1");
	ck_assert_str_eq(probe_get(&p, "tty.fg"), probe_get(&p, "pgid"));
	egg_reset(e);
	/* With O_NOCTTY it takes setctty. */
	egg_setsid(e);
	egg_open(e, 0, slave, O_RDWR | O_NOCTTY, 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "ctty", "0");
	egg_setctty(e, 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "ctty", "1");
	close(master);
	egg_free(e);
}
END_TEST

START_TEST(setctty_without_setsid_fails_at_its_index)
{
	struct egg *e = new_egg();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	struct egg_fault f;
	struct probe p PROBE_AUTO = { 0 };

	ck_assert_int_ge(master, 0);
	grantpt(master);
	unlockpt(master);
	egg_open(e, 0, ptsname(master), O_RDWR | O_NOCTTY, 0);
	egg_setctty(e, 0);
	ck_assert_int_eq(run_probe(e, NULL, &p, &f), EPERM);
	ck_assert_int_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_SETCTTY);
	close(master);
	egg_free(e);
}
END_TEST

/* A session leader holding a pty spawns a child in a new, background
 * process group that makes itself the foreground: SIGTTOU would stop it,
 * were it not blocked in the child. */
START_TEST(tcsetpgrp_from_background_group)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), st;
	pid_t leader;

	ck_assert_int_ge(master, 0);
	grantpt(master);
	unlockpt(master);
	leader = fork();
	ck_assert_int_ge(leader, 0);
	if (leader == 0) {
		struct egg *e = egg_new();
		struct probe p PROBE_AUTO = { 0 };
		int fd;

		setsid();
		fd = open(ptsname(master), O_RDWR);	/* our ctty now */
		if (fd < 0)
			_exit(2);
		egg_setpgid(e, 0);
		egg_tcsetpgrp(e, fd);
		if (run_probe(e, NULL, &p, NULL) != 0 || p.status != 0)
			_exit(3);
		if (!probe_get(&p, "tty.fg") ||
		    strcmp(probe_get(&p, "tty.fg"), probe_get(&p, "pgid")))
			_exit(4);
		if (!strcmp(probe_get(&p, "pgid"), probe_get(&p, "sid")))
			_exit(5);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(leader, &st, 0), leader);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "leader status %#x", st);
	close(master);
}
END_TEST

START_TEST(dup3_sets_and_clears_cloexec)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	/* dup3 with cloexec: the copy is closed by the exec. */
	egg_open(e, 5, "/dev/null", O_RDONLY, 0);
	egg_dup3(e, 5, 6, 1);
	egg_dup3(e, 5, 7, 0);
	spawn_ok(e, NULL, &p);
	ck_assert(!(probe_fd(&p, 6) != NULL));
	ck_assert((probe_fd(&p, 7) != NULL));
	ck_assert_str_eq(probe_fd(&p, 7), "0:/dev/null");
	egg_reset(e);
	/* oldfd == newfd sets or clears the flag in place. */
	egg_open(e, 5, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	egg_dup3(e, 5, 5, 0);
	spawn_ok(e, NULL, &p);
	ck_assert((probe_fd(&p, 5) != NULL));
	egg_free(e);
}
END_TEST

START_TEST(cloexec_on_and_off)
{
	struct egg *e = new_egg();
	struct probe p PROBE_AUTO = { 0 };

	egg_open(e, 5, "/dev/null", O_RDONLY, 0);
	egg_cloexec(e, 5, 1);
	spawn_ok(e, NULL, &p);
	ck_assert(!(probe_fd(&p, 5) != NULL));
	egg_reset(e);
	egg_open(e, 5, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	egg_cloexec(e, 5, 0);
	spawn_ok(e, NULL, &p);
	ck_assert((probe_fd(&p, 5) != NULL));
	egg_reset(e);
	egg_cloexec(e, 999, 1);
	{
		struct egg_fault f;

		ck_assert_int_eq(run_probe(e, NULL, &p, &f), EBADF);
		ck_assert_uint_eq(f.opcode, EGG_OP_CLOEXEC);
	}
	egg_free(e);
}
END_TEST

START_TEST(keep_closes_everything_else)
{
	struct egg *e = new_egg();
	int keep[] = { 0, 1, 2, 9 }, unsorted[] = { 3, 1 };
	struct probe p PROBE_AUTO = { 0 };
	int fd;

	for (fd = 5; fd < 12; fd++)
		egg_open(e, fd, "/dev/null", O_RDONLY, 0);
	ck_assert_int_eq(egg_keep(e, 4, keep), 0);
	spawn_ok(e, NULL, &p);
	for (fd = 3; fd < 64; fd++)
		ck_assert_msg((probe_fd(&p, fd) != NULL) == (fd == 9), "fd %d", fd);
	egg_reset(e);
	ck_assert_int_eq(egg_keep(e, 2, unsorted), EINVAL);
	ck_assert_int_eq(egg_keep(e, 1, NULL), EINVAL);
	egg_free(e);
}
END_TEST

static void ns_link(const char *ns, char *buf, size_t n)
{
	char path[64];
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	r = readlink(path, buf, n - 1);
	ck_assert_int_gt(r, 0);
	buf[r] = '\0';
}

START_TEST(unshare_uts_and_sethostname)
{
	struct egg *e = new_egg();
	char host[256], ours[256];
	struct probe p PROBE_AUTO = { 0 };

	need_root();
	gethostname(host, sizeof(host));
	ns_link("uts", ours, sizeof(ours));
	ck_assert_int_eq(egg_unshare(e, CLONE_NEWUTS), 0);
	ck_assert_int_eq(egg_sethostname(e, "egg-test-host"), 0);
	spawn_ok(e, NULL, &p);
	expect(&p, "hostname", "egg-test-host");
	ck_assert_str_ne(probe_get(&p, "ns.uts"), ours);
	{
		char now[256];

		gethostname(now, sizeof(now));
		ck_assert_str_eq(now, host);
	}
	egg_free(e);
}
END_TEST

START_TEST(unshare_net_ipc_user)
{
	static const struct {
		int flag;
		const char *ns;
	} cases[] = {
		{ CLONE_NEWNET, "net" }, { CLONE_NEWIPC, "ipc" }, { CLONE_NEWNS, "mnt" },
		{ CLONE_NEWUSER, "user" },
	};
	size_t i;

	need_root();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct egg *e = new_egg();
		char ours[256], key[32];
		struct probe p PROBE_AUTO = { 0 };

		ns_link(cases[i].ns, ours, sizeof(ours));
		ck_assert_int_eq(egg_unshare(e, cases[i].flag), 0);
		spawn_ok(e, NULL, &p);
		snprintf(key, sizeof(key), "ns.%s", cases[i].ns);
		ck_assert_msg(probe_get(&p, key) && strcmp(probe_get(&p, key), ours),
			      "%s namespace not new", cases[i].ns);
		egg_free(e);
	}
}
END_TEST

START_TEST(sethostname_length_checked)
{
	struct egg *e = new_egg();
	char name[66];

	memset(name, 'a', 65);
	name[65] = '\0';
	ck_assert_int_eq(egg_sethostname(e, name), EINVAL);
	name[64] = '\0';
	ck_assert_int_eq(egg_sethostname(e, name), 0);
	egg_free(e);
}
END_TEST

/* chroot into an empty directory and exec the static probe through an fd
 * opened before: the probe's output file lands inside the new root. */
START_TEST(chroot_with_fspawn)
{
	char dir[PATH_MAX], out[PATH_MAX + 16];
	char *argv[] = { "probe", "-o", "/out.txt", NULL };
	struct egg *e = new_egg();
	struct egg_fault f;
	struct probe p PROBE_AUTO = { 0 };
	int fd, st;
	pid_t pid;

	need_root();
	snprintf(dir, sizeof(dir), "%s", util_tmpname("root"));
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	fd = open(util_build_path("tests/probe-static"), O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(egg_chroot(e, dir), 0);
	ck_assert_int_eq(egg_chdir(e, "/"), 0);
	ck_assert_int_eq(egg_fspawn(&pid, fd, egg_data(e), egg_size(e), argv, NULL, &f), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(st, 0);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	ck_assert_msg(access(out, F_OK) == 0, "no %s: the probe did not run in the chroot", out);
	probe_parse(&p, util_read_file(out, NULL));
	expect(&p, "cwd", "/");
	probe_free(&p);
	close(fd);
	egg_free(e);
}
END_TEST

/* The kernel's O_TMPFILE is 020000000 with O_DIRECTORY; the bit alone
 * would only fail in the child, so validation refuses it. */
START_TEST(tmpfile_bit_needs_o_directory)
{
	/* open 0 "/tmp" O_RDWR|020000000 0, then the same with O_DIRECTORY */
	static const uint8_t alone[] = { 3, 0, 4, '/', 't', 'm', 'p', 0x82, 0x80, 0x80, 0x02, 0 };
	static const uint8_t whole[] = { 3, 0, 4, '/', 't', 'm', 'p', 0x82, 0x80, 0x84, 0x02, 0 };
	size_t bad = 99;

	ck_assert_int_eq(egg_validate(alone, sizeof(alone), &bad), EINVAL);
	ck_assert_uint_eq(bad, 7);
	ck_assert_int_eq(egg_validate(whole, sizeof(whole), &bad), 0);
}
END_TEST

START_TEST(fspawn_bad_fd)
{
	char *argv[] = { "x", NULL };
	struct egg_fault f;
	pid_t pid;

	ck_assert_int_eq(egg_fspawn(&pid, -1, NULL, 0, argv, NULL, &f), EBADF);
	ck_assert_int_eq(egg_fspawn(&pid, 1000, NULL, 0, argv, NULL, &f), EBADF);
	ck_assert_int_eq(f.index, 0);
}
END_TEST

/* Round trip of every new op's operands through the decoder. */
START_TEST(list_operands_decode)
{
	struct egg *e = new_egg();
	gid_t groups[] = { 0, 1, 0xfffffffe };
	struct egg_insn insn;
	size_t off = 0;
	uint32_t item;
	size_t i;

	ck_assert_int_eq(egg_setgroups(e, 3, groups), 0);
	ck_assert_int_eq(egg_decode(egg_data(e), egg_size(e), &off, &insn), 0);
	ck_assert_uint_eq(insn.opcode, EGG_OP_SETGROUPS);
	ck_assert_uint_eq(insn.operand[0].list.count, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(egg_list_item(&insn.operand[0], i, &item), 0);
		ck_assert_uint_eq(item, groups[i]);
	}
	ck_assert_int_eq(egg_list_item(&insn.operand[0], 3, &item), EINVAL);
	groups[0] = 0xffffffff;
	ck_assert_int_eq(egg_setgroups(e, 3, groups), EINVAL);
	egg_free(e);
}
END_TEST

static Suite *suite(int root)
{
	Suite *s = suite_create("egg-ops-ext");
	TCase *t = util_tcase(s, "any user", 30), *r;

	tcase_add_test(t, capability_text_is_parsed_in_the_parent);
	tcase_add_test(t, no_new_privs_and_pdeathsig);
	tcase_add_test(t, without_ops_nothing_changes);
	tcase_add_test(t, setpriority_sets_nice);
	tcase_add_test(t, sched_setaffinity_pins);
	tcase_add_test(t, sched_setscheduler_batch_and_checks);
	tcase_add_test(t, setsid_then_open_slave_gives_ctty);
	tcase_add_test(t, setctty_without_setsid_fails_at_its_index);
	tcase_add_test(t, tcsetpgrp_from_background_group);
	tcase_add_test(t, dup3_sets_and_clears_cloexec);
	tcase_add_test(t, cloexec_on_and_off);
	tcase_add_test(t, keep_closes_everything_else);
	tcase_add_test(t, sethostname_length_checked);
	tcase_add_test(t, fspawn_bad_fd);
	tcase_add_test(t, tmpfile_bit_needs_o_directory);
	tcase_add_test(t, list_operands_decode);
	if (!root) {
		fprintf(stderr, "SKIP: the credential, capability, namespace and chroot "
			"cases need root\n");
		return s;
	}
	r = util_tcase(s, "root", 30);
	tcase_add_test(r, unprivileged_with_ambient_bind_cap);
	tcase_add_test(r, unprivileged_without_cap_cannot_bind);
	tcase_add_test(r, setgroups_setgid_setuid);
	tcase_add_test(r, setresuid_keeps_unchanged_ids);
	tcase_add_test(r, setuid_failure_names_the_op);
	tcase_add_test(r, capset_and_bounding_drop_with_noroot);
	tcase_add_test(r, ambient_clear_empties_the_set);
	tcase_add_test(r, unshare_uts_and_sethostname);
	tcase_add_test(r, unshare_net_ipc_user);
	tcase_add_test(r, chroot_with_fspawn);
	return s;
}

int main(void)
{
	return util_run(suite(geteuid() == 0));
}
