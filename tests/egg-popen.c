/* SPDX-License-Identifier: MIT */
/*
 * egg_popen(), egg_pclose() and egg_system() against their libc
 * namesakes on the same commands (output, status), the pipes no other
 * child holds, the caller's egg applied after the library's setup, the
 * faults, and system()'s signal rules, seen from inside the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"


static char *read_stream(FILE *f)
{
	char *text = t_read_fd(fileno(f), NULL);

	ck_assert_ptr_nonnull(text);
	return text;
}

static const char *const read_commands[] = {
	"echo hello; echo world",
	"printf 'no newline'",
	"echo out; echo err >&2; exit 3",
	"echo before; kill -TERM $$",
	"no-such-command-egg-popen 2>/dev/null",
	"exit 0",
};

START_TEST(popen_r_matches_libc)
{
	const char *cmd = read_commands[_i];
	FILE *ours = egg_popen(cmd, "r", NULL, 0, NULL), *libc = popen(cmd, "r");
	char *got, *want;

	ck_assert_ptr_nonnull(ours);
	ck_assert_ptr_nonnull(libc);
	got = read_stream(ours);
	want = read_stream(libc);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(egg_pclose(ours), pclose(libc));
	free(got);
	free(want);
}
END_TEST

static const char *const write_commands[] = {
	"cat >\"$1\"",
	"tr a-z A-Z >\"$1\"; exit 5",
	"head -c 3 >\"$1\"",
};

static int write_through(FILE *(*open_fn)(const char *, const char *),
			 int (*close_fn)(FILE *), const char *cmd, const char *file)
{
	char line[PATH_MAX * 2];
	FILE *f;
	int i;

	snprintf(line, sizeof(line), "set -- '%s'; %s", file, cmd);
	f = open_fn(line, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 3; i++)
		fputs("some text\n", f);
	return close_fn(f);
}

static FILE *egg_popen_plain(const char *cmd, const char *mode)
{
	return egg_popen(cmd, mode, NULL, 0, NULL);
}

START_TEST(popen_w_matches_libc)
{
	const char *ours = t_tmpname("ours"), *libc = t_tmpname("libc");
	char *a, *b;

	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(write_through(egg_popen_plain, egg_pclose, write_commands[_i], ours),
			 write_through(popen, pclose, write_commands[_i], libc));
	a = t_read_file(ours, NULL);
	b = t_read_file(libc, NULL);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

/* The caller's egg runs after the pipe is in place: it can send stderr
 * down the pipe too, and it sets up the shell as any egg does. */
START_TEST(popen_applies_the_egg_after_the_pipe)
{
	struct egg *e = t_egg();
	FILE *f;
	char *got, want[PATH_MAX + 16];

	ck_assert_int_eq(egg_umask(e, 027), 0);
	ck_assert_int_eq(egg_chdir(e, t_tmpdir()), 0);
	ck_assert_int_eq(egg_dup2(e, 1, 2), 0);
	f = egg_popen("umask; pwd -P; echo to-stderr >&2", "r", egg_data(e), egg_size(e),
		      NULL);
	ck_assert_ptr_nonnull(f);
	got = read_stream(f);
	snprintf(want, sizeof(want), "0027\n%s\nto-stderr\n", t_realpath(t_tmpdir()));
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(egg_pclose(f), 0);
	free(got);
	egg_free(e);
}
END_TEST

/* "pipe:[N]" of fd, as /proc shows it. */
static void pipe_name(int fd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, size - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
}

/* How many of pid's fds are name, and on which fd the last one is. */
static int count_fds_on(pid_t pid, const char *name, int *where)
{
	char path[64], target[128];
	int fd, n = 0;
	ssize_t len;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		if (!strcmp(target, name)) {
			n++;
			*where = fd;
		}
	}
	return n;
}

/* The classic leak: a second child holding the first one's pipe keeps
 * the first from ever seeing its end of file.  The second child holds
 * its own pipe at fd 1 only. */
START_TEST(two_popens_do_not_hold_each_others_pipe)
{
	FILE *first = egg_popen("cat >/dev/null", "w", NULL, 0, NULL), *second;
	char first_pipe[128], second_pipe[128], line[32];
	int where = -1;
	pid_t pid;

	ck_assert_ptr_nonnull(first);
	second = egg_popen("echo $$; exec sleep 60", "r", NULL, 0, NULL);
	ck_assert_ptr_nonnull(second);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), second));
	pid = (pid_t)atoi(line);
	ck_assert_int_gt(pid, 0);
	pipe_name(fileno(first), first_pipe, sizeof(first_pipe));
	pipe_name(fileno(second), second_pipe, sizeof(second_pipe));
	ck_assert_int_eq(count_fds_on(pid, first_pipe, &where), 0);
	ck_assert_int_eq(count_fds_on(pid, second_pipe, &where), 1);
	ck_assert_int_eq(where, 1);
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(egg_pclose(second), SIGTERM);
	ck_assert_int_eq(egg_pclose(first), 0);
}
END_TEST

/* Through the pidfd, pclose waits for its own child only: another child
 * of the caller is left for its owner to reap. */
START_TEST(pclose_reaps_only_its_child)
{
	FILE *f = egg_popen("exit 4", "r", NULL, 0, NULL);
	pid_t other = fork();
	int st;

	ck_assert_int_ge(other, 0);
	if (other == 0)
		_exit(9);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(egg_pclose(f), 4 << 8);
	ck_assert_int_eq(waitpid(other, &st, 0), other);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 9);
}
END_TEST

/* What a pidfd alone cannot prevent, a keeper (EGG_SPAWN_NOSIGCHLD) does:
 * a wait(-1) elsewhere in the process does not see the child, and pclose
 * gets its status.  (tests/egg-nosigchld races the two.) */
START_TEST(a_wait_any_does_not_see_a_popen_child)
{
	FILE *f = egg_popen("exit 4", "r", NULL, 0, NULL);
	char *rest;

	ck_assert_ptr_nonnull(f);
	rest = read_stream(f);
	free(rest);
	errno = 0;
	ck_assert_int_eq(waitpid(-1, NULL, 0), -1);
	ck_assert_int_eq(errno, ECHILD);
	ck_assert_int_eq(egg_pclose(f), 4 << 8);
}
END_TEST

START_TEST(popen_failing_op_reports_it)
{
	struct egg *e = t_egg();
	char *before = t_fd_table();
	struct egg_fault f;
	size_t off;

	ck_assert_int_eq(egg_umask(e, 022), 0);
	off = egg_size(e);
	ck_assert_int_eq(egg_chdir(e, "/nonexistent/egg-popen"), 0);
	errno = 0;
	ck_assert_ptr_null(egg_popen("true", "r", egg_data(e), egg_size(e), &f));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(f.error, ENOENT);
	ck_assert_int_eq(f.stage, EGG_STAGE_OP);
	ck_assert_uint_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_CHDIR);
	ck_assert_uint_eq(f.offset, off);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

START_TEST(popen_refuses_bad_arguments)
{
	static const uint8_t bad[] = { 0x00 };
	char *before = t_fd_table();
	struct egg_fault f;

	ck_assert_ptr_null(egg_popen("true", "x", NULL, 0, &f));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_ptr_null(egg_popen("true", "rw", NULL, 0, &f));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(egg_popen(NULL, "r", NULL, 0, &f));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(egg_popen("true", "re", bad, sizeof(bad), &f));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_VALIDATE);
	ck_assert_int_eq(egg_pclose(stdin), -1);
	ck_assert_int_eq(errno, EINVAL);
	t_expect_unchanged(before);
}
END_TEST

/* ---- egg_system ---- */

static const char *const system_commands[] = {
	"exit 0", "exit 3", "kill -KILL $$", "no-such-command-egg-system 2>/dev/null",
};

START_TEST(system_matches_libc)
{
	const char *cmd = system_commands[_i];

	ck_assert_int_eq(egg_system(cmd, NULL, 0, NULL), system(cmd));
}
END_TEST

START_TEST(system_statuses)
{
	int st;

	ck_assert_int_eq(egg_system("exit 0", NULL, 0, NULL), 0);
	st = egg_system("exit 3", NULL, 0, NULL);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	st = egg_system("kill -KILL $$", NULL, 0, NULL);
	ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	ck_assert_int_ne(egg_system(NULL, NULL, 0, NULL), 0);
}
END_TEST

static void on_signal(int sig)
{
	(void)sig;
}

static uint64_t status_hex(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	ck_assert_ptr_nonnull(p);
	return strtoull(p + strlen(key), NULL, 16);
}

/* While the command runs, the caller ignores SIGINT and SIGQUIT and
 * blocks SIGCHLD (seen in its /proc/PID/status: the shell's parent is the
 * keeper, not the caller); the command itself (the
 * probe) has the caller's dispositions (its mask cannot be seen: dash
 * unblocks every signal); afterwards the caller has its own back. */
START_TEST(system_signal_rules)
{
	const char *out = t_tmpname("probe"), *caller = t_tmpname("caller");
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct sigaction sa = { .sa_handler = on_signal }, now;
	char cmd[PATH_MAX * 3];
	sigset_t usr1;
	char *text;

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGINT, &sa, NULL), 0);
	signal(SIGQUIT, SIG_DFL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &usr1, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 /* The caller unblocks its signals only once it runs again after
		  * the exec, which a loaded machine may delay past our grep: wait
		  * (bounded) until its mask is no longer sfork's all-blocked one. */
		 "i=0; while [ $i -lt 2000 ] && grep -q '^SigBlk:.*ffffffff' /proc/%d/status;"
		 " do i=$((i + 1)); done; "
		 "grep -E '^Sig(Ign|Blk)' /proc/%d/status >'%s'; exec '%s' -o '%s'",
		 (int)getpid(), (int)getpid(), caller, t_build_path("tests/probe"), out);
	ck_assert_int_eq(egg_system(cmd, NULL, 0, NULL), 0);
	text = t_read_file(caller, NULL);
	ck_assert_uint_eq(status_hex(text, "SigIgn:") & (T_SIGBIT(SIGINT) | T_SIGBIT(SIGQUIT)),
			  T_SIGBIT(SIGINT) | T_SIGBIT(SIGQUIT));
	ck_assert_uint_eq(status_hex(text, "SigBlk:"), T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGCHLD));
	free(text);
	t_probe_parse(&p, t_read_file(out, NULL));
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (T_SIGBIT(SIGINT) | T_SIGBIT(SIGQUIT)), 0);
	ck_assert_int_eq(sigaction(SIGINT, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)on_signal);
	ck_assert_int_eq(sigaction(SIGQUIT, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)SIG_DFL);
	ck_assert_uint_eq(t_sigmask(), T_SIGBIT(SIGUSR1));
}
END_TEST

/* A signal the caller ignored stays ignored in the command, as POSIX
 * has it. */
START_TEST(system_keeps_an_ignored_sigquit_ignored)
{
	const char *out = t_tmpname("probe");
	struct t_probe p T_PROBE_AUTO = { 0 };
	char cmd[PATH_MAX * 2];

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_IGN);
	snprintf(cmd, sizeof(cmd), "exec '%s' -o '%s'", t_build_path("tests/probe"), out);
	ck_assert_int_eq(egg_system(cmd, NULL, 0, NULL), 0);
	t_probe_parse(&p, t_read_file(out, NULL));
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (T_SIGBIT(SIGINT) | T_SIGBIT(SIGQUIT)),
			  T_SIGBIT(SIGQUIT));
}
END_TEST

START_TEST(system_failing_op_is_minus_1)
{
	struct egg *e = t_egg();
	char *before = t_fd_table();
	struct egg_fault f;

	ck_assert_int_eq(egg_chdir(e, "/nonexistent/egg-system"), 0);
	errno = 0;
	ck_assert_int_eq(egg_system("touch ran", egg_data(e), egg_size(e), &f), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(f.stage, EGG_STAGE_OP);
	ck_assert_uint_eq(f.index, 0);
	ck_assert_uint_eq(f.offset, 0);
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-popen");
	TCase *tc = t_tcase(s, "popen", 60);

	tcase_add_loop_test(tc, popen_r_matches_libc, 0,
			    sizeof(read_commands) / sizeof(read_commands[0]));
	tcase_add_loop_test(tc, popen_w_matches_libc, 0,
			    sizeof(write_commands) / sizeof(write_commands[0]));
	tcase_add_test(tc, popen_applies_the_egg_after_the_pipe);
	tcase_add_test(tc, two_popens_do_not_hold_each_others_pipe);
	tcase_add_test(tc, pclose_reaps_only_its_child);
	tcase_add_test(tc, a_wait_any_does_not_see_a_popen_child);
	tcase_add_test(tc, popen_failing_op_reports_it);
	tcase_add_test(tc, popen_refuses_bad_arguments);
	tc = t_tcase(s, "system", 60);
	tcase_add_loop_test(tc, system_matches_libc, 0,
			    sizeof(system_commands) / sizeof(system_commands[0]));
	tcase_add_test(tc, system_statuses);
	tcase_add_test(tc, system_signal_rules);
	tcase_add_test(tc, system_keeps_an_ignored_sigquit_ignored);
	tcase_add_test(tc, system_failing_op_is_minus_1);
	return t_run(s);
}
