/* SPDX-License-Identifier: MIT */
/*
 * EGG_SPAWN_NOSIGCHLD: the caller's child is a keeper that never execs and
 * mirrors the program's end.  While a thread loops on waitpid(-1) and a
 * signalfd counts SIGCHLD, spawns with the flag are never stolen and send
 * none (and without it, they are and do: the race is real); the keeper
 * ends as the program did (exit 0 and 3, SIGTERM, SIGABRT without the
 * core flag); a kill of the keeper reaches the program, a SIGKILL takes it
 * down; faults keep their stage and index and leave no child, fd or
 * mapping; egg_pclose() gets the right status while another thread waits
 * for any child; the same without clone3 and close_range (seccomp).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"
#include "sanitizer-skip.h"
#include "seccomp-util.h"

#define RACE_SPAWNS 1000
#define CONTROL_SPAWNS 200
#define CONTROL_ROUNDS 10
#define PCLOSES 200

static char *const true_argv[] = { "true", NULL };

/* Spawns sh -c script with the flag, and reaps the keeper: its status. */
static int kept_status(const char *script)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	int status = -1;
	pid_t pid;

	ck_assert_int_eq(egg_spawnx(&pid, NULL, AT_FDCWD, "/bin/sh", NULL, 0, argv, NULL,
				    EGG_SPAWN_NOSIGCHLD, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &status, __WALL), pid);
	return status;
}

/* Linux 5.16 or later: a keeper may die by a signal that dumps core
 * without taking the caller along; before, it exits 128 + the signal. */
static int core_signals_mirrored(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_eq(sscanf(u.release, "%d.%d", &major, &minor), 2);
	return major > 5 || (major == 5 && minor >= 16);
}

static void expect_statuses_mirrored(void)
{
	int st;

	st = kept_status("exit 0");
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = kept_status("exit 3");
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	st = kept_status("kill -TERM $$");
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %#x", st);
	/* A signal whose default dumps core: the keeper never dumps. */
	st = kept_status("kill -ABRT $$");
	if (core_signals_mirrored()) {
		ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "status %#x", st);
		ck_assert(!WCOREDUMP(st));
	} else {
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGABRT);
	}
	t_assert_no_child();
}

START_TEST(the_keeper_ends_as_the_program_did)
{
	expect_statuses_mirrored();
}
END_TEST

/* A caller that ignores SIGCHLD: the kernel would reap the program at
 * once for a keeper that ignored it too, which would then wait for ever.
 * The keeper does not; the program still gets SIGCHLD ignored. */
START_TEST(a_caller_ignoring_sigchld_is_served)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	pid_t pid;
	int st;

	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	ck_assert(signal(SIGCHLD, SIG_IGN) != SIG_ERR);
	st = kept_status("exit 3");
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	ck_assert_int_eq(egg_spawnx(&pid, NULL, AT_FDCWD, t_build_path("tests/probe"), NULL,
				    0, argv, NULL, EGG_SPAWN_NOSIGCHLD, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &st, __WALL), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	t_probe_parse(&p, t_read_file(p.out, NULL));
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (1ULL << (SIGCHLD - 1)),
			  1ULL << (SIGCHLD - 1));
}
END_TEST

/* What a thread that waits for any child sees while spawns run. */
struct thief {
	pthread_t thread;
	int sigfd;
	volatile int stop;
	unsigned long stolen;
	unsigned long sigchld;
};

static void *thief_main(void *arg)
{
	struct thief *t = arg;
	struct signalfd_siginfo si;

	while (!t->stop) {
		if (waitpid(-1, NULL, WNOHANG) > 0)
			t->stolen++;
		while (read(t->sigfd, &si, sizeof(si)) == sizeof(si))
			t->sigchld++;
	}
	return NULL;
}

/* SIGCHLD blocked here before the thread starts, so in every thread: it
 * stays pending for the signalfd. */
static void thief_start(struct thief *t)
{
	sigset_t chld;

	memset(t, 0, sizeof(*t));
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, &chld, NULL), 0);
	t->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	ck_assert_int_ge(t->sigfd, 0);
	ck_assert_int_eq(pthread_create(&t->thread, NULL, thief_main, t), 0);
}

static void thief_stop(struct thief *t)
{
	struct signalfd_siginfo si;

	t->stop = 1;
	ck_assert_int_eq(pthread_join(t->thread, NULL), 0);
	while (read(t->sigfd, &si, sizeof(si)) == sizeof(si))
		t->sigchld++;
	close(t->sigfd);
}

/* n spawns of true, each reaped by its pid (with __WALL, as a keeper
 * needs); the ones the thief took first fail with ECHILD. */
static void spawn_and_reap(unsigned int n, unsigned int flags)
{
	unsigned int i;
	pid_t pid;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(egg_spawnx(&pid, NULL, AT_FDCWD, "/bin/true", NULL, 0,
					    true_argv, NULL, flags, NULL), 0);
		if (waitpid(pid, NULL, __WALL) < 0)
			ck_assert_int_eq(errno, ECHILD);
	}
}

START_TEST(wait_any_never_steals_a_kept_child)
{
	struct thief t;

	thief_start(&t);
	spawn_and_reap(RACE_SPAWNS, EGG_SPAWN_NOSIGCHLD);
	thief_stop(&t);
	ck_assert_uint_eq(t.stolen, 0);
	ck_assert_uint_eq(t.sigchld, 0);
	t_assert_no_child();
}
END_TEST

/* The control: without the flag, the same loop sees children or their
 * SIGCHLD; rounds are bounded, and each gives the thief many chances. */
START_TEST(without_the_flag_wait_any_sees_them)
{
	unsigned int round;
	struct thief t;

	thief_start(&t);
	for (round = 0; round < CONTROL_ROUNDS && !t.stolen && !t.sigchld; round++)
		spawn_and_reap(CONTROL_SPAWNS, 0);
	thief_stop(&t);
	ck_assert_msg(t.stolen || t.sigchld, "no child stolen, no SIGCHLD in %u rounds", round);
}
END_TEST

/* sh -c script with the flag, its stdout on a pipe: the shell's pid, read
 * from the pipe, which the script must echo first. */
static pid_t spawn_echoing(const char *script, pid_t *keeper)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	struct egg *e = t_egg();
	char buf[32] = "";
	int fds[2];
	ssize_t n;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(egg_dup2(e, fds[1], 1), 0);
	ck_assert_int_eq(egg_spawnx(keeper, NULL, AT_FDCWD, "/bin/sh", egg_data(e),
				    egg_size(e), argv, NULL, EGG_SPAWN_NOSIGCHLD, NULL), 0);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	close(fds[0]);
	egg_free(e);
	return (pid_t)atoi(buf);
}

START_TEST(a_signal_to_the_keeper_reaches_the_program)
{
	pid_t keeper, program;
	int st;

	/* The shell waits for sleep, and ends by SIGTERM once it has it. */
	program = spawn_echoing("echo $$; exec sleep 100", &keeper);
	ck_assert_int_gt(program, 0);
	ck_assert_int_ne(program, keeper);
	ck_assert_int_eq(kill(keeper, SIGTERM), 0);
	ck_assert_int_eq(waitpid(keeper, &st, __WALL), keeper);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %#x", st);
	t_assert_no_child();
}
END_TEST

/* sigqueue() to the keeper: the program gets the value and the sender's
 * pid, as if it had been sent the signal itself. */
START_TEST(a_queued_value_reaches_the_program)
{
	char *argv[] = { "sfork-helper", "siginfo", NULL };
	const union sigval value = { .sival_int = 4242 };
	struct egg *e = t_egg();
	char buf[128] = "", want[64];
	size_t got = 0;
	pid_t keeper;
	ssize_t n;
	int fds[2], st;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(egg_dup2(e, fds[1], 1), 0);
	ck_assert_int_eq(egg_spawnx(&keeper, NULL, AT_FDCWD, t_build_path("tests/sfork-helper"),
				    egg_data(e), egg_size(e), argv, NULL, EGG_SPAWN_NOSIGCHLD,
				    NULL), 0);
	close(fds[1]);
	/* Only once it blocked SIGUSR1: its default would end it. */
	while (!strchr(buf, '\n') && (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	ck_assert_str_eq(buf, "ready\n");
	ck_assert_int_eq(sigqueue(keeper, SIGUSR1, value), 0);
	while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fds[0]);
	snprintf(want, sizeof(want), "ready\ncode=%d value=4242 pid=%d\n", SI_QUEUE,
		 (int)getpid());
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(waitpid(keeper, &st, __WALL), keeper);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	egg_free(e);
	t_assert_no_child();
}
END_TEST

/* Waits (10 s at most) until no process has pid. */
static int gone(pid_t pid)
{
	int i;

	for (i = 0; i < 1000; i++) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 1;
		usleep(10000);
	}
	return 0;
}

START_TEST(sigkill_to_the_keeper_takes_the_program_down)
{
	pid_t keeper, program;
	int st;

	program = spawn_echoing("echo $$; exec sleep 100", &keeper);
	ck_assert_int_gt(program, 0);
	ck_assert_int_eq(kill(keeper, SIGKILL), 0);
	ck_assert_int_eq(waitpid(keeper, &st, __WALL), keeper);
	ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	ck_assert_msg(gone(program), "the program %d outlived its keeper", (int)program);
}
END_TEST

/* The mappings in /proc/self/maps. */
static size_t count_maps(void)
{
	char *text = t_read_file("/proc/self/maps", NULL), *p;
	size_t n = 0;

	for (p = text; *p; p++)
		n += *p == '\n';
	free(text);
	return n;
}

/* An async spawn with the flag that fails: the fault as wanted, and
 * nothing left. */
static void expect_kept_fault(const char *path, const struct egg *e, int error,
			      enum egg_stage stage, size_t index)
{
	struct pollfd p = { .events = POLLIN };
	struct egg_child *c;
	struct egg_fault f;
	int err;

	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, path, egg_data(e), egg_size(e), true_argv,
				    NULL, EGG_SPAWN_NOSIGCHLD), 0);
	p.fd = egg_child_fd(c);
	while ((err = egg_child_result(c, NULL, NULL, &f)) == EINPROGRESS)
		ck_assert_int_eq(poll(&p, 1, -1), 1);
	ck_assert_int_eq(err, error);
	ck_assert_int_eq(f.error, error);
	ck_assert_int_eq(f.stage, stage);
	ck_assert_uint_eq(f.index, index);
	egg_child_free(c);
}

START_TEST(faults_keep_their_stage_and_leave_nothing)
{
	char *before = t_fd_table();
	struct egg *e = t_egg();
	size_t maps;

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_close(e, 700), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	/* A first round, so that whatever the C library maps once is. */
	expect_kept_fault("/bin/true", e, EBADF, EGG_STAGE_OP, 1);
	maps = count_maps();
	expect_kept_fault("/bin/true", e, EBADF, EGG_STAGE_OP, 1);
	egg_free(e);
	e = t_egg();
	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	expect_kept_fault("/nonexistent/program", e, ENOENT, EGG_STAGE_EXEC, 2);
	/* AddressSanitizer's allocator maps as it goes. */
	if (!EGG_TEST_ASAN)
		ck_assert_uint_eq(count_maps(), maps);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

/* Freed while the egg blocks on a FIFO: keeper and program are gone, and
 * so is the mapping, once the next sweep ran. */
START_TEST(free_before_the_result_leaves_nothing)
{
	const char *fifo = t_tmpname("fifo");
	char *before = t_fd_table();
	struct egg *e = t_egg();
	struct egg_child *c;
	size_t maps;
	int round;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(egg_open(e, 5, fifo, O_RDONLY, 0), 0);
	for (round = 0; round < 2; round++) {
		if (round == 1)
			maps = count_maps();
		ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", egg_data(e), egg_size(e),
					    true_argv, NULL, EGG_SPAWN_NOSIGCHLD), 0);
		usleep(20000);
		egg_child_free(c);
	}
	if (!EGG_TEST_ASAN)
		ck_assert_uint_eq(count_maps(), maps);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

/* Many spawns, each keeper reaped by the caller: once a sweep has run
 * (here the last egg_child_free), no keeper's mapping is left. */
START_TEST(many_keepers_leave_no_mapping)
{
	struct pollfd p = { .events = POLLIN };
	struct egg_child *c;
	size_t maps;
	pid_t pid;
	int i;

	for (i = 0; i < 1000; i++) {
		if (i == 1)
			maps = count_maps();
		ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", NULL, 0, true_argv, NULL,
					    EGG_SPAWN_NOSIGCHLD), 0);
		p.fd = egg_child_fd(c);
		while (egg_child_result(c, &pid, NULL, NULL) == EINPROGRESS)
			ck_assert_int_eq(poll(&p, 1, -1), 1);
		ck_assert_int_eq(waitpid(pid, NULL, __WALL), pid);
		egg_child_free(c);
	}
	if (!EGG_TEST_ASAN)
		ck_assert_uint_eq(count_maps(), maps);
	t_assert_no_child();
}
END_TEST

/* A child of fork() unmaps its copies of the live keepers' mappings: the
 * kernel would never clear their tid, and no sweep could free them. */
START_TEST(a_forked_child_drops_the_keepers_mappings)
{
	char *sleep_argv[] = { "sh", "-c", "exec sleep 100", NULL };
	struct pollfd p = { .events = POLLIN };
	size_t before, with_keeper;
	struct egg_child *c;
	pid_t keeper, child;
	int st;

	/* A first round, so that what is mapped once (the cached child
	 * stack) is, and its keeper's mapping is gone again: its
	 * egg_child_free() sweeps once the keeper is reaped. */
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", NULL, 0, true_argv, NULL,
				    EGG_SPAWN_NOSIGCHLD), 0);
	p.fd = egg_child_fd(c);
	while (egg_child_result(c, &keeper, NULL, NULL) == EINPROGRESS)
		ck_assert_int_eq(poll(&p, 1, -1), 1);
	ck_assert_int_eq(waitpid(keeper, NULL, __WALL), keeper);
	egg_child_free(c);
	before = count_maps();
	ck_assert_int_eq(egg_spawnx(&keeper, NULL, AT_FDCWD, "/bin/sh", NULL, 0, sleep_argv,
				    NULL, EGG_SPAWN_NOSIGCHLD, NULL), 0);
	with_keeper = count_maps();
	/* AddressSanitizer's allocator maps as it goes. */
	if (!EGG_TEST_ASAN)
		ck_assert_uint_gt(with_keeper, before);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(EGG_TEST_ASAN || count_maps() == before ? 0 : 1);
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "the forked child kept its copy of the keeper's mapping");
	if (!EGG_TEST_ASAN)
		ck_assert_uint_eq(count_maps(), with_keeper);
	ck_assert_int_eq(kill(keeper, SIGTERM), 0);
	ck_assert_int_eq(waitpid(keeper, &st, __WALL), keeper);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %#x", st);
	t_assert_no_child();
}
END_TEST

static void *wait_any_loop(void *arg)
{
	struct thief *t = arg;

	while (!t->stop)
		if (waitpid(-1, NULL, WNOHANG) > 0)
			t->stolen++;
	return NULL;
}

/* Another thread loops on waitpid(-1) while fn runs n times. */
static void with_wait_any(void (*fn)(void), int n)
{
	struct thief t = { 0 };
	int i;

	ck_assert_int_eq(pthread_create(&t.thread, NULL, wait_any_loop, &t), 0);
	for (i = 0; i < n; i++)
		fn();
	t.stop = 1;
	ck_assert_int_eq(pthread_join(t.thread, NULL), 0);
	ck_assert_uint_eq(t.stolen, 0);
}

static void popen_exit_7(void)
{
	char line[16];
	FILE *f;

	f = egg_popen("echo hi; exit 7", "r", NULL, 0, NULL);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "hi\n");
	ck_assert_int_eq(egg_pclose(f), 7 << 8);
}

/* #17: egg_pclose() cannot lose its child to another thread's wait(-1). */
START_TEST(pclose_gets_the_status_while_another_thread_waits)
{
	with_wait_any(popen_exit_7, PCLOSES);
}
END_TEST

static void system_exit_5(void)
{
	ck_assert_int_eq(egg_system("exit 5", NULL, 0, NULL), 5 << 8);
}

/* egg_system() waits in the calling thread, where the same can happen. */
START_TEST(system_gets_the_status_while_another_thread_waits)
{
	with_wait_any(system_exit_5, PCLOSES);
}
END_TEST

/* A kernel before 5.3 (no clone3) and 5.9 (no close_range): the keeper is
 * made with clone and closes its fds one by one; the rest holds. */
START_TEST(without_clone3_and_close_range_the_same)
{
	const struct seccomp_enosys k = { .clone3 = ENOSYS, .close_range = ENOSYS };
	struct thief t;

	ck_assert_int_eq(seccomp_enosys_install(&k), 0);
	expect_statuses_mirrored();
	thief_start(&t);
	spawn_and_reap(100, EGG_SPAWN_NOSIGCHLD);
	thief_stop(&t);
	ck_assert_uint_eq(t.stolen, 0);
	ck_assert_uint_eq(t.sigchld, 0);
}
END_TEST

/* Valgrind copies the memory for a clone that shares it: there is no
 * keeper, and the flag is refused rather than half done. */
START_TEST(a_copied_memory_refuses_the_flag)
{
	struct egg_fault f;
	pid_t pid;

	if (!RUNNING_ON_VALGRIND)
		return;
	ck_assert_int_eq(egg_spawnx(&pid, NULL, AT_FDCWD, "/bin/true", NULL, 0, true_argv,
				    NULL, EGG_SPAWN_NOSIGCHLD, &f), ENOTSUP);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	t_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg_nosigchld");
	TCase *tc;

	tc = t_tcase(s, "keeper", 120);
	if (RUNNING_ON_VALGRIND) {
		tcase_add_test(tc, a_copied_memory_refuses_the_flag);
		return t_run(s);
	}
	tcase_add_test(tc, the_keeper_ends_as_the_program_did);
	tcase_add_test(tc, a_caller_ignoring_sigchld_is_served);
	tcase_add_test(tc, a_signal_to_the_keeper_reaches_the_program);
	tcase_add_test(tc, a_queued_value_reaches_the_program);
	tcase_add_test(tc, sigkill_to_the_keeper_takes_the_program_down);
	tcase_add_test(tc, faults_keep_their_stage_and_leave_nothing);
	tcase_add_test(tc, free_before_the_result_leaves_nothing);
	tcase_add_test(tc, a_forked_child_drops_the_keepers_mappings);
	tcase_add_test(tc, without_clone3_and_close_range_the_same);
	tc = t_tcase(s, "race", 600);
	tcase_add_test(tc, wait_any_never_steals_a_kept_child);
	tcase_add_test(tc, without_the_flag_wait_any_sees_them);
	tcase_add_test(tc, many_keepers_leave_no_mapping);
	tcase_add_test(tc, pclose_gets_the_status_while_another_thread_waits);
	tcase_add_test(tc, system_gets_the_status_while_another_thread_waits);
	return t_run(s);
}
