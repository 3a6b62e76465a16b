/* SPDX-License-Identifier: MIT */
/*
 * A program that knows nothing of libegg, run by posix-spawn-preload.sh
 * with libegg-spawn.so preloaded: its posix_spawn and posix_spawnp, at
 * each version, are the preload's; each version keeps its contract (the
 * /bin/sh fallback of GLIBC_2.2.5, none at GLIBC_2.15); the call is no
 * cancellation point.  It does not link libegg.
 *
 *	posix-spawn-preload PRELOAD_NAME TMPDIR
 *	posix-spawn-preload --spawn-true	(one posix_spawn, for strace)
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef int spawn_fn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		     const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);

static const char *preload_name;
static int failures;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			failures++; \
		} \
	} while (0)

/* Is fn defined in the preload library? */
static int in_preload(void *fn)
{
	Dl_info info;

	if (!fn || !dladdr(fn, &info) || !info.dli_fname)
		return 0;
	return strstr(info.dli_fname, preload_name) != NULL;
}

static void check_binding(void)
{
	CHECK(in_preload(dlsym(RTLD_DEFAULT, "posix_spawn")), "posix_spawn is not the preload's");
	CHECK(in_preload(dlsym(RTLD_DEFAULT, "posix_spawnp")), "posix_spawnp is not the preload's");
	/* What this program itself calls, bound at link time. */
	CHECK(in_preload((void *)posix_spawn), "the program's posix_spawn is not the preload's");
#if defined(__x86_64__)
	CHECK(in_preload(dlvsym(RTLD_DEFAULT, "posix_spawn", "GLIBC_2.2.5")),
	      "posix_spawn@GLIBC_2.2.5 is not the preload's");
	CHECK(in_preload(dlvsym(RTLD_DEFAULT, "posix_spawnp", "GLIBC_2.2.5")),
	      "posix_spawnp@GLIBC_2.2.5 is not the preload's");
	CHECK(in_preload(dlvsym(RTLD_DEFAULT, "posix_spawn", "GLIBC_2.15")),
	      "posix_spawn@GLIBC_2.15 is not the preload's");
#endif
	/* Nothing the C library lacks, nothing else of the library. */
	CHECK(!in_preload(dlsym(RTLD_DEFAULT, "posix_spawn_file_actions_addclose")),
	      "the preload exports a file-actions call");
	CHECK(dlsym(RTLD_DEFAULT, "egg_posix_spawn") == NULL, "the preload exports libegg");
}

/* Spawns path with fn; returns the spawn's error, or the exit status +
 * 1000 if it ran. */
static int run(spawn_fn *fn, const char *path)
{
	char *argv[] = { "script", "arg1", NULL };
	pid_t pid = -7;
	int err, st;

	err = fn(&pid, path, NULL, NULL, argv, environ);
	if (err) {
		CHECK(pid == -7, "*pid changed on failure");
		return err;
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return 1000 + WEXITSTATUS(st);
}

#if defined(__x86_64__)
/* posix_spawnp@GLIBC_2.2.5 of a bare name found on PATH, from another
 * directory: whatever /bin/sh is given (glibc 2.36 gives it the name as
 * the caller wrote it, not the path found), the same as glibc's own, the
 * oracle, does. */
static void check_search_compat(spawn_fn *oldp, const char *tmp)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	spawn_fn *glibc = libc ? (spawn_fn *)dlvsym(libc, "posix_spawnp", "GLIBC_2.2.5") : NULL;
	char path[4200], *old = getenv("PATH"), cwd[4096];
	int want, got;

	snprintf(path, sizeof(path), "/nonexistent:%s", tmp);
	old = old ? strdup(old) : NULL;
	if (!getcwd(cwd, sizeof(cwd)) || setenv("PATH", path, 1) || chdir("/")) {
		CHECK(0, "getcwd, setenv or chdir");
		return;
	}
	CHECK(glibc && !in_preload((void *)glibc), "no glibc posix_spawnp@GLIBC_2.2.5");
	want = glibc ? run(glibc, "no-shebang") : -2;
	got = oldp ? run(oldp, "no-shebang") : -3;
	CHECK(got == want, "posix_spawnp@GLIBC_2.2.5 of a name on PATH gave %d, glibc's %d",
	      got, want);
	if ((old ? setenv("PATH", old, 1) : unsetenv("PATH")) || chdir(cwd))
		CHECK(0, "restoring PATH and the directory");
	free(old);
}
#endif

/* A script without #!: the old version runs it with /bin/sh, which sees
 * the script's path and argv[1]; the new one fails with ENOEXEC. */
static void check_versions(const char *tmp)
{
	char script[4096];
	FILE *f;

	snprintf(script, sizeof(script), "%s/no-shebang", tmp);
	f = fopen(script, "w");
	if (!f || fputs("test \"$1\" = arg1 && test \"$0\" = \"${0%no-shebang}no-shebang\" "
			"&& exit 3; exit 4\n", f) == EOF || fclose(f) || chmod(script, 0755)) {
		CHECK(0, "cannot write %s", script);
		return;
	}
	CHECK(run(posix_spawn, script) == ENOEXEC, "posix_spawn ran a script without #!");
#if defined(__x86_64__)
	{
		spawn_fn *old = (spawn_fn *)dlvsym(RTLD_DEFAULT, "posix_spawn", "GLIBC_2.2.5");
		spawn_fn *oldp = (spawn_fn *)dlvsym(RTLD_DEFAULT, "posix_spawnp", "GLIBC_2.2.5");
		spawn_fn *newp = (spawn_fn *)dlvsym(RTLD_DEFAULT, "posix_spawnp", "GLIBC_2.15");
		int r;

		r = old ? run(old, script) : -2;
		CHECK(r == 1003, "posix_spawn@GLIBC_2.2.5 gave %d, not /bin/sh's exit 3", r);
		r = oldp ? run(oldp, script) : -2;
		CHECK(r == 1003, "posix_spawnp@GLIBC_2.2.5 gave %d, not /bin/sh's exit 3", r);
		r = newp ? run(newp, script) : -2;
		CHECK(r == ENOEXEC, "posix_spawnp@GLIBC_2.15 gave %d, not ENOEXEC", r);
		check_search_compat(oldp, tmp);
	}
#endif
}

static pid_t cancel_child;

static void *spawn_with_cancel_pending(void *arg)
{
	char *argv[] = { "true", NULL };
	int *err = arg;

	pthread_cancel(pthread_self());
	/* Deferred cancellation: posix_spawn must not act on it (and the
	 * child is waited for after the join: waitpid is a cancellation
	 * point). */
	*err = posix_spawnp(&cancel_child, "true", NULL, NULL, argv, environ);
	*err += 1000;
	pthread_testcancel();
	*err = -1;
	return NULL;
}

static void check_not_a_cancellation_point(void)
{
	pthread_t t;
	void *ret;
	int err = -2;

	CHECK(pthread_create(&t, NULL, spawn_with_cancel_pending, &err) == 0,
	      "pthread_create");
	CHECK(pthread_join(t, &ret) == 0, "pthread_join");
	CHECK(ret == PTHREAD_CANCELED, "the thread was not cancelled at all");
	if (err == 1000)
		waitpid(cancel_child, NULL, 0);
	CHECK(err == 1000, "posix_spawn was a cancellation point, or failed: %d", err);
}

static int spawn_true(void)
{
	char *argv[] = { "true", NULL };
	pid_t pid;
	int st;

	if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) ||
	    waitpid(pid, &st, 0) != pid || st != 0)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--spawn-true"))
		return spawn_true();
	if (argc != 3) {
		fprintf(stderr, "usage: %s PRELOAD_NAME TMPDIR\n", argv[0]);
		return 2;
	}
	preload_name = argv[1];
	check_binding();
	check_versions(argv[2]);
	check_not_a_cancellation_point();
	if (failures)
		return 1;
	printf("posix-spawn-preload: all checks passed\n");
	return 0;
}
