/* SPDX-License-Identifier: MIT */
/*
 * egg_spawn() where vfork is fork, end to end, in a plain program that is
 * light enough to run under valgrind: tests/hardening-valgrind-spawn.sh
 * runs it there, where the library must find out by itself, and make
 * check runs it with the test hook that forces the fork path.  Every
 * program it spawns appends a line to a file, so the count shows that
 * nothing ran twice.  One "ok"/"not ok" line per check; exits 1 if any
 * failed.
 *   -f  force the fork path (test hook), as if under valgrind
 *   -n  also pretend that the kernel has no clone3
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <dirent.h>
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

#include "internal.h"
#include "vmshare.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define SCRIPT "echo ran >> \"$1\"; exit 7"

static int failures, checks;
static char count_file[4096];
static char *argv_sh[] = { "sh", "-c", SCRIPT, "sh", count_file, NULL };
static int no_clone3;
static int sh_fd;		/* /bin/sh, for egg_fspawn */

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", checks, what);
	fflush(stdout);
}

/* Lines in the count file: how many programs ran. */
static int ran(void)
{
	FILE *f = fopen(count_file, "re");
	int c, n = 0;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int exit_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int no_child(void)
{
	return waitpid(-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD;
}

/* The fds of this process, "fd:target" a line, in buf. */
static void fd_table(char *buf, size_t size)
{
	DIR *dir = opendir("/proc/self/fd");
	char link[300], target[256];
	struct dirent *d;
	size_t n = 0;
	ssize_t len;

	buf[0] = '\0';
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || atoi(d->d_name) == dirfd(dir))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%s", d->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		n += (size_t)snprintf(buf + n, size - n, "%s:%s\n", d->d_name, target);
		if (n >= size)
			break;
	}
	closedir(dir);
}

static void check_sfork_refused(void)
{
	int pidfd = -1, r;

	errno = ENOTUNIQ;
	r = sfork();
	if (r == 0)	/* Not refused: leave the child at once. */
		sfork_exit(0);
	check(r == -EOPNOTSUPP && errno == ENOTUNIQ, "sfork() fails with EOPNOTSUPP");
	r = sfork_pidfd(&pidfd);
	if (r == 0)
		sfork_exit(0);
	check(r == -EOPNOTSUPP && pidfd == -1, "sfork_pidfd() fails with EOPNOTSUPP");
	check(no_child(), "and makes no child");
}

static void check_spawns(const struct egg *e, const char *what)
{
	char buf[128];
	int before = ran();
	pid_t pid = 0;

	errno = ENOTUNIQ;
	snprintf(buf, sizeof(buf), "egg_spawn, %s: exit status 7, ran once", what);
	check(egg_spawn(&pid, "/bin/sh", egg_data(e), egg_size(e), argv_sh, NULL, NULL) == 0 &&
	      exit_status(pid) == 7 && ran() == before + 1 && errno == ENOTUNIQ, buf);
	snprintf(buf, sizeof(buf), "egg_spawnp, %s: exit status 7, ran once", what);
	check(egg_spawnp(&pid, "sh", egg_data(e), egg_size(e), argv_sh, NULL, NULL) == 0 &&
	      exit_status(pid) == 7 && ran() == before + 2, buf);
	snprintf(buf, sizeof(buf), "egg_fspawn, %s: exit status 7, ran once", what);
	check(egg_fspawn(&pid, sh_fd, egg_data(e), egg_size(e), argv_sh, NULL, NULL) == 0 &&
	      exit_status(pid) == 7 && ran() == before + 3, buf);
	check(no_child(), "no child left");
}

/* clone3 with a NULL argument: EFAULT or EINVAL if the kernel (or the
 * emulator) has it. */
static int have_clone3(void)
{
	return !no_clone3 && !(syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS);
}

static void check_pidfd(void)
{
	char before[4096], after[4096];
	int pidfd = -1, n = ran(), err;
	siginfo_t si = { 0 };

	fd_table(before, sizeof(before));
	err = egg_pidfd_spawn(&pidfd, "/bin/sh", NULL, 0, argv_sh, NULL, NULL);
	if (!have_clone3()) {
		fd_table(after, sizeof(after));
		check(err == ENOSYS && pidfd == -1 && !strcmp(before, after) && no_child() &&
		      ran() == n, "egg_pidfd_spawn without clone3: ENOSYS, nothing made");
		return;
	}
	check(err == 0 && pidfd >= 0 && waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) == 0 &&
	      si.si_code == CLD_EXITED && si.si_status == 7 && ran() == n + 1,
	      "egg_pidfd_spawn: a pidfd that sees exit status 7, ran once");
	if (pidfd >= 0)
		close(pidfd);
}

struct fault_case {
	const char *what;
	const char *path;
	int error;
	enum egg_stage stage;
	unsigned int opcode;
	size_t index;		/* of the failing op; for the exec, the count */
};

static void check_fault(const struct egg *e, const struct fault_case *c, size_t offset)
{
	char before[4096], after[4096];
	struct egg_fault f;
	int n = ran(), err;
	pid_t pid = 0;

	fd_table(before, sizeof(before));
	errno = ENOTUNIQ;
	err = egg_spawn(&pid, c->path, egg_data(e), egg_size(e), argv_sh, NULL, &f);
	fd_table(after, sizeof(after));
	check(err == c->error && f.error == c->error && f.stage == c->stage &&
	      f.opcode == c->opcode && f.index == c->index && f.offset == offset, c->what);
	check(errno == ENOTUNIQ && ran() == n && no_child() && !strcmp(before, after),
	      "  nothing ran, no child, no fd left, errno kept");
}

static void check_faults(void)
{
	static const struct fault_case op = {
		"an op fails: EBADF at instruction 1", "/bin/sh", EBADF, EGG_STAGE_OP,
		EGG_OP_CLOSE, 1,
	};
	struct fault_case exec = {
		"the exec fails: ENOENT after the last op", "/nonexistent/sh", ENOENT,
		EGG_STAGE_EXEC, 0, 0,
	};
	struct egg *e = egg_new();
	int fd;

	egg_umask(e, 022);
	egg_close(e, 700);
	egg_umask(e, 0);
	check_fault(e, &op, 2);
	egg_reset(e);
	check_fault(e, &exec, 0);
	/* The ops that would close or replace the report pipe. */
	egg_close_range(e, 3, ~0U, 0);
	exec.what = "the exec after close_range(3, ~0) fails: still reported";
	exec.index = egg_count(e);
	check_fault(e, &exec, egg_size(e));
	egg_reset(e);
	for (fd = 3; fd < 16; fd++)
		egg_open(e, fd, "/dev/null", O_RDONLY, 0);
	for (fd = 3; fd < 16; fd++)
		egg_dup2(e, 0, fd);
	exec.what = "the exec after opens and dup2s onto fds 3-15 fails: still reported";
	exec.index = egg_count(e);
	check_fault(e, &exec, egg_size(e));
	egg_free(e);
}

static void check_daemon_like(void)
{
	struct egg *e = egg_new();
	int keep[] = { 0, 1, 2, sh_fd };

	egg_setsid(e);
	egg_keep(e, 4, keep);
	egg_chdir(e, "/");
	check_spawns(e, "with setsid, keep, chdir");
	egg_free(e);
}

int main(int argc, char **argv)
{
	struct egg *e = egg_new();
	int opt;

	while ((opt = getopt(argc, argv, "fn")) != -1) {
		if (opt == 'f')
			egg__vm_sharing = EGG__VM_COPIED;
		else if (opt == 'n')
			no_clone3 = 1;
		else
			return 2;
	}
	if (no_clone3)
		egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	snprintf(count_file, sizeof(count_file), "%s/egg-fork-path-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	opt = mkstemp(count_file);
	if (opt < 0) {
		perror("mkstemp");
		return 1;
	}
	close(opt);
	sh_fd = open("/bin/sh", O_RDONLY | O_CLOEXEC);
	setenv("PATH", "/bin:/usr/bin", 1);
	check_sfork_refused();
	check_spawns(e, "empty egg");
	check_pidfd();
	check_faults();
	check_daemon_like();
	unlink(count_file);
	close(sh_fd);
	egg_free(e);
	printf("%d of %d checks failed\n", failures, checks);
	return failures ? 1 : 0;
}
