/* SPDX-License-Identifier: MIT */
/*
 * Allocation failure in the builder: every builder call that has to grow
 * the egg returns ENOMEM and leaves the egg exactly as it was (bytes, size,
 * count) and errno alone; the same call then succeeds once memory is back.
 *
 * The failure is injected with the linker's --wrap: the library is linked
 * statically (the internal convenience library), so its calls to realloc
 * and calloc come here, and go on to the real ones unless a failure is
 * armed.  That works under AddressSanitizer too, whose allocator the real
 * ones then are.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "egg-util.h"

void *__real_realloc(void *p, size_t n);
void *__real_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_calloc(size_t n, size_t size);

static int fail_armed;
static unsigned int fail_hits;	/* allocations refused while armed */

void *__wrap_realloc(void *p, size_t n)
{
	if (fail_armed) {
		fail_hits++;
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (fail_armed) {
		fail_hits++;
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

/* Big enough operands that no spare room in the buffer can hold them. */
static char long_path[4000];
static const gid_t groups[] = { 0, 1, 2, 3, 4, 5, 100, 1000, 65534 };
static const unsigned int cpus[] = { 0, 1, 2, 3 };
static const int fds[] = { 0, 1, 2, 7, 100 };

static int add_setsid(struct egg *e) { return egg_setsid(e); }
static int add_setpgid(struct egg *e) { return egg_setpgid(e, 0); }
static int add_open(struct egg *e) { return egg_open(e, 3, long_path, O_RDONLY, 0); }
static int add_dup2(struct egg *e) { return egg_dup2(e, 1, 2); }
static int add_close_range(struct egg *e) { return egg_close_range(e, 3, ~0U, 0); }
static int add_close(struct egg *e) { return egg_close(e, 4); }
static int add_chdir(struct egg *e) { return egg_chdir(e, long_path); }
static int add_fchdir(struct egg *e) { return egg_fchdir(e, 5); }
static int add_umask(struct egg *e) { return egg_umask(e, 077); }
static int add_setgroups(struct egg *e) { return egg_setgroups(e, 9, groups); }
static int add_setgid(struct egg *e) { return egg_setgid(e, 100); }
static int add_setresgid(struct egg *e) { return egg_setresgid(e, 1, 2, 3); }
static int add_setuid(struct egg *e) { return egg_setuid(e, 100); }
static int add_setresuid(struct egg *e) { return egg_setresuid(e, 1, 2, 3); }
static int add_capset(struct egg *e) { return egg_capset(e, 1, 3, 0); }
static int add_ambient_raise(struct egg *e) { return egg_ambient_raise(e, 10); }
static int add_ambient_clear(struct egg *e) { return egg_ambient_clear(e); }
static int add_bounding_drop(struct egg *e) { return egg_bounding_drop(e, 21); }
static int add_keepcaps(struct egg *e) { return egg_keepcaps(e, 1); }
static int add_securebits(struct egg *e) { return egg_securebits(e, 0); }
static int add_no_new_privs(struct egg *e) { return egg_no_new_privs(e); }
static int add_pdeathsig(struct egg *e) { return egg_pdeathsig(e, 9); }
static int add_setpriority(struct egg *e) { return egg_setpriority(e, 10); }
static int add_affinity(struct egg *e) { return egg_sched_setaffinity(e, 4, cpus); }
static int add_scheduler(struct egg *e) { return egg_sched_setscheduler(e, 0, 0); }
static int add_setctty(struct egg *e) { return egg_setctty(e, 0); }
static int add_tcsetpgrp(struct egg *e) { return egg_tcsetpgrp(e, 0); }
static int add_dup3(struct egg *e) { return egg_dup3(e, 1, 9, 1); }
static int add_cloexec(struct egg *e) { return egg_cloexec(e, 1, 0); }
static int add_keep(struct egg *e) { return egg_keep(e, 5, fds); }
static int add_unshare(struct egg *e) { return egg_unshare(e, 0x20000 /* CLONE_NEWNS */); }
static int add_chroot(struct egg *e) { return egg_chroot(e, long_path); }
static int add_sethostname(struct egg *e) { return egg_sethostname(e, "host"); }
static int add_sigignore(struct egg *e) { return egg_sigignore(e, &(sigset_t){ 0 }); }
static int add_sched_setparam(struct egg *e) { return egg_sched_setparam(e, 0); }
static int add_fa_close(struct egg *e) { return egg_fa_close(e, 3); }
static int add_fa_open(struct egg *e) { return egg_fa_open(e, 0, long_path, 0, 0); }

static int add_setrlimit(struct egg *e)
{
	struct rlimit rl = { 100, 200 };

	return egg_setrlimit(e, 7 /* RLIMIT_NOFILE */, &rl);
}

static int add_sigmask(struct egg *e)
{
	sigset_t set;

	sigfillset(&set);
	return egg_sigmask(e, &set);
}

static int add_sigdefault(struct egg *e)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	return egg_sigdefault(e, &set);
}

static int add_capset_text(struct egg *e)
{
	return egg_capset_text(e, "cap_chown,cap_kill=eip");
}

/* egg_append with a decoded instruction, as a copying tool would use it. */
static int add_append(struct egg *e)
{
	int armed = fail_armed, err;
	struct egg_insn insn;
	struct egg *src;
	size_t off = 0;

	fail_armed = 0;
	src = egg_new();
	ck_assert_int_eq(egg_setgroups(src, 9, groups), 0);
	ck_assert_int_eq(egg_decode(egg_data(src), egg_size(src), &off, &insn), 0);
	fail_armed = armed;
	err = egg_append(e, &insn);
	fail_armed = 0;
	egg_free(src);
	fail_armed = armed;
	return err;
}

struct builder_case {
	const char *name;
	unsigned int opcode;
	int (*add)(struct egg *e);
};

static const struct builder_case cases[] = {
	{ "setsid", EGG_OP_SETSID, add_setsid },
	{ "setpgid", EGG_OP_SETPGID, add_setpgid },
	{ "open", EGG_OP_OPEN, add_open },
	{ "dup2", EGG_OP_DUP2, add_dup2 },
	{ "close_range", EGG_OP_CLOSE_RANGE, add_close_range },
	{ "setrlimit", EGG_OP_SETRLIMIT, add_setrlimit },
	{ "close", EGG_OP_CLOSE, add_close },
	{ "chdir", EGG_OP_CHDIR, add_chdir },
	{ "fchdir", EGG_OP_FCHDIR, add_fchdir },
	{ "umask", EGG_OP_UMASK, add_umask },
	{ "sigmask", EGG_OP_SIGMASK, add_sigmask },
	{ "sigdefault", EGG_OP_SIGDEFAULT, add_sigdefault },
	{ "setgroups", EGG_OP_SETGROUPS, add_setgroups },
	{ "setgid", EGG_OP_SETGID, add_setgid },
	{ "setresgid", EGG_OP_SETRESGID, add_setresgid },
	{ "setuid", EGG_OP_SETUID, add_setuid },
	{ "setresuid", EGG_OP_SETRESUID, add_setresuid },
	{ "capset", EGG_OP_CAPSET, add_capset },
	{ "capset_text", EGG_OP_CAPSET, add_capset_text },
	{ "ambient_raise", EGG_OP_AMBIENT_RAISE, add_ambient_raise },
	{ "ambient_clear", EGG_OP_AMBIENT_CLEAR, add_ambient_clear },
	{ "bounding_drop", EGG_OP_BOUNDING_DROP, add_bounding_drop },
	{ "keepcaps", EGG_OP_KEEPCAPS, add_keepcaps },
	{ "securebits", EGG_OP_SECUREBITS, add_securebits },
	{ "no_new_privs", EGG_OP_NO_NEW_PRIVS, add_no_new_privs },
	{ "pdeathsig", EGG_OP_PDEATHSIG, add_pdeathsig },
	{ "setpriority", EGG_OP_SETPRIORITY, add_setpriority },
	{ "sched_setaffinity", EGG_OP_SCHED_SETAFFINITY, add_affinity },
	{ "sched_setscheduler", EGG_OP_SCHED_SETSCHEDULER, add_scheduler },
	{ "setctty", EGG_OP_SETCTTY, add_setctty },
	{ "tcsetpgrp", EGG_OP_TCSETPGRP, add_tcsetpgrp },
	{ "dup3", EGG_OP_DUP3, add_dup3 },
	{ "cloexec", EGG_OP_CLOEXEC, add_cloexec },
	{ "keep", EGG_OP_KEEP, add_keep },
	{ "unshare", EGG_OP_UNSHARE, add_unshare },
	{ "chroot", EGG_OP_CHROOT, add_chroot },
	{ "sethostname", EGG_OP_SETHOSTNAME, add_sethostname },
	{ "sigignore", EGG_OP_SIGIGNORE, add_sigignore },
	{ "sched_setparam", EGG_OP_SCHED_SETPARAM, add_sched_setparam },
	{ "fa_close", EGG_OP_FA_CLOSE, add_fa_close },
	{ "fa_open", EGG_OP_FA_OPEN, add_fa_open },
	{ "append", EGG_OP_SETGROUPS, add_append },
};


static void setup(void)
{
	memset(long_path, 'p', sizeof(long_path) - 1);
	long_path[0] = '/';
	fail_armed = 0;
	fail_hits = 0;
}

/* An egg with no spare room: setsid (one byte) until the buffer would
 * have to grow, found by arming the failure, whatever the growth policy. */
static struct egg *full_egg(void)
{
	struct egg *egg = egg_new();
	int i, err = 0;

	ck_assert_ptr_nonnull(egg);
	ck_assert_int_eq(egg_setsid(egg), 0);
	fail_armed = 1;
	for (i = 0; i < 1 << 20 && !(err = egg_setsid(egg)); i++)
		;
	fail_armed = 0;
	ck_assert_int_eq(err, ENOMEM);
	ck_assert_uint_eq(fail_hits, 1);
	fail_hits = 0;
	return egg;
}

/* The last instruction of the egg is the case's op. */
static void check_last_op(const struct egg *egg, unsigned int opcode)
{
	struct egg_insn insn = { 0 };
	size_t off = 0;

	ck_assert_int_eq(egg_validate(egg_data(egg), egg_size(egg), NULL), 0);
	while (off < egg_size(egg))
		ck_assert_int_eq(egg_decode(egg_data(egg), egg_size(egg), &off, &insn), 0);
	ck_assert_uint_eq(insn.opcode, opcode);
}

START_TEST(builder_enomem)
{
	const struct builder_case *c = &cases[_i];
	struct egg *egg = full_egg();
	size_t size = egg_size(egg), count = egg_count(egg);
	unsigned char *before = malloc(size);
	int err;

	ck_assert_ptr_nonnull(before);
	memcpy(before, egg_data(egg), size);
	fail_armed = 1;
	errno = EDOM;
	err = c->add(egg);
	ck_assert_msg(errno == EDOM, "%s: errno changed to %d", c->name, errno);
	fail_armed = 0;
	ck_assert_msg(err == ENOMEM, "%s: got %d (%s)", c->name, err, strerror(err));
	ck_assert_msg(fail_hits > 0, "%s: failed without asking for memory", c->name);
	ck_assert_uint_eq(egg_size(egg), size);
	ck_assert_uint_eq(egg_count(egg), count);
	ck_assert_msg(memcmp(egg_data(egg), before, size) == 0, "%s: bytes changed", c->name);
	/* Memory back: the same call works and appends the one instruction. */
	ck_assert_int_eq(c->add(egg), 0);
	fail_armed = 0;
	ck_assert_uint_eq(egg_count(egg), count + 1);
	ck_assert_msg(memcmp(egg_data(egg), before, size) == 0, "%s: prefix changed", c->name);
	check_last_op(egg, c->opcode);
	free(before);
	egg_free(egg);
}
END_TEST

START_TEST(egg_new_enomem)
{
	struct egg *egg;

	fail_armed = 1;
	egg = egg_new();
	fail_armed = 0;
	ck_assert_ptr_null(egg);
	ck_assert_uint_eq(fail_hits, 1);
}
END_TEST

START_TEST(reset_keeps_buffer)
{
	/* After a reset the buffer is reused: refilling needs no memory. */
	struct egg *egg = full_egg();
	size_t size = egg_size(egg), i;

	ck_assert_int_eq(egg_reset(egg), 0);
	fail_armed = 1;
	for (i = 0; i < size; i++)
		ck_assert_int_eq(egg_setsid(egg), 0);
	ck_assert_int_eq(egg_setsid(egg), ENOMEM);
	fail_armed = 0;
	ck_assert_uint_eq(egg_size(egg), size);
	egg_free(egg);
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("fault-alloc");
	TCase *tc = t_tcase(s, "alloc", 60);

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, builder_enomem, 0, T_ARRAY_SIZE(cases));
	tcase_add_test(tc, egg_new_enomem);
	tcase_add_test(tc, reset_keeps_buffer);
	return s;
}

int main(void)
{
	return t_run(alloc_suite());
}
