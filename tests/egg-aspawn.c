/* SPDX-License-Identifier: MIT */
/*
 * egg_aspawn(): it returns while the egg still runs (an open of a FIFO that
 * blocks); every fault class is reported by egg_child_result() with its
 * stage and index, and leaves no child; the caller may destroy everything
 * it passed at once; the report survives an egg that closes every fd; the
 * program gets the caller's mask; credential
 * ops leave the caller dumpable; clone3 and clone missing (seccomp); and
 * 10,000 spawns, many in flight, some freed before they finished, leave no
 * fd, mapping or zombie.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"
#include "sanitizer-skip.h"

#define MANY 10000
#define IN_FLIGHT 32

static char *const true_argv[] = { "true", NULL };

/* Polls the child's fd until the result is in. */
static int wait_result(struct egg_child *c, pid_t *pid, int *pidfd, struct egg_fault *f)
{
	struct pollfd p = { .fd = egg_child_fd(c), .events = POLLIN };
	int err;

	for (;;) {
		err = egg_child_result(c, pid, pidfd, f);
		if (err != EINPROGRESS)
			return err;
		ck_assert_int_eq(poll(&p, 1, -1), 1);
	}
}

static void expect_exit(pid_t pid, int status_want)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == status_want,
		      "status %#x", status);
}

static void expect_args_error(struct egg_child **cp, int dirfd, const char *path,
			      char *const *argv, unsigned int flags, int error)
{
	char *before = t_fd_table();
	struct egg_child *sentinel = (struct egg_child *)&before;

	if (cp)
		*cp = sentinel;
	ck_assert_int_eq(egg_aspawn(cp, dirfd, path, NULL, 0, argv, NULL, flags), error);
	if (cp)
		ck_assert_ptr_eq(*cp, sentinel);
	t_expect_unchanged(before);
}

START_TEST(bad_arguments_make_no_child)
{
	struct egg_child *c;

	expect_args_error(NULL, AT_FDCWD, "/bin/true", true_argv, 0, EINVAL);
	expect_args_error(&c, AT_FDCWD, NULL, true_argv, 0, EINVAL);
	expect_args_error(&c, AT_FDCWD, "/bin/true", NULL, 0, EINVAL);
	expect_args_error(&c, AT_FDCWD, "/bin/true", true_argv, 0x80, EINVAL);
	expect_args_error(&c, -1, "", true_argv, EGG_SPAWN_EMPTY_PATH, EBADF);
	ck_assert_int_eq(egg_child_fd(NULL), -1);
	ck_assert_int_eq(egg_child_result(NULL, NULL, NULL, NULL), EINVAL);
	egg_child_free(NULL);
}
END_TEST

/* The child of this thread that is not yet reaped, from /proc. */
static pid_t only_child(void)
{
	char name[64], *text;
	pid_t pid;

	snprintf(name, sizeof(name), "/proc/self/task/%d/children", (int)gettid());
	text = t_read_file(name, NULL);
	pid = (pid_t)atoi(text);
	ck_assert_msg(pid > 0, "children: '%s'", text);
	free(text);
	return pid;
}

static void *open_fifo_for_writing(void *name)
{
	int fd = open(name, O_WRONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return (void *)(long)fd;
}

/* The egg's open blocks until someone opens the FIFO for writing: the call
 * has returned long before, and the fd is not readable until then. */
START_TEST(returns_while_an_open_blocks_on_a_fifo)
{
	const char *fifo = t_tmpname("fifo");
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	struct pollfd pfd = { .events = POLLIN };
	struct egg *e = t_egg();
	struct egg_child *c;
	struct egg_fault f;
	pthread_t writer;
	void *wfd;
	int pidfd = -2;

	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(egg_open(e, 3, fifo, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, t_build_path("tests/probe"), egg_data(e),
				    egg_size(e), argv, NULL, 0), 0);
	pfd.fd = egg_child_fd(c);
	ck_assert_int_eq(poll(&pfd, 1, 200), 0);
	ck_assert_int_eq(egg_child_result(c, &p.pid, &pidfd, &f), EINPROGRESS);
	ck_assert_int_eq(pidfd, -2);
	ck_assert_int_eq(pthread_create(&writer, NULL, open_fifo_for_writing, (void *)fifo), 0);
	ck_assert_int_eq(wait_result(c, &p.pid, &pidfd, &f), 0);
	ck_assert_int_eq(f.stage, EGG_STAGE_NONE);
	ck_assert_int_eq(f.index, 1);
	ck_assert_int_eq(pthread_join(writer, &wfd), 0);
	egg_child_free(c);
	t_probe_finish(&p);
	ck_assert_int_eq(p.status, 0);
	/* The pid is the program's: the probe says so itself. */
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_ptr_nonnull(t_probe_fd(&p, 3));
	if (pidfd >= 0)
		close(pidfd);
	close((int)(long)wfd);
	egg_free(e);
}
END_TEST

/* Runs the egg to its end and checks the fault, and that nothing is left. */
static void expect_fault(const char *path, const struct egg *e, int error,
			 enum egg_stage stage, size_t index, unsigned int opcode)
{
	char *before = t_fd_table();
	struct egg_child *c;
	struct egg_fault f;
	pid_t pid = -42;
	int pidfd = -42;

	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, path, egg_data(e), egg_size(e), true_argv,
				    NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &pid, &pidfd, &f), error);
	ck_assert_int_eq(f.error, error);
	ck_assert_int_eq(f.stage, stage);
	ck_assert_int_eq(f.index, index);
	ck_assert_uint_eq(f.opcode, opcode);
	ck_assert_int_eq(pid, -42);
	ck_assert_int_eq(pidfd, -42);
	/* Asked again, the same answer. */
	ck_assert_int_eq(egg_child_result(c, NULL, NULL, NULL), error);
	egg_child_free(c);
	t_expect_unchanged(before);
}

START_TEST(a_failing_op_is_reported_with_its_index)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_close(e, 700), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	expect_fault("/bin/true", e, EBADF, EGG_STAGE_OP, 1, EGG_OP_CLOSE);
	egg_free(e);
}
END_TEST

START_TEST(a_failing_exec_is_reported_after_the_last_op)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_setsid(e), 0);
	expect_fault("/nonexistent/program", e, ENOENT, EGG_STAGE_EXEC, 2, 0);
	egg_free(e);
}
END_TEST

/* Closing every fd but 0-2 (and dup2 onto the fd the pipe had in the
 * caller) does not cut the report: the exec failure still arrives. */
START_TEST(an_egg_that_closes_every_fd_still_reports)
{
	int fds[2], low = 3;
	struct egg *e = t_egg();

	/* The lowest free fd: where the report pipe's write end lands. */
	ck_assert_int_eq(pipe(fds), 0);
	low = fds[0];
	close(fds[0]);
	close(fds[1]);
	ck_assert_int_eq(egg_dup2(e, 2, low + 1), 0);
	ck_assert_int_eq(egg_dup2(e, 2, low + 2), 0);
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	ck_assert_int_eq(egg_keep(e, 3, (const int[]){ 0, 1, 2 }), 0);
	expect_fault("/nonexistent/program", e, ENOENT, EGG_STAGE_EXEC, 4, 0);
	egg_free(e);
}
END_TEST

START_TEST(an_invalid_egg_is_reported_with_its_offset)
{
	static const unsigned char bad[] = { 10, 0x12, 0xff };	/* umask 022, junk */
	char *before = t_fd_table();
	struct egg_child *c;
	struct egg_fault f;
	size_t at = 0;

	ck_assert_int_eq(egg_validate(bad, sizeof(bad), &at), EINVAL);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", bad, sizeof(bad), true_argv,
				    NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, NULL, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_VALIDATE);
	ck_assert_int_eq(f.offset, at);
	egg_child_free(c);
	t_expect_unchanged(before);
}
END_TEST

/* Killed while its egg is blocked in an open: EOWNERDEAD, reaped. */
START_TEST(a_child_killed_mid_egg_is_reported_and_reaped)
{
	const char *fifo = t_tmpname("fifo");
	struct egg *e = t_egg();
	char *before = t_fd_table();
	struct egg_child *c;
	struct egg_fault f;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_open(e, 3, fifo, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", egg_data(e), egg_size(e),
				    true_argv, NULL, 0), 0);
	ck_assert_int_eq(kill(only_child(), SIGKILL), 0);
	ck_assert_int_eq(wait_result(c, NULL, NULL, &f), EOWNERDEAD);
	ck_assert_int_eq(f.stage, EGG_STAGE_DIED);
	egg_child_free(c);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

/* Freed while its egg is blocked: the child is killed and reaped. */
START_TEST(free_before_the_result_kills_and_reaps)
{
	const char *fifo = t_tmpname("fifo");
	struct egg *e = t_egg();
	char *before = t_fd_table();
	struct egg_child *c;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(egg_open(e, 3, fifo, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", egg_data(e), egg_size(e),
				    true_argv, NULL, 0), 0);
	egg_child_free(c);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(code, k, t, f) ((struct sock_filter)BPF_JUMP((code), (k), (t), (f)))
#define LOAD(field) STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))

#if defined(__x86_64__)
# define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
# define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#endif

/* clone3 fails with e3 (ENOSYS: pidfd_open too, as before Linux 5.3), and
 * a clone with egg_aspawn()'s flags with e (0: allowed), for this test.
 * Other clones stay allowed: LeakSanitizer makes one at exit. */
static void seccomp_clone(int e3, int e)
{
	unsigned int old = e3 == ENOSYS ? SECCOMP_RET_ERRNO | ENOSYS : SECCOMP_RET_ALLOW;
	struct sock_filter f[] = {
		LOAD(arch),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_ARCH, 1, 0),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		LOAD(nr),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned int)e3),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pidfd_open, 0, 1),
		STMT(BPF_RET | BPF_K, old),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3),
		LOAD(args[0]),	/* the flags: the low word, little-endian */
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, CLONE_VM | SIGCHLD, 0, 1),
		STMT(BPF_RET | BPF_K, e ? SECCOMP_RET_ERRNO | (unsigned int)e : SECCOMP_RET_ALLOW),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = (unsigned short)(sizeof(f) / sizeof(f[0])), .filter = f };

	ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	ck_assert_msg(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0, "seccomp: %s",
		      strerror(errno));
}

START_TEST(no_clone_is_reported_at_stage_child)
{
	struct egg *e = t_egg();

	seccomp_clone(EAGAIN, EAGAIN);
	ck_assert_int_eq(egg_umask(e, 022), 0);
	expect_fault("/bin/true", e, EAGAIN, EGG_STAGE_CHILD, 0, 0);
	egg_free(e);
}
END_TEST

/* A kernel before 5.3: clone(CLONE_VM) on the same stack, no pidfd; the
 * child resets caught handlers itself, and must leave ignored ones. */
START_TEST(without_clone3_clone_does_it_with_no_pidfd)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	struct sigaction sa = { .sa_handler = SIG_IGN };
	struct egg *e = t_egg();
	struct egg_child *c;
	struct egg_fault f;
	int pidfd = -2;

	seccomp_clone(ENOSYS, 0);
	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	ck_assert_int_eq(egg_umask(e, 027), 0);
	ck_assert_int_eq(sigaction(SIGUSR2, &sa, NULL), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, t_build_path("tests/probe"), egg_data(e),
				    egg_size(e), argv, NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &p.pid, &pidfd, &f), 0);
	ck_assert_int_eq(pidfd, -1);
	egg_child_free(c);
	t_probe_finish(&p);
	ck_assert_int_eq(p.status, 0);
	t_probe_expect(&p, "umask", "0027");
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (1ULL << (SIGUSR2 - 1)),
			  1ULL << (SIGUSR2 - 1));
	egg_free(e);
}
END_TEST

/* Where clone(CLONE_VM) is refused as well (qemu-user runs it only as a
 * thread; valgrind too, which the library detects instead): a plain fork,
 * whose child has a copy of the memory, does the same. */
START_TEST(without_a_vm_clone_a_fork_does_it)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	struct egg *e = t_egg();
	struct egg_child *c;
	struct egg_fault f;

	seccomp_clone(ENOSYS, EINVAL);
	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	ck_assert_int_eq(egg_umask(e, 027), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, t_build_path("tests/probe"), egg_data(e),
				    egg_size(e), argv, NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &p.pid, NULL, &f), 0);
	egg_child_free(c);
	t_probe_finish(&p);
	ck_assert_int_eq(p.status, 0);
	t_probe_expect(&p, "umask", "0027");
	/* And its faults arrive the same way. */
	ck_assert_int_eq(egg_close(e, 700), 0);
	expect_fault("/bin/true", e, EBADF, EGG_STAGE_OP, 1, EGG_OP_CLOSE);
	egg_free(e);
}
END_TEST

/* The caller's mask is passed on, and sigmask works without an sfork
 * frame. */
START_TEST(the_program_gets_the_callers_mask)
{
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	struct egg *e = t_egg();
	struct egg_child *c;
	sigset_t set;

	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &set, NULL), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, t_build_path("tests/probe"), NULL, 0,
				    argv, NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &p.pid, NULL, NULL), 0);
	egg_child_free(c);
	t_probe_finish(&p);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), 1ULL << (SIGTERM - 1));
	ck_assert_uint_eq(t_sigmask(), 1ULL << (SIGTERM - 1));

	sigaddset(&set, SIGHUP);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, t_build_path("tests/probe"), egg_data(e),
				    egg_size(e), argv, NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &p.pid, NULL, NULL), 0);
	egg_child_free(c);
	t_probe_free(&p);
	t_probe_finish(&p);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"),
			  (1ULL << (SIGTERM - 1)) | (1ULL << (SIGHUP - 1)));
	egg_free(e);
}
END_TEST

/* The flags name the program as for egg_spawnx(): open at an fd, or found
 * in PATH; and the pidfd is the program's. */
START_TEST(empty_path_and_search_name_the_program)
{
	int fd = open("/bin/true", O_RDONLY | O_CLOEXEC), pidfd = -1;
	struct egg_child *c;
	siginfo_t si;
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(egg_aspawn(&c, fd, NULL, NULL, 0, true_argv, NULL,
				    EGG_SPAWN_EMPTY_PATH), 0);
	ck_assert_int_eq(wait_result(c, &pid, &pidfd, NULL), 0);
	egg_child_free(c);
	if (pidfd >= 0) {
		ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
		ck_assert_int_eq(si.si_pid, pid);
		ck_assert_int_eq(si.si_status, 0);
		close(pidfd);
	} else {
		expect_exit(pid, 0);
	}
	close(fd);
	ck_assert_int_eq(setenv("PATH", "/nonexistent:/usr/bin:/bin", 1), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "true", NULL, 0, true_argv, NULL,
				    EGG_SPAWN_SEARCH), 0);
	ck_assert_int_eq(wait_result(c, &pid, NULL, NULL), 0);
	egg_child_free(c);
	expect_exit(pid, 0);
	t_assert_no_child();
}
END_TEST

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* argv, envp and the egg, on the heap, are overwritten and freed as soon
 * as egg_aspawn() returns: the program still gets what was passed. */
START_TEST(the_caller_may_destroy_what_it_passed_at_once)
{
	const char *out = t_tmpname("out");
	char **argv = calloc(7, sizeof(char *)), **envp = calloc(2, sizeof(char *));
	char want[PATH_MAX + 64], *path = dup_or_die("/bin/sh"), *got, *code;
	struct egg *e = t_egg();
	struct egg_child *c;
	size_t len, i;
	pid_t pid;

	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(egg_umask(e, 077), 0);
	len = egg_size(e);
	code = malloc(len);
	memcpy(code, egg_data(e), len);
	argv[0] = dup_or_die("sh");
	argv[1] = dup_or_die("-c");
	argv[2] = dup_or_die("printf '%s:%s:%s:%s' \"$1\" \"$V\" \"$(pwd)\" \"$(umask)\" > \"$2\"");
	argv[3] = dup_or_die("sh");
	argv[4] = dup_or_die("first-argument");
	argv[5] = dup_or_die(out);
	envp[0] = dup_or_die("V=the-environment");
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, path, code, len, argv, envp, 0), 0);
	memset(code, 0xff, len);
	free(code);
	memset(path, 'x', strlen(path));
	free(path);
	for (i = 0; argv[i]; i++) {
		memset(argv[i], 'x', strlen(argv[i]));
		free(argv[i]);
		argv[i] = NULL;
	}
	free(argv);
	memset(envp[0], 'x', strlen(envp[0]));
	free(envp[0]);
	free(envp);
	egg_free(e);
	ck_assert_int_eq(wait_result(c, &pid, NULL, NULL), 0);
	egg_child_free(c);
	expect_exit(pid, 0);
	got = t_read_file(out, NULL);
	snprintf(want, sizeof(want), "first-argument:the-environment:%s:0077",
		 t_realpath(t_tmpdir()));
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

/* A setuid in a child that shares our memory clears its dumpable flag:
 * the caller's.  egg_aspawn() puts it back with the result. */
START_TEST(credential_ops_leave_the_caller_dumpable)
{
	struct egg *e = t_egg();
	struct egg_child *c;
	pid_t pid;

	if (geteuid() != 0) {
		printf("SKIP: setuid needs root\n");
		exit(77);
	}
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
	ck_assert_int_eq(egg_setresgid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_setresuid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_aspawn(&c, AT_FDCWD, "/bin/true", egg_data(e), egg_size(e),
				    true_argv, NULL, 0), 0);
	ck_assert_int_eq(wait_result(c, &pid, NULL, NULL), 0);
	egg_child_free(c);
	expect_exit(pid, 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	egg_free(e);
}
END_TEST

/* The mappings, and those that look like a guard page of egg_aspawn()'s:
 * one page, no access, no file. */
static void count_maps(size_t *all, size_t *guards)
{
	char *text = t_read_file("/proc/self/maps", NULL), *line, *save = NULL;
	unsigned long lo, hi, page = (unsigned long)sysconf(_SC_PAGESIZE);
	char perms[8];
	int n;

	*all = *guards = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		++*all;
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s%n", &lo, &hi, perms, &n) == 3 &&
		    hi - lo == page && !strcmp(perms, "---p") &&
		    line[n + (int)strspn(line + n, " ")] == '\0')
			++*guards;
	}
	free(text);
}

struct slot {
	struct egg_child *c;
};

/* Starts one; every 16th is freed at once (cancelled), unless done. */
static void slot_start(struct slot *s, unsigned int i, const struct egg *e)
{
	ck_assert_int_eq(egg_aspawn(&s->c, AT_FDCWD, "/bin/true", egg_data(e), egg_size(e),
				    true_argv, NULL, 0), 0);
	if (i % 16 == 5) {
		egg_child_free(s->c);
		s->c = NULL;
	}
}

/* Takes the result if it is in; returns 1 when the slot is free. */
static int slot_reap(struct slot *s)
{
	struct egg_fault f;
	int err, pidfd = -1;
	pid_t pid;

	if (!s->c)
		return 1;
	err = egg_child_result(s->c, &pid, &pidfd, &f);
	if (err == EINPROGRESS)
		return 0;
	ck_assert_msg(err == 0, "spawn failed: %s (stage %d)", strerror(err), (int)f.stage);
	egg_child_free(s->c);
	s->c = NULL;
	if (pidfd >= 0)
		close(pidfd);
	expect_exit(pid, 0);
	return 1;
}

static void run_many(unsigned int total, const struct egg *e)
{
	struct pollfd pfd[IN_FLIGHT];
	struct slot slot[IN_FLIGHT] = { 0 };
	unsigned int started = 0, busy, i;

	for (;;) {
		busy = 0;
		for (i = 0; i < IN_FLIGHT; i++) {
			if (slot_reap(&slot[i]) && started < total)
				slot_start(&slot[i], started++, e);
			pfd[i] = (struct pollfd){ .fd = slot[i].c ? egg_child_fd(slot[i].c) : -1,
						  .events = POLLIN };
			busy += slot[i].c != NULL;
		}
		if (!busy && started == total)
			return;
		ck_assert_int_ge(poll(pfd, IN_FLIGHT, -1), 0);
	}
}

START_TEST(many_in_flight_leave_nothing_behind)
{
	struct egg *e = t_egg();
	const char *n = getenv("EGG_ASPAWN_MANY");
	unsigned int total = n ? (unsigned int)atoi(n) : MANY;
	size_t maps, guards, maps_after, guards_after;
	char *before;

	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, CLOSE_RANGE_CLOEXEC), 0);
	/* A first round, so that whatever the C library maps once is. */
	run_many(IN_FLIGHT, e);
	before = t_fd_table();
	count_maps(&maps, &guards);
	run_many(total, e);
	count_maps(&maps_after, &guards_after);
	ck_assert_uint_eq(guards_after, guards);
	/* AddressSanitizer's allocator and valgrind map as they go: there,
	 * only the guard pages tell. */
	if (!EGG_TEST_ASAN && !RUNNING_ON_VALGRIND)
		ck_assert_uint_eq(maps_after, maps);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg_aspawn");
	TCase *tc;

	tc = t_tcase(s, "api", 60);
	tcase_add_test(tc, bad_arguments_make_no_child);
	tcase_add_test(tc, returns_while_an_open_blocks_on_a_fifo);
	tcase_add_test(tc, the_caller_may_destroy_what_it_passed_at_once);
	tcase_add_test(tc, empty_path_and_search_name_the_program);
	tcase_add_test(tc, the_program_gets_the_callers_mask);
	tcase_add_test(tc, credential_ops_leave_the_caller_dumpable);
	tc = t_tcase(s, "faults", 60);
	tcase_add_test(tc, a_failing_op_is_reported_with_its_index);
	tcase_add_test(tc, a_failing_exec_is_reported_after_the_last_op);
	tcase_add_test(tc, an_egg_that_closes_every_fd_still_reports);
	tcase_add_test(tc, an_invalid_egg_is_reported_with_its_offset);
	tcase_add_test(tc, a_child_killed_mid_egg_is_reported_and_reaped);
	tcase_add_test(tc, free_before_the_result_kills_and_reaps);
	tcase_add_test(tc, no_clone_is_reported_at_stage_child);
	tcase_add_test(tc, without_clone3_clone_does_it_with_no_pidfd);
	tcase_add_test(tc, without_a_vm_clone_a_fork_does_it);
	tc = t_tcase(s, "many", 600);
	tcase_add_test(tc, many_in_flight_leave_nothing_behind);
	return t_run(s);
}
