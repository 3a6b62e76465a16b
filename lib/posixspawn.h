/* SPDX-License-Identifier: MIT */
/*
 * posix_spawn on eggs: shared by the link-time API (lib/posix_spawn.c) and
 * the preload library (preload/), which links this code in privately.
 */
#ifndef EGG_POSIXSPAWN_H
#define EGG_POSIXSPAWN_H

#include <egg.h>
#include <spawn.h>

#include "internal.h"

/* How to exec: search PATH (posix_spawnp), and run /bin/sh on a file the
 * kernel cannot exec (ENOEXEC), as glibc's posix_spawn@GLIBC_2.2.5 does. */
#define EGG__PS_SEARCH 0x1u
#define EGG__PS_SHELL 0x2u

/* The glibc version whose file-actions layout and posix_spawn behaviour
 * this code was checked against; any other is left to the libc. */
#define EGG__PS_GLIBC "2.36"

/* Spawns as posix_spawn(3) would.  Returns 0 or a positive errno, or
 * ENOTSUP, with nothing done, where fa or attr hold something this code
 * does not understand: the caller then hands the call to the libc. */
int egg__posix_spawn(pid_t *pid, const char *file, unsigned int how,
		     const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
		     char *const argv[], char *const envp[]) EGG_HIDDEN;

/* Appends one instruction per file action, in order; ENOTSUP for an
 * action it does not know or a libc whose layout it does not know. */
int egg__fa_to_egg(struct egg *egg, const posix_spawn_file_actions_t *fa) EGG_HIDDEN;

/* The spawn itself (lib/spawn.c): egg's code, then the exec that how says;
 * sh_argv, or NULL, is what /bin/sh gets after ENOEXEC. */
int egg__spawn_posix(pid_t *pid, const char *file, unsigned int how,
		     const struct egg *egg, char *const argv[], char *const sh_argv[],
		     char *const envp[]) EGG_HIDDEN;

/* Cuts the egg back to an earlier size and count (lib/builder.c). */
void egg__truncate(struct egg *egg, size_t len, size_t count) EGG_HIDDEN;

/* The libc's own posix_spawn (how 0), posix_spawnp (EGG__PS_SEARCH), or
 * on x86_64 their GLIBC_2.2.5 versions (with EGG__PS_SHELL); found once,
 * from the object this code is linked into, so that a preloaded
 * posix_spawn is never found again.  NULL if the libc has none. */
typedef int egg__libc_spawn_fn(pid_t *pid, const char *file,
			       const posix_spawn_file_actions_t *fa,
			       const posix_spawnattr_t *attr, char *const argv[],
			       char *const envp[]);
egg__libc_spawn_fn *egg__libc_spawn(unsigned int how) EGG_HIDDEN;
/* Set by the preload library before its first lookup: there a plain
 * reference to posix_spawn is its own, never the libc's. */
extern int egg__in_preload EGG_HIDDEN;

/* Is this the glibc the layout was checked against?  0 off glibc. */
int egg__ps_libc_known(void) EGG_HIDDEN;

#endif /* EGG_POSIXSPAWN_H */
