/* SPDX-License-Identifier: MIT */
/* What egg_spawnx() and egg_aspawn() share: how flags name the program. */
#ifndef EGG_SPAWN_TARGET_H
#define EGG_SPAWN_TARGET_H

#include <egg.h>

#include "internal.h"

/* The exec to make, as for execveat(2), or a PATH search. */
struct egg__target {
	int dirfd;
	const char *file;
	int flags;		/* AT_EMPTY_PATH or 0 */
	const char *path;	/* PATH for a search, or NULL for none */
};

/* Checks dirfd, path and EGG_SPAWN_* flags and fills in *t.  Returns 0 or
 * a positive errno (EINVAL, EBADF); PATH is read here, in the
 * parent. */
int egg__spawn_target(struct egg__target *t, int dirfd, const char *path,
		      unsigned int flags) EGG_HIDDEN;

/* egg_spawnx() with EGG_SPAWN_NOSIGCHLD, through egg_aspawn(): the same
 * arguments and results (lib/spawn_kept.c). */
int egg__spawnx_kept(pid_t *pid, int *pidfd, int dirfd, const char *path,
		     const void *code, size_t len, char *const argv[], char *const envp[],
		     unsigned int flags, struct egg_fault *fault) EGG_HIDDEN;

#endif /* EGG_SPAWN_TARGET_H */
