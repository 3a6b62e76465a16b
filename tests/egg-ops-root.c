/* SPDX-License-Identifier: MIT */
/*
 * The ops beyond posix_spawn that need root, each shown in a real child by
 * the probe: credentials, capabilities, namespaces, chroot, a lower nice
 * value; and what a credential change in the child must not do to the
 * parent, which shares its memory.  Skipped (exit 77) without root; CI
 * runs as root.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>

#include "egg-util.h"

static const char *const bind80[] = { "-b", "80", NULL };

static void ns_link(const char *ns, char *buf, size_t n)
{
	char path[64];
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	r = readlink(path, buf, n - 1);
	ck_assert_int_gt(r, 0);
	buf[r] = '\0';
}

START_TEST(unprivileged_with_ambient_bind_cap)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };
	char key[32];
	int leak;

	t_tmpdir_for_all();
	/* The recipe of egg(7), "Dropping privileges", in its order. */
	ck_assert_int_eq(egg_bounding_drop(e, CAP_SYS_ADMIN), 0);
	ck_assert_int_eq(egg_keepcaps(e, 1), 0);
	ck_assert_int_eq(egg_setgroups(e, 0, NULL), 0);
	ck_assert_int_eq(egg_setresgid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_setresuid(e, 65534, 65534, 65534), 0);
	ck_assert_int_eq(egg_capset_text(e, "cap_net_bind_service=eip"), 0);
	ck_assert_int_eq(egg_ambient_raise(e, CAP_NET_BIND_SERVICE), 0);
	ck_assert_int_eq(egg_no_new_privs(e), 0);
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	/* An fd the program would inherit without the close_range. */
	leak = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(leak, 3);
	snprintf(key, sizeof(key), "fd.%d", leak);
	t_probe_ok(&p, e, bind80);
	close(leak);
	t_probe_expect(&p, "no_new_privs", "1");
	ck_assert_msg(!(strtoull(t_probe_get(&p, "cap.bnd"), NULL, 16) & (1ULL << CAP_SYS_ADMIN)),
		      "CAP_SYS_ADMIN still in the bounding set");
	ck_assert_msg(!t_probe_get(&p, key), "%s inherited", key);
	t_probe_expect(&p, "uid", "65534:65534:65534");
	t_probe_expect(&p, "gid", "65534:65534:65534");
	t_probe_expect(&p, "groups", "");
	t_probe_expect(&p, "cap.eff", "0x0000000000000400");
	t_probe_expect(&p, "cap.prm", "0x0000000000000400");
	t_probe_expect(&p, "cap.inh", "0x0000000000000400");
	t_probe_expect(&p, "cap.amb", "0x0000000000000400");
	t_probe_expect(&p, "bind", "80:ok");
	egg_free(e);
}
END_TEST

START_TEST(unprivileged_without_cap_cannot_bind)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_tmpdir_for_all();
	egg_setgroups(e, 0, NULL);
	egg_setresgid(e, 65534, 65534, 65534);
	egg_setresuid(e, 65534, 65534, 65534);
	t_probe_ok(&p, e, bind80);
	t_probe_expect(&p, "cap.eff", "0x0000000000000000");
	t_probe_expect(&p, "bind", "80:EACCES");
	egg_free(e);
}
END_TEST

START_TEST(setgroups_setgid_setuid)
{
	struct egg *e = t_egg();
	gid_t groups[] = { 5, 7, 4000 };
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_tmpdir_for_all();
	ck_assert_int_eq(egg_setgroups(e, 3, groups), 0);
	ck_assert_int_eq(egg_setgid(e, 1234), 0);
	ck_assert_int_eq(egg_setuid(e, 4321), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "groups", "5,7,4000");
	t_probe_expect(&p, "gid", "1234:1234:1234");
	t_probe_expect(&p, "uid", "4321:4321:4321");
	egg_free(e);
}
END_TEST

/* EGG_LIST_MAX groups, the list the last bytes of the egg: every one
 * reaches the child, the last of five bytes. */
START_TEST(setgroups_max_items)
{
	struct egg *e = t_egg();
	static gid_t groups[EGG_LIST_MAX];
	static char want[EGG_LIST_MAX * 12];
	struct t_probe p T_PROBE_AUTO = { 0 };
	size_t i, n = 0;

	for (i = 0; i < EGG_LIST_MAX; i++) {
		groups[i] = (gid_t)(i < EGG_LIST_MAX - 1 ? 1000 + i : 0xfffffffe);
		n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%u", i ? "," : "",
				      (unsigned int)groups[i]);
	}
	ck_assert_int_eq(egg_setgroups(e, EGG_LIST_MAX, groups), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "groups", want);
	egg_free(e);
}
END_TEST

START_TEST(setresuid_keeps_unchanged_ids)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_tmpdir_for_all();
	/* -1 keeps the real id; the saved one cannot show it, because
	 * execve(2) sets it to the effective id. */
	ck_assert_int_eq(egg_setresgid(e, (gid_t)-1, 99, 99), 0);
	ck_assert_int_eq(egg_setresuid(e, (uid_t)-1, 77, 77), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "uid", "0:77:77");
	t_probe_expect(&p, "gid", "0:99:99");
	egg_free(e);
}
END_TEST

/* A uid change that fails is reported at its instruction. */
START_TEST(setuid_failure_names_the_op)
{
	struct egg *e = t_egg();
	struct egg_fault f;
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_tmpdir_for_all();
	egg_setresuid(e, 1000, 1000, 1000);
	egg_setuid(e, 0);	/* no way back once every id is 1000 */
	ck_assert_int_eq(t_probe_try(&p, e, NULL, &f), EPERM);
	ck_assert_int_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_SETUID);
	egg_free(e);
}
END_TEST

START_TEST(capset_and_bounding_drop_with_noroot)
{
	struct egg *e = t_egg();
	uint64_t chown_bit = 1ULL << CAP_CHOWN;
	struct t_probe p T_PROBE_AUTO = { 0 };
	char want[32];

	/* Without SECBIT_NOROOT, exec as root would grant every capability
	 * again, hiding what capset did.  The bounding set first: dropping
	 * from it takes CAP_SETPCAP, which capset gives up. */
	ck_assert_int_eq(egg_securebits(e, SECBIT_NOROOT), 0);
	ck_assert_int_eq(egg_bounding_drop(e, CAP_SYS_ADMIN), 0);
	ck_assert_int_eq(egg_capset(e, chown_bit, chown_bit, chown_bit), 0);
	ck_assert_int_eq(egg_ambient_raise(e, CAP_CHOWN), 0);
	t_probe_ok(&p, e, NULL);
	snprintf(want, sizeof(want), "0x%016llx", (unsigned long long)chown_bit);
	t_probe_expect(&p, "cap.eff", want);
	t_probe_expect(&p, "cap.prm", want);
	t_probe_expect(&p, "cap.amb", want);
	ck_assert_msg(!(strtoull(t_probe_get(&p, "cap.bnd"), NULL, 16) & (1ULL << CAP_SYS_ADMIN)),
		      "CAP_SYS_ADMIN still in the bounding set");
	t_probe_expect(&p, "securebits", "0x00000001");
	egg_free(e);
}
END_TEST

START_TEST(ambient_clear_empties_the_set)
{
	struct egg *e = t_egg();
	uint64_t bit = 1ULL << CAP_CHOWN;
	struct t_probe p T_PROBE_AUTO = { 0 };

	egg_securebits(e, SECBIT_NOROOT);
	egg_capset(e, bit, bit, bit);
	egg_ambient_raise(e, CAP_CHOWN);
	ck_assert_int_eq(egg_ambient_clear(e), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "cap.amb", "0x0000000000000000");
	egg_free(e);
}
END_TEST

START_TEST(unshare_uts_and_sethostname)
{
	struct egg *e = t_egg();
	char host[256], ours[256];
	struct t_probe p T_PROBE_AUTO = { 0 };

	gethostname(host, sizeof(host));
	ns_link("uts", ours, sizeof(ours));
	ck_assert_int_eq(egg_unshare(e, CLONE_NEWUTS), 0);
	ck_assert_int_eq(egg_sethostname(e, "egg-test-host"), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "hostname", "egg-test-host");
	ck_assert_str_ne(t_probe_get(&p, "ns.uts"), ours);
	{
		char now[256];

		gethostname(now, sizeof(now));
		ck_assert_str_eq(now, host);
	}
	egg_free(e);
}
END_TEST

START_TEST(unshare_net_ipc_user)
{
	static const struct {
		int flag;
		const char *ns;
	} cases[] = {
		{ CLONE_NEWNET, "net" }, { CLONE_NEWIPC, "ipc" }, { CLONE_NEWNS, "mnt" },
		{ CLONE_NEWUSER, "user" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct egg *e = t_egg();
		char ours[256], key[32];
		struct t_probe p T_PROBE_AUTO = { 0 };

		ns_link(cases[i].ns, ours, sizeof(ours));
		ck_assert_int_eq(egg_unshare(e, cases[i].flag), 0);
		t_probe_ok(&p, e, NULL);
		snprintf(key, sizeof(key), "ns.%s", cases[i].ns);
		ck_assert_msg(t_probe_get(&p, key) && strcmp(t_probe_get(&p, key), ours),
			      "%s namespace not new", cases[i].ns);
		egg_free(e);
	}
}
END_TEST

/* chroot into an empty directory and exec the static probe through an fd
 * opened before: the probe's output file lands inside the new root. */
START_TEST(chroot_with_fspawn)
{
	char dir[PATH_MAX], out[PATH_MAX + 16];
	char *argv[] = { "probe", "-o", "/out.txt", NULL };
	struct egg *e = t_egg();
	struct egg_fault f;
	struct t_probe p T_PROBE_AUTO = { 0 };
	int fd, st;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s", t_tmpname("root"));
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	fd = open(t_build_path("tests/probe-static"), O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(egg_chroot(e, dir), 0);
	ck_assert_int_eq(egg_chdir(e, "/"), 0);
	ck_assert_int_eq(egg_fspawn(&pid, fd, egg_data(e), egg_size(e), argv, NULL, &f), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(st, 0);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	ck_assert_msg(access(out, F_OK) == 0, "no %s: the probe did not run in the chroot", out);
	t_probe_parse(&p, t_read_file(out, NULL));
	t_probe_expect(&p, "cwd", "/");
	t_probe_free(&p);
	close(fd);
	egg_free(e);
}
END_TEST

START_TEST(setpriority_lowers_nice)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_setpriority(e, -5), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "nice", "-5");
	egg_free(e);
}
END_TEST

/* Eggs whose child changes an effective id, as ops that work and as eggs
 * that fail after the change: the kernel then marks the mm the child
 * shares with us non-dumpable. */
static int ids_setuid(struct egg *e) { return egg_setuid(e, 65534); }
static int ids_setgid(struct egg *e) { return egg_setgid(e, 65534); }
static int ids_setresuid(struct egg *e) { return egg_setresuid(e, 65534, 65534, 65534); }
static int ids_setresgid(struct egg *e) { return egg_setresgid(e, 65534, 65534, 65534); }

static int ids_then_failing_op(struct egg *e)
{
	return egg_setresuid(e, 65534, 65534, 65534) ||
	       egg_open(e, 5, "/nonexistent/egg-test", O_RDONLY, 0);
}

static const struct {
	const char *name;
	int (*build)(struct egg *e);
	const char *path;
	int error;		/* egg_spawn()'s */
} id_eggs[] = {
	{ "setuid", ids_setuid, "/bin/true", 0 },
	{ "setgid", ids_setgid, "/bin/true", 0 },
	{ "setresuid", ids_setresuid, "/bin/true", 0 },
	{ "setresgid", ids_setresgid, "/bin/true", 0 },
	{ "an op failing after", ids_then_failing_op, "/bin/true", ENOENT },
	{ "an exec failing after", ids_setresuid, "/nonexistent/egg-test", ENOENT },
};

/* Spawns id_eggs[i] and waits for the program. */
static void spawn_id_egg(int i)
{
	char *argv[] = { "true", NULL };
	struct egg *e = t_egg();
	pid_t pid;
	int err, st;

	ck_assert_int_eq(id_eggs[i].build(e), 0);
	err = egg_spawn(&pid, id_eggs[i].path, egg_data(e), egg_size(e), argv, NULL, NULL);
	ck_assert_msg(err == id_eggs[i].error, "%s: %s", id_eggs[i].name, strerror(err));
	if (!err) {
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert_int_eq(st, 0);
	}
	egg_free(e);
}

START_TEST(parent_stays_dumpable)
{
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	spawn_id_egg(_i);
	ck_assert_msg(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1,
		      "%s: the parent is no longer dumpable", id_eggs[_i].name);
}
END_TEST

/* A parent that is not root: its /proc entries are its own, and stay so.
 * Its saved uid 0 lets the child make the effective uid 0 again. */
START_TEST(parent_keeps_its_proc_entries)
{
	struct egg *e = t_egg();
	char *argv[] = { "true", NULL };
	struct stat st;
	pid_t pid;
	int status;

	ck_assert_int_eq(setresuid(65534, 65534, 0), 0);
	/* Our own change of ids made us non-dumpable; undo that first. */
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
	/* Not /proc/self itself: the kernel gives the directory the owner
	 * of the process however dumpable it is. */
	ck_assert_int_eq(stat("/proc/self/fd", &st), 0);
	ck_assert_uint_eq(st.st_uid, 65534);
	ck_assert_int_eq(egg_setresuid(e, (uid_t)-1, 0, (uid_t)-1), 0);
	ck_assert_int_eq(egg_spawn(&pid, "/bin/true", egg_data(e), egg_size(e), argv, NULL,
				   NULL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(stat("/proc/self/fd", &st), 0);
	ck_assert_msg(st.st_uid == 65534, "/proc/self/fd is owned by %u now",
		      (unsigned int)st.st_uid);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	egg_free(e);
	/* Root and dumpable again, for what runs at exit (LeakSanitizer
	 * ptraces this process). */
	ck_assert_int_eq(setresuid(0, 0, 0), 0);
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
}
END_TEST

/* The kernel clears the parent-death signal when the ids change; egg(7)
 * promises it to the program whatever the order of the ops. */
START_TEST(pdeathsig_survives_an_id_change)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	t_tmpdir_for_all();
	ck_assert_int_eq(egg_pdeathsig(e, SIGKILL), 0);
	ck_assert_int_eq(egg_setresuid(e, 65534, 65534, 65534), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "uid", "65534:65534:65534");
	t_probe_expect(&p, "pdeathsig", "9");
	egg_reset(e);
	/* The other order, and the last pdeathsig counts. */
	ck_assert_int_eq(egg_pdeathsig(e, SIGKILL), 0);
	ck_assert_int_eq(egg_setgid(e, 65534), 0);
	ck_assert_int_eq(egg_pdeathsig(e, SIGTERM), 0);
	ck_assert_int_eq(egg_setuid(e, 65534), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "pdeathsig", "15");
	egg_reset(e);
	ck_assert_int_eq(egg_pdeathsig(e, SIGKILL), 0);
	ck_assert_int_eq(egg_pdeathsig(e, 0), 0);
	ck_assert_int_eq(egg_setuid(e, 65534), 0);
	t_probe_ok(&p, e, NULL);
	t_probe_expect(&p, "pdeathsig", "0");
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s;
	TCase *t;

	if (geteuid() != 0) {
		printf("SKIP: the credential, capability, namespace and chroot cases "
		       "need root\n");
		return 77;
	}
	s = suite_create("egg-ops-root");
	t = t_tcase(s, "root", 30);
	tcase_add_test(t, unprivileged_with_ambient_bind_cap);
	tcase_add_test(t, unprivileged_without_cap_cannot_bind);
	tcase_add_test(t, setgroups_setgid_setuid);
	tcase_add_test(t, setgroups_max_items);
	tcase_add_test(t, setresuid_keeps_unchanged_ids);
	tcase_add_test(t, setuid_failure_names_the_op);
	tcase_add_test(t, capset_and_bounding_drop_with_noroot);
	tcase_add_test(t, ambient_clear_empties_the_set);
	tcase_add_test(t, unshare_uts_and_sethostname);
	tcase_add_test(t, unshare_net_ipc_user);
	tcase_add_test(t, chroot_with_fspawn);
	tcase_add_test(t, setpriority_lowers_nice);
	t = t_tcase(s, "the parent", 30);
	tcase_add_loop_test(t, parent_stays_dumpable, 0,
			    (int)(sizeof(id_eggs) / sizeof(id_eggs[0])));
	tcase_add_test(t, parent_keeps_its_proc_entries);
	tcase_add_test(t, pdeathsig_survives_an_id_change);
	return t_run(s);
}
