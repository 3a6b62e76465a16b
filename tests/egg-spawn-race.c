/* SPDX-License-Identifier: MIT */
/*
 * What runs is what was validated.  Another thread flips one byte of the
 * caller's egg between a valid and an invalid value while the spawn calls
 * (egg_aspawn and its keeper too) run on it, over and over.  Each call must either refuse the egg
 * (EGG_STAGE_VALIDATE) or run it as validated: every instruction works
 * and only the exec fails (the program does not exist, so no process is
 * executed).  A child that ran the invalid bytes after the valid ones
 * were validated shows as a failed instruction or a dead child, or
 * crashes this process.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "egg-util.h"

#define ROUNDS 1500
#define MISSING "/nonexistent-egg-race/prog"

struct flip_case {
	const char *name;
	uint8_t code[8];
	size_t len;
	size_t at;		/* the byte that flips */
	uint8_t valid, invalid;
};

static const struct flip_case cases[] = {
	/* setrlimit RLIMIT_CORE 0 0; cur 5 above max 0 fails its check,
	 * and the kernel's. */
	{ "setrlimit_cur_above_max", { EGG_OP_SETRLIMIT, RLIMIT_CORE, 0, 0 }, 4, 2, 0, 5 },
	/* umask 022; opcode 0 is no op. */
	{ "opcode_of_no_op", { EGG_OP_UMASK, 022 }, 2, 0, EGG_OP_UMASK, 0 },
	/* chdir "/"; a length of 127 runs past the end, into 'x's. */
	{ "string_past_the_end", { EGG_OP_CHDIR, 1, '/' }, 3, 1, 1, 127 },
};

static struct {
	uint8_t buf[256];
	const struct flip_case *c;
	int stop;
} shared;

static void *flipper(void *arg)
{
	const struct flip_case *c = shared.c;
	uint8_t *b = &shared.buf[c->at];

	while (!__atomic_load_n(&shared.stop, __ATOMIC_RELAXED)) {
		__atomic_store_n(b, c->invalid, __ATOMIC_RELAXED);
		__atomic_store_n(b, c->valid, __ATOMIC_RELAXED);
	}
	return arg;
}

/* egg_pidfd_spawn needs clone3; without it (the lane's seccomp pass) its
 * turn goes to egg_spawn. */
static int pidfd_ok;

/* egg_aspawn, and with every other turn its keeper (EGG_SPAWN_NOSIGCHLD):
 * the result once the child is done. */
static int aspawn_one(unsigned int flags, struct egg_fault *fault)
{
	char *const argv[] = { "prog", NULL };
	struct egg_child *child;
	struct pollfd p = { .events = POLLIN };
	pid_t pid;
	int err;

	err = egg_aspawn(&child, AT_FDCWD, MISSING, shared.buf, shared.c->len, argv, NULL,
			 flags);
	if (err) {
		memset(fault, 0, sizeof(*fault));
		return err;
	}
	p.fd = egg_child_fd(child);
	while ((err = egg_child_result(child, &pid, NULL, fault)) == EINPROGRESS)
		poll(&p, 1, -1);
	egg_child_free(child);
	return err;
}

/* Round i's spawn call, in turn each of the six. */
static int spawn_one(unsigned int i, int fd, const struct flip_case *c,
		     struct egg_fault *fault)
{
	char *const argv[] = { "prog", NULL };
	int pidfd = -1, err;
	pid_t pid;

	switch (i % 6) {
	case 0:
		return egg_spawn(&pid, MISSING, shared.buf, c->len, argv, NULL, fault);
	case 1:
		return egg_spawnp(&pid, MISSING, shared.buf, c->len, argv, NULL, fault);
	case 2:
		if (!pidfd_ok)
			return egg_spawn(&pid, MISSING, shared.buf, c->len, argv, NULL, fault);
		err = egg_pidfd_spawn(&pidfd, MISSING, shared.buf, c->len, argv, NULL, fault);
		if (!err)
			close(pidfd);
		return err;
	case 3:
		return egg_fspawn(&pid, fd, shared.buf, c->len, argv, NULL, fault);
	case 4:
		return aspawn_one(0, fault);
	default:
		return aspawn_one(EGG_SPAWN_NOSIGCHLD, fault);
	}
}

START_TEST(flipped_byte_never_runs)
{
	const struct flip_case *c = &cases[_i];
	unsigned int i, refused = 0, ran = 0;
	struct egg_fault fault;
	pthread_t t;
	int fd, err;

	pidfd_ok = t_have_clone3();
	memset(shared.buf, 'x', sizeof(shared.buf));
	memcpy(shared.buf, c->code, c->len);
	ck_assert_int_eq(egg_validate(shared.buf, c->len, NULL), 0);
	shared.buf[c->at] = c->invalid;
	ck_assert_int_eq(egg_validate(shared.buf, c->len, NULL), EINVAL);
	shared.buf[c->at] = c->valid;
	shared.c = c;
	/* Not executable: egg_fspawn's exec fails too. */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, flipper, NULL), 0);
	for (i = 0; i < ROUNDS; i++) {
		err = spawn_one(i, fd, c, &fault);
		if (fault.stage == EGG_STAGE_VALIDATE && err == EINVAL) {
			refused++;
			continue;
		}
		if (fault.stage != EGG_STAGE_EXEC || err == 0 || fault.index != 1)
			break;
		ran++;
	}
	__atomic_store_n(&shared.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	close(fd);
	ck_assert_msg(i == ROUNDS, "%s: round %u (call %u) ran what was not validated: "
		      "error %d (%s), stage %d, index %zu", c->name, i, i % 6, err,
		      strerror(err), (int)fault.stage, fault.index);
	printf("%s: %u refused, %u ran as validated\n", c->name, refused, ran);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-spawn-race");
	TCase *tc = t_tcase(s, "race", 240);

	tcase_add_loop_test(tc, flipped_byte_never_runs, 0, T_ARRAY_SIZE(cases));
	return t_run(s);
}
