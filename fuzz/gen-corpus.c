/* SPDX-License-Identifier: MIT */
/*
 * Writes the seed corpus of fuzz-decode into a directory: eggs made with
 * the builder (every op, with operands at the edges of their ranges), each
 * of their instructions alone, and a few hand-made invalid ones (each a
 * way to be wrong the validator must see).  The checked-in
 * fuzz/corpus/decode/ is its output, and make check compares the two, so
 * the encoding of these eggs cannot change unnoticed.
 *
 *   gen-corpus DIR
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <egg.h>

#define CLOSE_RANGE_CLOEXEC_BIT 4	/* linux/close_range.h */
#define NEWNS 0x00020000		/* CLONE_NEWNS */
#define NEWUSER 0x10000000		/* CLONE_NEWUSER */

static char max_path[4096];

static int fd_ops(struct egg *e)
{
	return egg_open(e, 0, "/dev/null", O_RDONLY, 0) ||
	       egg_open(e, 1, "/tmp/out", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) ||
	       egg_dup2(e, 1, 2) || egg_dup2(e, 5, 5) || egg_dup3(e, 3, INT_MAX, 1) ||
	       egg_close(e, 3) || egg_cloexec(e, 4, 1) ||
	       egg_close_range(e, 3, ~0U, CLOSE_RANGE_CLOEXEC_BIT) ||
	       egg_close_range(e, 0, 0, 0);
}

static int keep_ops(struct egg *e)
{
	static const int fds[] = { 0, 1, 2, 127, 128, 16383, 16384, INT_MAX };

	return egg_keep(e, 8, fds) || egg_keep(e, 0, fds);
}

static int proc_ops(struct egg *e)
{
	struct rlimit rl = { 1024, RLIM_INFINITY };
	struct rlimit zero = { 0, 0 };

	return egg_setsid(e) || egg_setpgid(e, 0) || egg_setpgid(e, INT_MAX) ||
	       egg_umask(e, 0) || egg_umask(e, 0777) ||
	       egg_setrlimit(e, RLIMIT_NOFILE, &rl) || egg_setrlimit(e, RLIMIT_CORE, &zero);
}

static int fs_ops(struct egg *e)
{
	return egg_chdir(e, "/") || egg_chdir(e, "") || egg_fchdir(e, 7) ||
	       egg_chroot(e, "/srv/jail");
}

static int long_path(struct egg *e)
{
	return egg_chdir(e, max_path);
}

static int signal_ops(struct egg *e)
{
	sigset_t none, all, some;

	sigemptyset(&none);
	sigfillset(&all);
	sigemptyset(&some);
	sigaddset(&some, SIGPIPE);
	sigaddset(&some, SIGRTMAX);
	return egg_sigmask(e, &none) || egg_sigmask(e, &all) || egg_sigdefault(e, &some) ||
	       egg_pdeathsig(e, 0) || egg_pdeathsig(e, 64);
}

static int cred_ops(struct egg *e)
{
	static const gid_t groups[] = { 0, 4, 27, 100, 0xfffffffe };

	return egg_setgroups(e, 5, groups) || egg_setgroups(e, 0, groups) ||
	       egg_setgid(e, 1000) || egg_setresgid(e, 1, (gid_t)-1, 0xfffffffe) ||
	       egg_setuid(e, 0) || egg_setresuid(e, 1000, 1000, 1000);
}

static int cap_ops(struct egg *e)
{
	return egg_capset(e, 0, ~0ULL, 1ULL << 63) || egg_ambient_raise(e, 0) ||
	       egg_ambient_raise(e, 63) || egg_ambient_clear(e) || egg_bounding_drop(e, 21) ||
	       egg_keepcaps(e, 0) || egg_keepcaps(e, 1) || egg_securebits(e, 0x2f) ||
	       egg_no_new_privs(e);
}

static int sched_ops(struct egg *e)
{
	static const unsigned int cpus[] = { 0, 1, 127, 1023 };

	return egg_setpriority(e, -20) || egg_setpriority(e, 19) ||
	       egg_sched_setaffinity(e, 4, cpus) || egg_sched_setscheduler(e, 0, 0) ||
	       egg_sched_setscheduler(e, 1 | 0x40000000, 99);
}

static int tty_ns_ops(struct egg *e)
{
	return egg_setctty(e, 0) || egg_tcsetpgrp(e, 0) || egg_unshare(e, NEWNS) ||
	       egg_unshare(e, NEWNS | NEWUSER) || egg_sethostname(e, "sandbox");
}

/* What a service manager might run: a bit of everything, in order. */
static int daemon_like(struct egg *e)
{
	static const int fds[] = { 0, 1, 2 };
	sigset_t none;

	sigemptyset(&none);
	return egg_setsid(e) || egg_open(e, 0, "/dev/null", O_RDWR, 0) || egg_dup2(e, 0, 1) ||
	       egg_dup2(e, 0, 2) || egg_keep(e, 3, fds) || egg_chdir(e, "/") ||
	       egg_umask(e, 022) || egg_sigmask(e, &none) || egg_no_new_privs(e) ||
	       egg_setresgid(e, 65534, 65534, 65534) || egg_setresuid(e, 65534, 65534, 65534);
}

static int empty(struct egg *e)
{
	return 0;
}

struct seed {
	const char *name;
	int (*build)(struct egg *e);
};

static const struct seed seeds[] = {
	{ "empty", empty },
	{ "fd", fd_ops },
	{ "keep", keep_ops },
	{ "proc", proc_ops },
	{ "fs", fs_ops },
	{ "long-path", long_path },
	{ "signal", signal_ops },
	{ "cred", cred_ops },
	{ "cap", cap_ops },
	{ "sched", sched_ops },
	{ "tty-ns", tty_ns_ops },
	{ "daemon", daemon_like },
};

/* Invalid on purpose; the comment says what the validator must catch. */
struct raw_seed {
	const char *name;
	const char *bytes;
	size_t len;
};

#define RAW(name, s) { name, s, sizeof(s) - 1 }

static const struct raw_seed raw_seeds[] = {
	RAW("bad-opcode-0", "\x00"),
	RAW("bad-opcode-big", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
	RAW("bad-leb-overlong", "\x81\x00"),		/* setsid, not shortest */
	RAW("bad-leb-cut", "\x07\x80"),			/* close, number cut short */
	RAW("bad-string-nul", "\x08\x03/a\x00"),	/* chdir "/a\0" */
	RAW("bad-string-cut", "\x08\x05/tmp"),		/* chdir, 4 of 5 bytes */
	RAW("bad-list-order", "\x21\x02\x05\x03"),	/* keep 5, 3: not ascending */
	RAW("bad-range", "\x05\x09\x03\x00"),		/* close_range 9, 3 */
	RAW("bad-after-good", "\x01\x01\x63"),		/* setsid, setsid, opcode 99 */
};

static int write_file(const char *dir, unsigned int n, const char *name, const void *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%03u-%s", dir, n, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return -1;
	}
	ok = !len || fwrite(data, 1, len, f) == len;	/* an empty egg's data is NULL */
	if (fclose(f) != 0 || !ok) {
		perror(path);
		return -1;
	}
	return 0;
}

/* Each instruction of a longer egg as a seed of its own. */
static int write_singles(const char *dir, unsigned int *n, const char *name,
			 const struct egg *e)
{
	struct egg_insn insn;
	size_t off = 0;
	char single[64];
	unsigned int k = 0;

	if (egg_count(e) < 2)
		return 0;
	while (egg_decode(egg_data(e), egg_size(e), &off, &insn) == 0) {
		snprintf(single, sizeof(single), "%s-%u", name, k++);
		if (write_file(dir, (*n)++, single, (const char *)egg_data(e) + insn.offset,
			       insn.size))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int i, n = 0;
	struct egg *e;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus DIR\n");
		return 2;
	}
	memset(max_path, 'd', sizeof(max_path) - 1);	/* the longest path: 4095 bytes */
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		e = egg_new();
		if (!e || seeds[i].build(e)) {
			fprintf(stderr, "gen-corpus: building %s failed\n", seeds[i].name);
			return 1;
		}
		if (write_file(argv[1], n++, seeds[i].name, egg_data(e), egg_size(e)) ||
		    write_singles(argv[1], &n, seeds[i].name, e))
			return 1;
		egg_free(e);
	}
	for (i = 0; i < sizeof(raw_seeds) / sizeof(raw_seeds[0]); i++)
		if (write_file(argv[1], n++, raw_seeds[i].name, raw_seeds[i].bytes,
			       raw_seeds[i].len))
			return 1;
	return 0;
}
