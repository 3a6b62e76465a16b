/* SPDX-License-Identifier: MIT */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* The case list's directory, made in the runner (unchecked fixture) so
 * that it is removed even after a failed case, whose forked process
 * never runs its own teardown; each case gets a directory inside it. */
static char basedir[PATH_MAX], tmpdir[PATH_MAX];
static unsigned int tmpcount;

const char *t_build_path(const char *rel)
{
	static char buf[4][PATH_MAX];
	static unsigned int next;
	const char *top = getenv("top_builddir");
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", top && *top ? top : ".", rel);
	return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void rm_tree(char *dir)
{
	if (dir[0])
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	dir[0] = '\0';
}

static void basedir_setup(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(basedir, sizeof(basedir), "%s/egg-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "mkdtemp %s: %s\n", basedir, strerror(errno));
		exit(1);
	}
}

static void basedir_teardown(void)
{
	rm_tree(basedir);
}

static void tmpdir_setup(void)
{
	int n = snprintf(tmpdir, sizeof(tmpdir), "%s/case-XXXXXX", basedir);

	ck_assert(n > 0 && n < (int)sizeof(tmpdir));
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	tmpcount = 0;
}

static void tmpdir_teardown(void)
{
	rm_tree(tmpdir);
}

const char *t_tmpdir(void)
{
	ck_assert_msg(tmpdir[0] != '\0', "no temporary directory: use t_tcase()");
	return tmpdir;
}

const char *t_tmpname(const char *tag)
{
	static char buf[4][PATH_MAX];
	static unsigned int next;
	char *p = buf[next++ % 4];
	int n = snprintf(p, PATH_MAX, "%s/%s.%u", t_tmpdir(), tag, tmpcount++);

	ck_assert_msg(n > 0 && n < PATH_MAX, "temporary name too long");
	return p;
}

void t_tmpdir_for_all(void)
{
	char parent[PATH_MAX], *slash;

	snprintf(parent, sizeof(parent), "%s", t_tmpdir());
	ck_assert_int_eq(chmod(parent, 01777), 0);
	slash = strrchr(parent, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ck_assert_int_eq(chmod(parent, 0755), 0);
}

void t_write_file(const char *name, const char *text, mode_t mode)
{
	size_t len = strlen(text);
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	ck_assert_msg(fd >= 0, "%s: %s", name, strerror(errno));
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(close(fd), 0);
}

char *t_read_fd(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t r;

	ck_assert_ptr_nonnull(buf);
	while ((r = read(fd, buf + n, cap - n - 1)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		ck_assert_msg(r > 0, "read: %s", strerror(errno));
		n += (size_t)r;
		if (cap - n < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *t_read_file(const char *name, size_t *len)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	char *buf;

	ck_assert_msg(fd >= 0, "%s: %s", name, strerror(errno));
	buf = t_read_fd(fd, len);
	close(fd);
	return buf;
}

TCase *t_tcase(Suite *s, const char *name, double timeout)
{
	TCase *tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, basedir_setup, basedir_teardown);
	tcase_add_checked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_set_timeout(tc, timeout);
	suite_add_tcase(s, tc);
	return tc;
}

int t_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

struct egg *t_egg(void)
{
	struct egg *e = egg_new();

	ck_assert_ptr_nonnull(e);
	return e;
}

int t_probe_start(struct t_probe *p, const void *code, size_t len,
		  const char *const *extra, struct egg_fault *fault)
{
	const char *argv[32] = { "probe", "-o", p->out };
	size_t n = 3;
	int err;

	memset(p, 0, sizeof(*p));
	snprintf(p->out, sizeof(p->out), "%s", t_tmpname("probe"));
	argv[2] = p->out;
	while (extra && *extra) {
		ck_assert_uint_lt(n, 31);
		argv[n++] = *extra++;
	}
	argv[n] = NULL;
	err = egg_spawn(&p->pid, t_build_path("tests/probe"), code, len,
			(char *const *)argv, NULL, fault);
	if (err)
		p->pid = 0;
	return err;
}

void t_probe_parse(struct t_probe *p, char *text)
{
	char *line, *save = NULL, *eq;

	p->text = text;
	p->nkeys = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		eq = strchr(line, '=');
		ck_assert_msg(eq != NULL, "probe line without '=': %s", line);
		ck_assert_uint_lt(p->nkeys, T_PROBE_MAX_KEYS);
		*eq = '\0';
		p->key[p->nkeys] = line;
		p->val[p->nkeys] = eq + 1;
		p->nkeys++;
	}
}

void t_probe_finish(struct t_probe *p)
{
	pid_t r;

	do
		r = waitpid(p->pid, &p->status, 0);
	while (r < 0 && errno == EINTR);
	ck_assert_int_eq(r, p->pid);
	ck_assert_msg(WIFEXITED(p->status), "probe died: status 0x%x", p->status);
	t_probe_parse(p, t_read_file(p->out, NULL));
}

void t_probe_run(struct t_probe *p, const struct egg *egg)
{
	struct egg_fault f;
	int err = t_probe_start(p, egg_data(egg), egg_size(egg), NULL, &f);

	ck_assert_msg(err == 0, "spawn failed: %s at instruction %zu (opcode %u)",
		      strerror(err), f.index, f.opcode);
	t_probe_finish(p);
	ck_assert_int_eq(WEXITSTATUS(p->status), 0);
}

int t_probe_try(struct t_probe *p, const struct egg *egg, const char *const *extra,
		struct egg_fault *fault)
{
	int err;

	t_probe_free(p);
	err = t_probe_start(p, egg_data(egg), egg_size(egg), extra, fault);
	if (!err)
		t_probe_finish(p);
	return err;
}

void t_probe_ok(struct t_probe *p, const struct egg *egg, const char *const *extra)
{
	struct egg_fault f;
	int err = t_probe_try(p, egg, extra, &f);

	ck_assert_msg(err == 0, "spawn failed: %s at instruction %zu (opcode %u)",
		      strerror(err), f.index, f.opcode);
	ck_assert_int_eq(WEXITSTATUS(p->status), 0);
}

void t_probe_free(struct t_probe *p)
{
	free(p->text);
	p->text = NULL;
	p->nkeys = 0;
}

const char *t_probe_get(const struct t_probe *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++)
		if (!strcmp(p->key[i], key))
			return p->val[i];
	return NULL;
}

void t_probe_expect(const struct t_probe *p, const char *key, const char *want)
{
	const char *got = t_probe_get(p, key);

	if (!want) {
		ck_assert_msg(got == NULL, "probe: %s=%s, want no such key", key, got);
		return;
	}
	ck_assert_msg(got != NULL, "probe printed no %s (want %s)", key, want);
	ck_assert_msg(!strcmp(got, want), "probe: %s=%s, want %s", key, got, want);
}

long long t_probe_num(const struct t_probe *p, const char *key)
{
	const char *v = t_probe_get(p, key);
	char *end;
	long long n;

	ck_assert_msg(v != NULL, "probe printed no %s", key);
	n = strtoll(v, &end, 10);
	ck_assert_msg(*v && !*end, "probe: %s=%s is not a number", key, v);
	return n;
}

uint64_t t_probe_hex(const struct t_probe *p, const char *key)
{
	const char *v = t_probe_get(p, key);
	char *end;
	uint64_t n;

	ck_assert_msg(v != NULL, "probe printed no %s", key);
	ck_assert_msg(strlen(v) == 18 && !strncmp(v, "0x", 2),
		      "probe: %s=%s is not 0x and 16 hex digits", key, v);
	n = strtoull(v + 2, &end, 16);
	ck_assert_msg(!*end, "probe: %s=%s is not hex", key, v);
	return n;
}

const char *t_probe_fd(const struct t_probe *p, int fd)
{
	char key[32];

	snprintf(key, sizeof(key), "fd.%d", fd);
	return t_probe_get(p, key);
}

void t_probe_fd_list(const struct t_probe *p, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nkeys; i++) {
		if (strncmp(p->key[i], "fd.", 3))
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", p->key[i] + 3);
		ck_assert_uint_lt(n, size);
	}
}

void t_put_fd(int fd, const char *path, int flags)
{
	int r = open(path, flags, 0600);

	ck_assert_msg(r >= 0, "%s: %s", path, strerror(errno));
	if (r == fd)
		return;
	ck_assert_int_eq(dup3(r, fd, flags & O_CLOEXEC), fd);
	close(r);
}

const char *t_realpath(const char *path)
{
	static char buf[4][PATH_MAX];
	static unsigned int next;
	char *p = buf[next++ % 4];

	ck_assert_msg(realpath(path, p) != NULL, "realpath %s: %s", path, strerror(errno));
	return p;
}

char *t_fd_table(void)
{
	DIR *dir = opendir("/proc/self/fd");
	size_t cap = 4096, n = 0;
	struct dirent *d;
	char *buf = malloc(cap), link[sizeof(d->d_name) + 16], target[PATH_MAX];
	ssize_t len;

	ck_assert_ptr_nonnull(dir);
	ck_assert_ptr_nonnull(buf);
	buf[0] = '\0';
	/* /proc/self/fd lists fds in ascending order. */
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || atoi(d->d_name) == dirfd(dir))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%s", d->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		if (cap - n < strlen(d->d_name) + strlen(target) + 3) {
			cap = 2 * cap + PATH_MAX;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		n += (size_t)sprintf(buf + n, "%s:%s\n", d->d_name, target);
	}
	closedir(dir);
	return buf;
}

uint64_t t_sigmask(void)
{
	uint64_t set = 0;

	ck_assert_int_eq(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &set, sizeof(set)), 0);
	return set;
}

int t_pidfd_wait(int pidfd, siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
	return waitid((idtype_t)P_PIDFD, (id_t)pidfd, si, WEXITED);
}

int t_have_clone3(void)
{
	/* A real clone3 rejects a NULL argument with EFAULT or EINVAL. */
	return !(syscall(__NR_clone3, NULL, 0) == -1 && errno == ENOSYS);
}

int t_no_child(void)
{
	int saved = errno, none;

	none = waitpid(-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD;
	errno = saved;
	return none;
}

void t_assert_no_child(void)
{
	ck_assert_msg(t_no_child(), "a child or zombie is left");
}

void t_expect_unchanged(char *before)
{
	char *after = t_fd_table();

	ck_assert_str_eq(after, before);
	t_assert_no_child();
	free(before);
	free(after);
}

void t_expect_fault(const char *path, const void *code, size_t len,
		    const struct t_spawn_expect *want)
{
	char *const argv[] = { (char *)path, NULL };
	struct egg_fault f;
	char *before;
	pid_t pid = -42;
	int err;

	before = t_fd_table();
	errno = ENOTUNIQ;
	err = egg_spawn(&pid, path, code, len, argv, NULL, &f);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_msg(err == want->error, "egg_spawn gave %d (%s), want %d (%s)",
		      err, strerror(err), want->error, strerror(want->error));
	ck_assert_int_eq(f.error, want->error);
	ck_assert_uint_eq(f.index, want->index);
	ck_assert_uint_eq(f.opcode, want->opcode);
	ck_assert_uint_eq(f.offset, want->offset);
	ck_assert_int_eq(f.stage, want->stage);
	t_expect_unchanged(before);
}

void t_expect_op_fault(const struct egg *e, int error, size_t index,
		       unsigned int opcode, size_t offset)
{
	struct t_spawn_expect want = { error, index, opcode, offset, EGG_STAGE_OP };

	t_expect_fault(t_build_path("tests/probe"), egg_data(e), egg_size(e), &want);
}

void t_expect_fd(const struct t_probe *p, int fd, const char *target)
{
	const char *got = t_probe_fd(p, fd);
	char want[PATH_MAX + 8];

	if (!target) {
		ck_assert_msg(got == NULL, "fd %d is open in the child: %s", fd, got);
		return;
	}
	snprintf(want, sizeof(want), "0:%s", target);
	ck_assert_msg(got != NULL, "fd %d is not open in the child (want %s)", fd, want);
	ck_assert_msg(!strcmp(got, want), "fd %d: %s, want %s", fd, got, want);
}

/* An errno value no spawn path produces, so a stray write shows. */
#define ERRNO_MARK 0x5eed

void t_state_save(struct t_state *s)
{
	int fd, fl;

	for (fd = 0; fd < T_FD_MAX; fd++) {
		fl = fcntl(fd, F_GETFD);
		s->fd[fd] = fl < 0 ? -1 : (signed char)(fl & FD_CLOEXEC);
	}
	sigprocmask(SIG_BLOCK, NULL, &s->mask);
	s->err = ERRNO_MARK;
	errno = ERRNO_MARK;
}

const char *t_state_diff(const struct t_state *s)
{
	static char msg[128];
	int err = errno;	/* before anything below can change it */
	sigset_t mask;
	int fd, fl, sig;

	if (err != s->err) {
		snprintf(msg, sizeof(msg), "errno changed from %d to %d", s->err, err);
		return msg;
	}
	for (fd = 0; fd < T_FD_MAX; fd++) {
		fl = fcntl(fd, F_GETFD);
		fl = fl < 0 ? -1 : (fl & FD_CLOEXEC);
		if (fl != s->fd[fd]) {
			snprintf(msg, sizeof(msg), "fd %d was %d, is %d (-1 closed, else cloexec)",
				 fd, s->fd[fd], fl);
			return msg;
		}
	}
	sigprocmask(SIG_BLOCK, NULL, &mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&mask, sig) != sigismember(&s->mask, sig)) {
			snprintf(msg, sizeof(msg), "signal %d's blocked bit changed", sig);
			return msg;
		}
	}
	errno = err;
	return NULL;
}

void t_expect_state(const struct t_state *s, const char *what)
{
	const char *diff = t_state_diff(s);

	ck_assert_msg(diff == NULL, "%s: %s", what, diff);
	ck_assert_msg(t_no_child(), "%s: a child or zombie is left", what);
}

int t_fault_report(const void *code, size_t len, struct egg_fault *fault,
		   char *buf, size_t size)
{
	const char *out = t_tmpname("report");
	char *const argv[] = { "fault-report", (char *)out, NULL };
	char *text;
	int err, status;
	pid_t pid;

	buf[0] = '\0';
	err = egg_spawn(&pid, t_build_path("tests/fault-report"), code, len, argv, NULL, fault);
	if (err)
		return err;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return ECHILD;
	text = t_read_file(out, NULL);
	snprintf(buf, size, "%s", text);
	free(text);
	return 0;
}
