/* SPDX-License-Identifier: MIT */
/*
 * libegg-spawn.so: LD_PRELOAD it, and a program's calls to posix_spawn and
 * posix_spawnp go through eggs.  See libegg-spawn(7).
 *
 * Each entry point is exported at the versions glibc gives it, so that a
 * caller bound to posix_spawn@GLIBC_2.2.5 keeps that version's /bin/sh
 * fallback and one bound to GLIBC_2.15 does not get it.  posix_spawn is no
 * cancellation point: cancellation is disabled before anything else, and
 * nothing here (no stdio, no open) could be one before that.  Whatever the
 * egg code does not understand, or any libc but the one it was checked
 * against, goes to the libc's own function.
 */
#include <errno.h>
#include <pthread.h>

#include "posixspawn.h"

#define SHIM_EXPORT __attribute__((__visibility__("default")))

static int shim(pid_t *pid, const char *file, unsigned int how,
		const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
		char *const argv[], char *const envp[])
{
	egg__libc_spawn_fn *libc;
	int state, err = ENOTSUP;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state);
	__atomic_store_n(&egg__in_preload, 1, __ATOMIC_RELAXED);
	if (egg__ps_libc_known())
		err = egg__posix_spawn(pid, file, how, fa, attr, argv, envp);
	if (err == ENOTSUP) {
		libc = egg__libc_spawn(how);
		err = libc ? libc(pid, file, fa, attr, argv, envp) : ENOSYS;
	}
	pthread_setcancelstate(state, NULL);
	return err;
}

SHIM_EXPORT int egg_shim_spawn(pid_t *pid, const char *path,
			       const posix_spawn_file_actions_t *fa,
			       const posix_spawnattr_t *attr, char *const argv[],
			       char *const envp[]);
SHIM_EXPORT int egg_shim_spawnp(pid_t *pid, const char *file,
				const posix_spawn_file_actions_t *fa,
				const posix_spawnattr_t *attr, char *const argv[],
				char *const envp[]);

int egg_shim_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		   const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return shim(pid, path, 0, fa, attr, argv, envp);
}

int egg_shim_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return shim(pid, file, EGG__PS_SEARCH, fa, attr, argv, envp);
}

#if defined(__x86_64__)
SHIM_EXPORT int egg_shim_spawn_compat(pid_t *pid, const char *path,
				      const posix_spawn_file_actions_t *fa,
				      const posix_spawnattr_t *attr, char *const argv[],
				      char *const envp[]);
SHIM_EXPORT int egg_shim_spawnp_compat(pid_t *pid, const char *file,
				       const posix_spawn_file_actions_t *fa,
				       const posix_spawnattr_t *attr, char *const argv[],
				       char *const envp[]);

int egg_shim_spawn_compat(pid_t *pid, const char *path,
			  const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *attr, char *const argv[],
			  char *const envp[])
{
	return shim(pid, path, EGG__PS_SHELL, fa, attr, argv, envp);
}

int egg_shim_spawnp_compat(pid_t *pid, const char *file,
			   const posix_spawn_file_actions_t *fa,
			   const posix_spawnattr_t *attr, char *const argv[],
			   char *const envp[])
{
	return shim(pid, file, EGG__PS_SEARCH | EGG__PS_SHELL, fa, attr, argv, envp);
}

__asm__(".symver egg_shim_spawn, posix_spawn@@GLIBC_2.15");
__asm__(".symver egg_shim_spawnp, posix_spawnp@@GLIBC_2.15");
__asm__(".symver egg_shim_spawn_compat, posix_spawn@GLIBC_2.2.5");
__asm__(".symver egg_shim_spawnp_compat, posix_spawnp@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver egg_shim_spawn, posix_spawn@@GLIBC_2.17");
__asm__(".symver egg_shim_spawnp, posix_spawnp@@GLIBC_2.17");
#endif
