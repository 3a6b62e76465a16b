/* SPDX-License-Identifier: MIT */
/*
 * probe: prints what a newly executed program sees, one key=value a line,
 * so that the tests can check the effect of every egg op in a real child.
 * It does not link libegg: an oracle must not share code with what it
 * checks.
 *
 *	probe [-o FILE] [-x STATUS] [-k] [-b PORT]
 *
 * The snapshot is taken first, before the probe opens anything of its own
 * (the directory it lists its fds with is left out).  -k then waits for
 * EOF on stdin, so that a test can keep the probe alive; the snapshot goes
 * to FILE (created with mode 0644, or truncated and its mode left alone)
 * or to stdout, and the probe exits with STATUS (default 0), or 125 if it
 * could not do its job.
 *
 * The keys, in this order (new keys go at the end only: other tests parse
 * this output):
 *	pid ppid sid pgid cwd umask sigmask sigign sigcaught fd.<n>...
 *	rlimit.<name>... uid gid groups ctty, then those of probe-ext.c
 *	(capabilities, no_new_privs, nice, ..., and bind with -b PORT)
 * Signal sets are 0x and 16 hex digits, bit n-1 for signal n; fd.<n> is
 * <cloexec 0|1>:<readlink of /proc/self/fd/n>; limits are cur:max, "inf"
 * for RLIM_INFINITY.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe-ext.h"

#define PROBE_FAILED 125
#define NSIG_KERNEL 64
/* Without /proc (in a chroot), fds are found by asking for each one. */
#define FD_SCAN_MAX 65536

static const struct {
	int resource;
	const char *name;
} limits[] = {
	{ RLIMIT_CPU, "cpu" },
	{ RLIMIT_FSIZE, "fsize" },
	{ RLIMIT_DATA, "data" },
	{ RLIMIT_STACK, "stack" },
	{ RLIMIT_CORE, "core" },
	{ RLIMIT_RSS, "rss" },
	{ RLIMIT_NPROC, "nproc" },
	{ RLIMIT_NOFILE, "nofile" },
	{ RLIMIT_MEMLOCK, "memlock" },
	{ RLIMIT_AS, "as" },
	{ RLIMIT_LOCKS, "locks" },
	{ RLIMIT_SIGPENDING, "sigpending" },
	{ RLIMIT_MSGQUEUE, "msgqueue" },
	{ RLIMIT_NICE, "nice" },
	{ RLIMIT_RTPRIO, "rtprio" },
	{ RLIMIT_RTTIME, "rttime" },
};
#define NLIMITS (sizeof(limits) / sizeof(limits[0]))

struct fd_info {
	int fd;
	int cloexec;
	char target[PATH_MAX];
};

static struct {
	pid_t pid, ppid, sid, pgid;
	char cwd[PATH_MAX];
	mode_t umask;
	uint64_t sigmask, sigign, sigcaught;
	struct fd_info *fds;
	size_t nfds;
	struct rlimit rl[NLIMITS];
	uid_t uid[3];
	gid_t gid[3];
	gid_t *groups;
	int ngroups;
	int ctty;
} snap;

/* The kernel's struct sigaction starts with the handler on every
 * architecture; the rest is padded generously, as the kernel writes its
 * whole struct. */
struct ksigaction {
	void *handler;
	unsigned long pad[8];
};

static void die(const char *what)
{
	fprintf(stderr, "probe: %s: %s\n", what, strerror(errno));
	exit(PROBE_FAILED);
}

/* Raw system calls, because glibc hides the signals it keeps for itself
 * (32 and 33) from sigprocmask() and sigaction(). */
static void take_signals(void)
{
	struct ksigaction act;
	int sig;

	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &snap.sigmask, sizeof(uint64_t)))
		die("rt_sigprocmask");
	for (sig = 1; sig <= NSIG_KERNEL; sig++) {
		uint64_t bit = 1ULL << (sig - 1);

		if (syscall(SYS_rt_sigaction, sig, NULL, &act, sizeof(uint64_t)))
			die("rt_sigaction");
		if (act.handler == (void *)SIG_IGN)
			snap.sigign |= bit;
		else if (act.handler != (void *)SIG_DFL)
			snap.sigcaught |= bit;
	}
}

static void fd_add(int fd)
{
	struct fd_info *fi;
	char link[64];
	ssize_t n;
	int fl;

	fl = fcntl(fd, F_GETFD);
	if (fl < 0)
		return;
	fi = realloc(snap.fds, (snap.nfds + 1) * sizeof(*snap.fds));
	if (!fi)
		die("realloc");
	snap.fds = fi;
	fi = &snap.fds[snap.nfds++];
	fi->fd = fd;
	fi->cloexec = !!(fl & FD_CLOEXEC);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, fi->target, sizeof(fi->target) - 1);
	fi->target[n > 0 ? n : 0] = '\0';
}

static int fd_cmp(const void *a, const void *b)
{
	const struct fd_info *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

static void fds_scan(void)
{
	struct rlimit rl;
	int fd, max = FD_SCAN_MAX;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < (rlim_t)max)
		max = (int)rl.rlim_cur;
	for (fd = 0; fd < max; fd++)
		fd_add(fd);
}

static void take_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;
	char *end;
	long fd;

	if (!dir) {
		fds_scan();
		return;
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		fd = strtol(d->d_name, &end, 10);
		if (*end || fd == dirfd(dir))
			continue;
		fd_add((int)fd);
	}
	closedir(dir);
	qsort(snap.fds, snap.nfds, sizeof(*snap.fds), fd_cmp);
}

static void take_ids(void)
{
	snap.pid = getpid();
	snap.ppid = getppid();
	snap.sid = getsid(0);
	snap.pgid = getpgrp();
	getresuid(&snap.uid[0], &snap.uid[1], &snap.uid[2]);
	getresgid(&snap.gid[0], &snap.gid[1], &snap.gid[2]);
	snap.ngroups = getgroups(0, NULL);
	if (snap.ngroups < 0)
		die("getgroups");
	snap.groups = calloc((size_t)snap.ngroups + 1, sizeof(gid_t));
	if (!snap.groups)
		die("calloc");
	snap.ngroups = getgroups(snap.ngroups, snap.groups);
	if (snap.ngroups < 0)
		die("getgroups");
}

static void take_limits(void)
{
	size_t i;

	for (i = 0; i < NLIMITS; i++)
		if (getrlimit(limits[i].resource, &snap.rl[i]))
			die("getrlimit");
}

/* Everything before take_fds() opens nothing; the terminal check after it
 * opens /dev/tty and closes it again. */
static void take_snapshot(void)
{
	int fd;

	take_ids();
	if (!getcwd(snap.cwd, sizeof(snap.cwd)))
		snprintf(snap.cwd, sizeof(snap.cwd), "?%s", strerror(errno));
	snap.umask = umask(0);
	umask(snap.umask);
	take_signals();
	take_limits();
	take_fds();
	fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	snap.ctty = fd >= 0;
	if (fd >= 0)
		close(fd);
}

static void print_limit(FILE *out, rlim_t v)
{
	if (v == RLIM_INFINITY)
		fputs("inf", out);
	else
		fprintf(out, "%llu", (unsigned long long)v);
}

static void print_snapshot(FILE *out)
{
	size_t i;
	int g;

	fprintf(out, "pid=%d\nppid=%d\nsid=%d\npgid=%d\n",
		(int)snap.pid, (int)snap.ppid, (int)snap.sid, (int)snap.pgid);
	fprintf(out, "cwd=%s\n", snap.cwd);
	fprintf(out, "umask=%04o\n", (unsigned int)snap.umask);
	fprintf(out, "sigmask=0x%016llx\n", (unsigned long long)snap.sigmask);
	fprintf(out, "sigign=0x%016llx\n", (unsigned long long)snap.sigign);
	fprintf(out, "sigcaught=0x%016llx\n", (unsigned long long)snap.sigcaught);
	for (i = 0; i < snap.nfds; i++)
		fprintf(out, "fd.%d=%d:%s\n", snap.fds[i].fd, snap.fds[i].cloexec,
			snap.fds[i].target);
	for (i = 0; i < NLIMITS; i++) {
		fprintf(out, "rlimit.%s=", limits[i].name);
		print_limit(out, snap.rl[i].rlim_cur);
		fputc(':', out);
		print_limit(out, snap.rl[i].rlim_max);
		fputc('\n', out);
	}
	fprintf(out, "uid=%u:%u:%u\n", snap.uid[0], snap.uid[1], snap.uid[2]);
	fprintf(out, "gid=%u:%u:%u\n", snap.gid[0], snap.gid[1], snap.gid[2]);
	fputs("groups=", out);
	for (g = 0; g < snap.ngroups; g++)
		fprintf(out, "%s%u", g ? "," : "", snap.groups[g]);
	fprintf(out, "\nctty=%d\n", snap.ctty);
}

static void wait_for_eof(void)
{
	char buf[256];
	ssize_t n;

	do
		n = read(STDIN_FILENO, buf, sizeof(buf));
	while (n > 0 || (n < 0 && errno == EINTR));
}

/* A file the probe creates gets mode 0644 whatever the umask under test.
 * Anything that was there is written to as it is: its mode is not ours to
 * change (the output may be /dev/null, shared by the whole machine). */
static int open_output_fd(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd >= 0) {
		if (fchmod(fd, 0644))
			die("fchmod");
		return fd;
	}
	if (errno != EEXIST)
		die(path);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		die(path);
	return fd;
}

static FILE *open_output(const char *path)
{
	FILE *out;
	int fd;

	if (!path)
		return stdout;
	fd = open_output_fd(path);
	out = fdopen(fd, "w");
	if (!out)
		die("fdopen");
	return out;
}

static int parse_status(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 255) {
		fprintf(stderr, "probe: bad exit status: %s\n", s);
		exit(PROBE_FAILED);
	}
	return (int)v;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *bind_port = NULL;
	int status = 0, keep = 0, c;
	FILE *out;

	take_snapshot();
	while ((c = getopt(argc, argv, "o:x:kb:")) != -1) {
		switch (c) {
		case 'o':
			path = optarg;
			break;
		case 'x':
			status = parse_status(optarg);
			break;
		case 'k':
			keep = 1;
			break;
		case 'b':
			bind_port = optarg;
			break;
		default:
			fprintf(stderr, "usage: probe [-o FILE] [-x STATUS] [-k] [-b PORT]\n");
			return PROBE_FAILED;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: probe [-o FILE] [-x STATUS] [-k] [-b PORT]\n");
		return PROBE_FAILED;
	}
	/* After the fd table is recorded: these open files of their own. */
	probe_ext_take(bind_port);
	if (keep)
		wait_for_eof();
	out = open_output(path);
	print_snapshot(out);
	probe_ext_write(out);
	if (fflush(out) || ferror(out))
		die("write");
	if (out != stdout && fclose(out))
		die("close");
	return status;
}
