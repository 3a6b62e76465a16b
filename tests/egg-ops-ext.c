/* SPDX-License-Identifier: MIT */
/*
 * The ops beyond posix_spawn that any user can run, each shown in a real
 * child by the probe: privilege hygiene, scheduling, terminals and fds.
 * The credential, capability, namespace and chroot cases need root and
 * are in tests/egg-ops-root.c.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
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
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_no_new_privs(e), 0);
	ck_assert_int_eq(egg_pdeathsig(e, SIGTERM), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "no_new_privs", "1");
	t_probe_expect(&p, "pdeathsig", "15");
	egg_free(e);
}
END_TEST

START_TEST(without_ops_nothing_changes)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "no_new_privs", "0");
	t_probe_expect(&p, "pdeathsig", "0");
	egg_free(e);
}
END_TEST

START_TEST(setpriority_sets_nice)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_setpriority(e, 7), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "nice", "7");
	egg_reset(e);
	ck_assert_int_eq(egg_setpriority(e, 20), EINVAL);
	ck_assert_int_eq(egg_setpriority(e, -21), EINVAL);
	ck_assert_uint_eq(egg_size(e), 0);
	egg_free(e);
}
END_TEST

START_TEST(sched_setaffinity_pins)
{
	struct egg *e = t_egg();
	unsigned int cpus[] = { 0 }, bad[] = { 1, 0 };
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_sched_setaffinity(e, 1, cpus), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "cpus", "0");
	egg_reset(e);
	/* A set has one encoding: ascending, no repeats. */
	ck_assert_int_eq(egg_sched_setaffinity(e, 2, bad), EINVAL);
	egg_free(e);
}
END_TEST

START_TEST(sched_setscheduler_batch_and_checks)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_sched_setscheduler(e, SCHED_BATCH, 0), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "sched", "3:0");
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
	struct egg *e = t_egg();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *slave;

	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	slave = ptsname(master);
	egg_setsid(e);
	egg_open(e, 0, slave, O_RDWR, 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "ctty", "1");
	ck_assert_str_eq(t_probe_get(&p, "tty.fg"), t_probe_get(&p, "pgid"));
	egg_reset(e);
	/* With O_NOCTTY it takes setctty. */
	egg_setsid(e);
	egg_open(e, 0, slave, O_RDWR | O_NOCTTY, 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "ctty", "0");
	egg_setctty(e, 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "ctty", "1");
	close(master);
	egg_free(e);
}
END_TEST

START_TEST(setctty_without_setsid_fails_at_its_index)
{
	struct egg *e = t_egg();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	struct egg_fault f;
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_ge(master, 0);
	grantpt(master);
	unlockpt(master);
	egg_open(e, 0, ptsname(master), O_RDWR | O_NOCTTY, 0);
	egg_setctty(e, 0);
	ck_assert_int_eq(t_probe_try(&p, e, NULL, &f), EPERM);
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
		struct t_probe p T_PROBE_AUTO = { 0 };
		int fd;

		setsid();
		fd = open(ptsname(master), O_RDWR);	/* our ctty now */
		if (fd < 0)
			_exit(2);
		egg_setpgid(e, 0);
		egg_tcsetpgrp(e, fd);
		if (t_probe_try(&p, e, NULL, NULL) != 0 || p.status != 0)
			_exit(3);
		if (!t_probe_get(&p, "tty.fg") ||
		    strcmp(t_probe_get(&p, "tty.fg"), t_probe_get(&p, "pgid")))
			_exit(4);
		if (!strcmp(t_probe_get(&p, "pgid"), t_probe_get(&p, "sid")))
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
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	/* dup3 with cloexec: the copy is closed by the exec. */
	egg_open(e, 5, "/dev/null", O_RDONLY, 0);
	egg_dup3(e, 5, 6, 1);
	egg_dup3(e, 5, 7, 0);
	t_probe_ok(&p, e, NULL);
	ck_assert(!(t_probe_fd(&p, 6) != NULL));
	ck_assert((t_probe_fd(&p, 7) != NULL));
	ck_assert_str_eq(t_probe_fd(&p, 7), "0:/dev/null");
	egg_reset(e);
	/* oldfd == newfd sets or clears the flag in place. */
	egg_open(e, 5, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	egg_dup3(e, 5, 5, 0);
	t_probe_ok(&p, e, NULL);
	ck_assert((t_probe_fd(&p, 5) != NULL));
	egg_free(e);
}
END_TEST

START_TEST(cloexec_on_and_off)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	egg_open(e, 5, "/dev/null", O_RDONLY, 0);
	egg_cloexec(e, 5, 1);
	t_probe_ok(&p, e, NULL);
	ck_assert(!(t_probe_fd(&p, 5) != NULL));
	egg_reset(e);
	egg_open(e, 5, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	egg_cloexec(e, 5, 0);
	t_probe_ok(&p, e, NULL);
	ck_assert((t_probe_fd(&p, 5) != NULL));
	egg_reset(e);
	egg_cloexec(e, 999, 1);
	{
		struct egg_fault f;

		ck_assert_int_eq(t_probe_try(&p, e, NULL, &f), EBADF);
		ck_assert_uint_eq(f.opcode, EGG_OP_CLOEXEC);
	}
	egg_free(e);
}
END_TEST

START_TEST(keep_closes_everything_else)
{
	struct egg *e = t_egg();
	int keep[] = { 0, 1, 2, 9 }, unsorted[] = { 3, 1 };
	struct t_probe p T_PROBE_AUTO = { 0 };
	int fd;

	for (fd = 5; fd < 12; fd++)
		egg_open(e, fd, "/dev/null", O_RDONLY, 0);
	ck_assert_int_eq(egg_keep(e, 4, keep), 0);
	t_probe_ok(&p, e, NULL);
	for (fd = 3; fd < 64; fd++)
		ck_assert_msg((t_probe_fd(&p, fd) != NULL) == (fd == 9), "fd %d", fd);
	egg_reset(e);
	ck_assert_int_eq(egg_keep(e, 2, unsorted), EINVAL);
	ck_assert_int_eq(egg_keep(e, 1, NULL), EINVAL);
	egg_free(e);
}
END_TEST

START_TEST(sethostname_length_checked)
{
	struct egg *e = t_egg();
	char name[66];

	memset(name, 'a', 65);
	name[65] = '\0';
	ck_assert_int_eq(egg_sethostname(e, name), EINVAL);
	name[64] = '\0';
	ck_assert_int_eq(egg_sethostname(e, name), 0);
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
	struct egg *e = t_egg();
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

int main(void)
{
	Suite *s = suite_create("egg-ops-ext");
	TCase *t = t_tcase(s, "any user", 30);

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
	return t_run(s);
}
