/* SPDX-License-Identifier: MIT */
/*
 * setrlimit with EGG_RLIM_KEEP, spawned by an unprivileged user: a forked
 * child lowers its fd limits to 1000:2000, becomes nobody (when the test
 * runs as root; otherwise it already is unprivileged) and spawns the probe
 * under one setrlimit; the probe reports the limits it got.  Without keep,
 * a stored egg must name the hard limit, and naming one above the user's
 * fails with EPERM: the control case.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

#define NOBODY 65534
#define START_SOFT 1000
#define START_HARD 2000

struct keep_case {
	const char *name;
	struct rlimit rl;	/* the egg's */
	const char *want;	/* the probe's rlimit.nofile, or NULL */
	int error;		/* or the spawn's error, at EGG_STAGE_OP */
};

static const struct keep_case cases[] = {
	{ "soft_set_hard_kept", { 1024, EGG_RLIM_KEEP }, "1024:2000", 0 },
	{ "soft_kept_hard_lowered", { EGG_RLIM_KEEP, 1500 }, "1000:1500", 0 },
	{ "both_kept", { EGG_RLIM_KEEP, EGG_RLIM_KEEP }, "1000:2000", 0 },
	{ "soft_set_to_the_kept_hard", { 2000, EGG_RLIM_KEEP }, "2000:2000", 0 },
	{ "soft_above_the_kept_hard", { 3000, EGG_RLIM_KEEP }, NULL, EINVAL },
	{ "hard_kept_below_a_soft_above_it", { EGG_RLIM_KEEP, 500 }, NULL, EINVAL },
	/* What keep is for: an unprivileged user cannot raise the hard limit. */
	{ "control_hard_raised", { 1024, 4096 }, NULL, EPERM },
};

/* In the forked child: its own limits, then nobody.  0, or a message. */
static const char *become_unprivileged(const char *dir)
{
	struct rlimit start = { START_SOFT, START_HARD };
	char base[PATH_MAX];

	if (setrlimit(RLIMIT_NOFILE, &start))
		return "setrlimit";
	if (geteuid() != 0)
		return NULL;
	/* The probe writes its snapshot into dir, inside the test's own
	 * directory (mode 0700): let nobody through that one. */
	snprintf(base, sizeof(base), "%s", dir);
	*strrchr(base, '/') = '\0';
	if (chmod(base, 0711) || chown(dir, NOBODY, NOBODY) || setgroups(0, NULL) ||
	    setresgid(NOBODY, NOBODY, NOBODY) || setresuid(NOBODY, NOBODY, NOBODY))
		return "cannot become nobody";
	return geteuid() ? NULL : "still root";
}

/* The probe's rlimit.nofile line, in buf. */
static const char *nofile_of(const char *out, char *buf, size_t size)
{
	FILE *f = fopen(out, "r");
	char line[64];

	snprintf(buf, size, "(none)");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "rlimit.nofile=", 14)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, size, "%.40s", line + 14);
		}
	}
	if (f)
		fclose(f);
	return buf;
}

/* The spawn, as the unprivileged child; 0 or a message in msg. */
static int spawn_as_child(const struct keep_case *c, const char *out, char *msg, size_t size)
{
	char *argv[] = { "probe", "-o", (char *)out, NULL }, got[64];
	const char *probe = t_build_path("tests/probe");
	struct egg_fault fault;
	struct egg *e = egg_new();
	int err, status;
	pid_t pid;

	if (!e || egg_setrlimit(e, RLIMIT_NOFILE, &c->rl))
		return snprintf(msg, size, "cannot build the egg");
	err = egg_spawn(&pid, probe, egg_data(e), egg_size(e), argv, NULL, &fault);
	egg_free(e);
	if (c->error) {
		if (err != c->error || fault.stage != EGG_STAGE_OP)
			return snprintf(msg, size, "got %d (%s) at stage %d, want %d at the op",
					err, strerror(err), (int)fault.stage, c->error);
		return 0;
	}
	if (err)
		return snprintf(msg, size, "spawn: %s at stage %d", strerror(err),
				(int)fault.stage);
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return snprintf(msg, size, "the probe failed: status %#x", status);
	if (strcmp(nofile_of(out, got, sizeof(got)), c->want))
		return snprintf(msg, size, "rlimit.nofile %s, want %s", got, c->want);
	return 0;
}

START_TEST(keep_as_an_unprivileged_user)
{
	const struct keep_case *c = &cases[_i];
	const char *dir = t_tmpdir(), *out = t_tmpname("probe");
	char msg[256] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const char *why = become_unprivileged(dir);

		if (why)
			snprintf(msg, sizeof(msg), "%s: %s", why, strerror(errno));
		else
			spawn_as_child(c, out, msg, sizeof(msg));
		n = write(fds[1], msg, strlen(msg));
		_exit(msg[0] || n < 0 ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(status == 0, "%s: %s", c->name, msg[0] ? msg : "the child failed");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-rlimit-keep");
	TCase *tc = t_tcase(s, "keep", 60);

	tcase_add_loop_test(tc, keep_as_an_unprivileged_user, 0, T_ARRAY_SIZE(cases));
	return t_run(s);
}
