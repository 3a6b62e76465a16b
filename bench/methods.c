/* SPDX-License-Identifier: MIT */
/*
 * The ways spawnbench starts the stamp program.  Each is what a careful
 * caller would write, no more: the fork and vfork children call execve and
 * _exit, the clone floor does the same on a stack of its own, the eggs and
 * posix_spawn's file actions are built once and reused.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "spawnbench.h"

/* Searched before the stamp's own directory by the spawnp methods: the
 * usual PATH of a Debian root shell, six misses before the hit. */
#define PATH_PREFIX "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

#define CLONE_STACK_SIZE (64 * 1024)

typedef int preload_spawn_fn(pid_t *pid, const char *path,
			     const posix_spawn_file_actions_t *fa,
			     const posix_spawnattr_t *attr, char *const argv[],
			     char *const envp[]);

static struct {
	char stamp[PATH_MAX];
	const char *name;	/* stamp's file name, for the PATH search */
	char path[PATH_MAX + sizeof(PATH_PREFIX) + 1];
	char path_env[PATH_MAX + sizeof(PATH_PREFIX) + 6];
	char *argv[2];
	char *envp[3];
	struct egg *egg6;
	posix_spawn_file_actions_t fa6;
	posix_spawnattr_t attr6;
	struct rlimit nofile;
	preload_spawn_fn *preload;	/* libegg-spawn.so's posix_spawn */
} cfg;

static __thread struct egg_fault last_fault;

/* Only the latency runs use the clone floor, from one thread. */
static char clone_stack[CLONE_STACK_SIZE] __attribute__((aligned(16)));

static int status_of(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

static int spawn_fork(pid_t *pid)
{
	pid_t p = fork();

	if (p == 0) {
		execve(cfg.stamp, cfg.argv, cfg.envp);
		_exit(127);
	}
	if (p < 0)
		return errno;
	*pid = p;
	return 0;
}

static int spawn_vfork(pid_t *pid)
{
	pid_t p = vfork();

	if (p == 0) {
		execve(cfg.stamp, cfg.argv, cfg.envp);
		_exit(127);
	}
	if (p < 0)
		return errno;
	*pid = p;
	return 0;
}

static void egg6_syscalls(void);

/* The six-op egg by hand, as a careful vfork user would write it. */
static int spawn_vfork6(pid_t *pid)
{
	pid_t p = vfork();

	if (p == 0) {
		egg6_syscalls();
		execve(cfg.stamp, cfg.argv, cfg.envp);
		_exit(127);
	}
	if (p < 0)
		return errno;
	*pid = p;
	return 0;
}

static int clone_child(void *arg)
{
	execve(cfg.stamp, cfg.argv, cfg.envp);
	_exit(127);
}

static int spawn_clone(pid_t *pid)
{
	pid_t p = clone(clone_child, clone_stack + sizeof(clone_stack),
			CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);

	if (p < 0)
		return errno;
	*pid = p;
	return 0;
}

static int spawn_posix(pid_t *pid)
{
	return posix_spawn(pid, cfg.stamp, NULL, NULL, cfg.argv, cfg.envp);
}

static int spawn_sfork(pid_t *pid)
{
	int r = sfork();

	if (r == 0) {
		r = sfork_execveat(AT_FDCWD, cfg.stamp, cfg.argv, cfg.envp, 0);
		/* Still the child: the exec failed.  The parent sees 127. */
		if (r < 0)
			r = sfork_exit(127);
	}
	if (r < 0)
		return -r;
	*pid = r;
	return 0;
}

static int spawn_egg(pid_t *pid)
{
	return egg_spawn(pid, cfg.stamp, NULL, 0, cfg.argv, cfg.envp, &last_fault);
}

static int spawn_egg6(pid_t *pid)
{
	return egg_spawn(pid, cfg.stamp, egg_data(cfg.egg6), egg_size(cfg.egg6),
			 cfg.argv, cfg.envp, &last_fault);
}

static int spawn_posix6(pid_t *pid)
{
	return posix_spawn(pid, cfg.stamp, &cfg.fa6, &cfg.attr6, cfg.argv, cfg.envp);
}

static int spawn_eggp(pid_t *pid)
{
	return egg_spawnp(pid, cfg.name, NULL, 0, cfg.argv, cfg.envp, &last_fault);
}

static int spawn_posixp(pid_t *pid)
{
	return posix_spawnp(pid, cfg.name, NULL, NULL, cfg.argv, cfg.envp);
}

static int spawn_egg_posix(pid_t *pid)
{
	return egg_posix_spawn(pid, cfg.stamp, NULL, NULL, cfg.argv, cfg.envp);
}

static int spawn_egg_posix6(pid_t *pid)
{
	return egg_posix_spawn(pid, cfg.stamp, &cfg.fa6, &cfg.attr6, cfg.argv, cfg.envp);
}

/* What a program run with LD_PRELOAD=libegg-spawn.so calls: the preload's
 * posix_spawn@@GLIBC_2.15, found in it by version, so that glibc's and
 * the preload's are measured in the same run. */
static int spawn_preload(pid_t *pid)
{
	if (!cfg.preload)
		return ENOENT;
	return cfg.preload(pid, cfg.stamp, NULL, NULL, cfg.argv, cfg.envp);
}

static int spawn_preload6(pid_t *pid)
{
	if (!cfg.preload)
		return ENOENT;
	return cfg.preload(pid, cfg.stamp, &cfg.fa6, &cfg.attr6, cfg.argv, cfg.envp);
}

const struct spawn_method spawn_methods[] = {
	{ "clone", "clone(CLONE_VM|CLONE_VFORK|SIGCHLD) on a static stack, execve",
	  spawn_clone, METHOD_FLOOR },
	{ "vfork", "vfork(), execve", spawn_vfork, METHOD_THROUGHPUT },
	{ "fork", "fork(), execve", spawn_fork, METHOD_COW },
	{ "posix_spawn", "glibc posix_spawn, no attributes or file actions",
	  spawn_posix, METHOD_THROUGHPUT },
	{ "sfork", "sfork(), sfork_execveat()", spawn_sfork, 0 },
	{ "egg_spawn", "egg_spawn with an empty egg",
	  spawn_egg, METHOD_THROUGHPUT },
	{ "egg_spawn6", "egg_spawn, egg: setsid, open, dup2, close_range, setrlimit, umask",
	  spawn_egg6, 0 },
	{ "posix_spawn6", "posix_spawn, SETSID, addopen, adddup2, addclosefrom_np",
	  spawn_posix6, 0 },
	{ "vfork6", "vfork(), the six-op egg's system calls by hand, execve",
	  spawn_vfork6, 0 },
	{ "egg_spawnp", "egg_spawnp, PATH of 7 directories, the stamp in the last",
	  spawn_eggp, 0 },
	{ "posix_spawnp", "posix_spawnp, the same PATH", spawn_posixp, 0 },
	{ "egg_posix_spawn", "egg_posix_spawn, no attributes or file actions",
	  spawn_egg_posix, 0 },
	{ "egg_posix_spawn6", "egg_posix_spawn, posix_spawn6's attributes and actions",
	  spawn_egg_posix6, 0 },
	{ "preload_spawn", "posix_spawn of libegg-spawn.so, no attributes or file actions",
	  spawn_preload, METHOD_THROUGHPUT | METHOD_PRELOAD },
	{ "preload_spawn6", "posix_spawn of libegg-spawn.so, posix_spawn6's arguments",
	  spawn_preload6, METHOD_PRELOAD },
};
const size_t spawn_nmethods = sizeof(spawn_methods) / sizeof(spawn_methods[0]);

/* A daemon's usual start: its own session, stdin and stdout on /dev/null,
 * no inherited fds but the timestamp's, a file limit, a umask. */
static int egg6_build(void)
{
	cfg.egg6 = egg_new();
	if (!cfg.egg6)
		return ENOMEM;
	return egg_setsid(cfg.egg6) ||
	       egg_open(cfg.egg6, 0, "/dev/null", O_RDWR, 0) ||
	       egg_dup2(cfg.egg6, 0, 1) ||
	       egg_close_range(cfg.egg6, STAMP_FD + 1, ~0U, 0) ||
	       egg_setrlimit(cfg.egg6, RLIMIT_NOFILE, &cfg.nofile) ||
	       egg_umask(cfg.egg6, 022) ? EINVAL : 0;
}

/* The nearest posix_spawn gets: no rlimit, no umask. */
static int posix6_build(void)
{
	int err;

	err = posix_spawn_file_actions_init(&cfg.fa6);
	if (!err)
		err = posix_spawn_file_actions_addopen(&cfg.fa6, 0, "/dev/null", O_RDWR, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&cfg.fa6, 0, 1);
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34)
	if (!err)
		err = posix_spawn_file_actions_addclosefrom_np(&cfg.fa6, STAMP_FD + 1);
#endif
	if (!err)
		err = posix_spawnattr_init(&cfg.attr6);
	if (!err)
		err = posix_spawnattr_setflags(&cfg.attr6, POSIX_SPAWN_SETSID);
	return err;
}

/* The spawnp methods must find the stamp in the last directory only. */
static int path_build(void)
{
	char *slash = strrchr(cfg.stamp, '/');
	const char *dir = PATH_PREFIX;
	char probe[PATH_MAX];

	cfg.name = slash + 1;
	while (*dir) {
		size_t n = strcspn(dir, ":");

		snprintf(probe, sizeof(probe), "%.*s/%s", (int)n, dir, cfg.name);
		if (access(probe, F_OK) == 0) {
			fprintf(stderr, "spawnbench: %s would shadow the stamp program\n", probe);
			return -1;
		}
		dir += n + (dir[n] == ':');
	}
	snprintf(cfg.path, sizeof(cfg.path), "%s:%.*s", PATH_PREFIX,
		 (int)(slash - cfg.stamp), cfg.stamp);
	snprintf(cfg.path_env, sizeof(cfg.path_env), "PATH=%s", cfg.path);
	return setenv("PATH", cfg.path, 1);
}

#if defined(__x86_64__)
# define SPAWN_VERSION "GLIBC_2.15"
#else
# define SPAWN_VERSION "GLIBC_2.17"
#endif

/* The preload library: $SPAWNBENCH_PRELOAD, or the build tree's, which is
 * ../preload/.libs from the stamp program's directory. */
static void preload_load(void)
{
	const char *env = getenv("SPAWNBENCH_PRELOAD");
	char path[PATH_MAX + 64];
	void *h;

	if (env)
		snprintf(path, sizeof(path), "%s", env);
	else
		snprintf(path, sizeof(path), "%.*s/../preload/.libs/libegg-spawn.so",
			 (int)(strrchr(cfg.stamp, '/') - cfg.stamp), cfg.stamp);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h)
		cfg.preload = (preload_spawn_fn *)dlvsym(h, "posix_spawn", SPAWN_VERSION);
	if (!cfg.preload)
		fprintf(stderr, "spawnbench: no posix_spawn in %s (%s): the preload "
			"methods are left out\n", path, h ? "not at " SPAWN_VERSION : dlerror());
}

int methods_init(const char *stamp)
{
	if (!realpath(stamp, cfg.stamp) || access(cfg.stamp, X_OK)) {
		fprintf(stderr, "spawnbench: %s: %s\n", stamp, strerror(errno));
		return -1;
	}
	if (path_build())
		return -1;
	cfg.argv[0] = (char *)cfg.name;
	cfg.envp[0] = cfg.path_env;
	cfg.envp[1] = "LC_ALL=C";
	getrlimit(RLIMIT_NOFILE, &cfg.nofile);
	if (egg6_build() || posix6_build()) {
		fprintf(stderr, "spawnbench: cannot build the six-op egg or file actions\n");
		return -1;
	}
	preload_load();
	return 0;
}

int methods_have_preload(void)
{
	return cfg.preload != NULL;
}

const char *methods_path(void)
{
	return cfg.path;
}

void methods_print_fault(FILE *out)
{
	fprintf(out, "egg fault: index %zu, opcode %u, error %s, offset %zu\n",
		last_fault.index, last_fault.opcode, strerror(last_fault.error),
		last_fault.offset);
}

const char methods_egg6_syscalls[] =
	"setsid, openat+dup3+close (fd 0 is taken), dup3, close_range, prlimit64, umask";

static volatile uint64_t egg6_ns;

/* As the egg's ops make them (lib/ops_proc.c, lib/ops_fd.c): open lands
 * on a free fd and is moved onto fd 0 with dup3, then closed. */
static void egg6_syscalls(void)
{
	struct rlimit rl = cfg.nofile;
	long fd;

	syscall(SYS_setsid);
	fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR, 0);
	if (fd > 0) {
		syscall(SYS_dup3, fd, 0, 0);
		syscall(SYS_close, fd);
	}
	syscall(SYS_dup3, 0, 1, 0);
	syscall(SYS_close_range, STAMP_FD + 1, ~0U, 0);
	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL);
	syscall(SYS_umask, 022);
}

uint64_t methods_time_egg6_syscalls(void)
{
	pid_t p;

	egg6_ns = 0;
	p = vfork();
	if (p == 0) {
		uint64_t t0 = now_ns();

		egg6_syscalls();
		egg6_ns = now_ns() - t0;
		_exit(0);
	}
	if (p < 0 || status_of(p) != 0)
		return 0;
	return egg6_ns;
}
