/* SPDX-License-Identifier: MIT */
/*
 * libegg on musl.  Check is not built for musl, so this program tests by
 * hand, printing one "ok"/"not ok" line per check (TAP), and exits 1 if
 * any failed.  tests/hardening-musl.sh builds the library and this program
 * with musl-gcc, statically, and runs it.  It covers what differs from
 * glibc: sfork's use of the C library (TLS, errno, pthread keys), signal
 * handling around the child, and the spawn path with its fault reports.
 * It uses only the public API.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

static int failures, checks;
static char *argv_true[] = { "true", NULL };
static pid_t parent_pid;
static volatile pid_t handler_pid;	/* who ran the handler last */

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", checks, what);
	fflush(stdout);
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 256 + WTERMSIG(status);
}

static void test_sfork_exit(void)
{
	volatile int x = 1;	/* sfork returns twice: keep it out of registers */
	int r;

	r = sfork();
	if (r == 0) {
		x = 2;	/* shared memory: the parent sees it */
		r = sfork_exit(42);
	}
	check(r > 0 && x == 2, "sfork, sfork_exit: back in the parent, memory shared");
	check(wait_status(r) == 42, "the child's status");
	check(sfork_exit(0) == -EINVAL, "sfork_exit outside a child is EINVAL");
}

static void test_sfork_exec(void)
{
	volatile int err = 0;
	int r;

	r = sfork();
	if (r == 0) {
		err = sfork_execveat(AT_FDCWD, "/nonexistent/prog", argv_true, NULL, 0);
		r = sfork_execveat(AT_FDCWD, "/bin/true", argv_true, NULL, 0);
		if (r < 0)
			r = sfork_exit(99);
	}
	check(err == -ENOENT, "a failed sfork_execveat stays in the child");
	check(r > 0 && wait_status(r) == 0, "sfork_execveat: the pid, the program ran");
}

static int nest(int depth)
{
	int r = sfork();

	if (r == 0) {
		if (depth > 1 && wait_status(nest(depth - 1)) != depth - 1)
			r = sfork_exit(100);
		else
			r = sfork_exit(depth);
	}
	return r;
}

static void test_nesting(void)
{
	check(wait_status(nest(SFORK_MAX_DEPTH)) == SFORK_MAX_DEPTH % 256,
	      "nesting to SFORK_MAX_DEPTH, each level's status");
}

static void test_owner_dead(void)
{
	int r, saved;

	errno = EDOM;
	r = sfork();
	if (r == 0)
		syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
	saved = errno;
	check(r == -EOWNERDEAD, "a child killed before exec: sfork returns -EOWNERDEAD");
	check(saved == EDOM, "errno intact");
	check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "and it was reaped");
}

static void on_usr1(int sig)
{
	handler_pid = (pid_t)syscall(SYS_getpid);
}

static void test_signals(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t mask, now;
	int r;

	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	handler_pid = 0;
	r = sfork();
	if (r == 0) {
		/* Blocked in the child: pending, and it dies with it. */
		syscall(SYS_kill, syscall(SYS_getpid), SIGUSR1);
		r = sfork_exit(0);
	}
	check(r > 0 && wait_status(r) == 0, "a signal to the child in sfork");
	check(handler_pid == 0, "our handler did not run in the child");
	sigprocmask(SIG_BLOCK, NULL, &now);
	check(sigismember(&now, SIGUSR2) == 1 && sigismember(&now, SIGUSR1) == 0,
	      "the caller's mask is back");
	raise(SIGUSR1);
	check(handler_pid == parent_pid, "and the handler still runs in the parent");
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Runs file (PATH search) under the egg, with its stdout in a temporary
 * file, and reads that into buf; 0 if it ran and exited 0. */
static int spawn_capture(struct egg *egg, const char *file, char *const argv[], char *buf,
			 size_t size)
{
	char out[] = "/tmp/egg-musl-XXXXXX";
	struct egg_fault f;
	struct egg *full = egg_new();
	struct egg_insn insn;
	size_t off = 0;
	pid_t pid;
	int fd, err;

	fd = mkstemp(out);
	close(fd);
	buf[0] = '\0';
	egg_open(full, 1, out, O_WRONLY | O_TRUNC, 0);
	while (egg_decode(egg_data(egg), egg_size(egg), &off, &insn) == 0)
		egg_append(full, &insn);
	err = egg_spawnp(&pid, file, egg_data(full), egg_size(full), argv, NULL, &f);
	if (!err && wait_status(pid) != 0)
		err = ECHILD;
	if (!err && read_file(out, buf, size) != 0)
		err = EIO;
	unlink(out);
	egg_free(full);
	return err;
}

/* What the programs saw is what the egg set up.  (The mask is shown by
 * grep, not the shell: dash clears its signal mask when it starts.) */
static void test_spawn_ops(void)
{
	char *sh_argv[] = { "sh", "-c", "pwd; umask", NULL };
	char *grep_argv[] = { "grep", "SigBlk", "/proc/self/status", NULL };
	struct egg *egg = egg_new();
	char buf[512];
	sigset_t set;
	int err;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);	/* bit 11: SigBlk ...800 */
	egg_chdir(egg, "/");
	egg_umask(egg, 027);
	egg_sigmask(egg, &set);
	egg_close_range(egg, 3, ~0U, 0);
	check(egg_count(egg) == 4, "the builder took four ops");
	err = spawn_capture(egg, "sh", sh_argv, buf, sizeof(buf));
	check(!err && !strcmp(buf, "/\n0027\n"), "egg_spawn with chdir and umask: sh saw them");
	if (strcmp(buf, "/\n0027\n"))
		printf("# error %d; sh saw:\n%s", err, buf);
	err = spawn_capture(egg, "grep", grep_argv, buf, sizeof(buf));
	check(!err && !strcmp(buf, "SigBlk:\t0000000000000800\n"),
	      "egg_spawn with sigmask: grep starts with SIGUSR2 blocked");
	if (strcmp(buf, "SigBlk:\t0000000000000800\n"))
		printf("# error %d; grep saw:\n%s", err, buf);
	egg_free(egg);
}

static void test_faults(void)
{
	struct egg *egg = egg_new();
	struct egg_fault f;
	size_t at;
	pid_t pid = -7;
	int err;
	static const unsigned char bad[] = { 0x01, 0x81, 0x00 };

	egg_umask(egg, 022);
	at = egg_size(egg);
	egg_open(egg, 3, "/nonexistent/file", O_RDONLY, 0);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	check(err == ENOENT && f.index == 1 && f.opcode == EGG_OP_OPEN && f.offset == at &&
	      f.error == ENOENT && pid == -7, "an op fails: its index, opcode and offset");
	egg_reset(egg);
	egg_setsid(egg);
	err = egg_spawn(&pid, "/nonexistent/prog", egg_data(egg), egg_size(egg), argv_true, NULL,
			&f);
	check(err == ENOENT && f.index == 1 && f.opcode == 0 && f.offset == egg_size(egg),
	      "the exec fails: index = instruction count");
	err = egg_spawn(&pid, "/bin/true", bad, sizeof(bad), argv_true, NULL, &f);
	check(err == EINVAL && f.offset == 2, "an invalid egg: EINVAL at the bad byte");
	check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "no child left behind");
	egg_free(egg);
}

static void test_spawnp_pidfd(void)
{
	pid_t pid;
	int pidfd = -1, err;

	check(egg_spawnp(&pid, "true", NULL, 0, argv_true, NULL, NULL) == 0 &&
	      wait_status(pid) == 0, "egg_spawnp finds true on PATH");
	err = egg_pidfd_spawn(&pidfd, "/bin/true", NULL, 0, argv_true, NULL, NULL);
	if (err == ENOSYS) {
		printf("# no clone3 here: egg_pidfd_spawn not checked\n");
		return;
	}
	check(err == 0 && pidfd >= 0 && (fcntl(pidfd, F_GETFD) & FD_CLOEXEC),
	      "egg_pidfd_spawn: a close-on-exec pidfd");
	check(wait_status(-1) == 0, "its child ran");
	close(pidfd);
}

static void test_decode(void)
{
	struct egg *egg = egg_new(), *copy = egg_new();
	static const gid_t groups[] = { 4, 27, 100 };
	struct egg_insn insn;
	size_t off = 0;
	int ok = 1;

	egg_setgroups(egg, 3, groups);
	egg_chroot(egg, "/srv");
	egg_setpriority(egg, -5);
	while (egg_decode(egg_data(egg), egg_size(egg), &off, &insn) == 0)
		ok &= egg_append(copy, &insn) == 0;
	check(ok && egg_size(copy) == egg_size(egg) &&
	      !memcmp(egg_data(copy), egg_data(egg), egg_size(egg)),
	      "decode and append give the same bytes");
	egg_free(egg);
	egg_free(copy);
}

int main(void)
{
	parent_pid = getpid();
	test_sfork_exit();
	test_sfork_exec();
	test_nesting();
	test_owner_dead();
	test_signals();
	test_spawn_ops();
	test_faults();
	test_spawnp_pidfd();
	test_decode();
	printf("1..%d\n", checks);
	return failures ? 1 : 0;
}
