/* SPDX-License-Identifier: MIT */
/* What egg_popen() and egg_system() share: /bin/sh -c under two eggs. */
#ifndef EGG_SHELL_H
#define EGG_SHELL_H

#include <egg.h>

#include "internal.h"

/* A child running /bin/sh -c command, and the pidfd to reap it with (-1
 * where the kernel has none: then the pid, with __WALL).  The child is a
 * keeper (EGG_SPAWN_NOSIGCHLD) that ends as the shell did, but where the
 * memory is copied (valgrind). */
struct egg__shell {
	pid_t pid;
	int pidfd;
};

/* Spawns /bin/sh -c command with the library's setup egg and then the
 * caller's egg, code and len.  0, or a positive errno with *fault about
 * the caller's egg (index and offset in it).  The caller's egg must
 * already be valid. */
int egg__shell_spawn(struct egg__shell *sh, const char *command, const struct egg *setup,
		     const void *code, size_t len, struct egg_fault *fault) EGG_HIDDEN;

/* Reaps it: the wait status as waitpid() gives it, or -errno.  Through the
 * pidfd, so that a reused pid is never taken for ours. */
int egg__shell_wait(struct egg__shell *sh) EGG_HIDDEN;

/* The caller's egg checked, for the fault: 0 or EINVAL. */
int egg__shell_check(const void *code, size_t len, struct egg_fault *fault) EGG_HIDDEN;

#endif /* EGG_SHELL_H */
