/* SPDX-License-Identifier: MIT */
/*
 * egg_spawn() where vfork would not share memory (lib/vmshare.h): the child
 * is made on a copy of the parent, runs the same interpreter and exec, and
 * reports back over a close-on-exec pipe.  See lib/spawn_fork.c.
 */
#ifndef EGG_SPAWN_FORK_H
#define EGG_SPAWN_FORK_H

#include <egg.h>
#include <stddef.h>
#include <sys/types.h>

#include "internal.h"

/* What the child runs: the egg, then the exec.  Returns only on failure,
 * with -errno and *fault filled in. */
typedef int egg__spawn_child_fn(const void *req, struct egg_fault *fault);

/* Makes the child, waits until it has exec'd or failed, and returns 0 with
 * *pid (and *pidfd if pidfd is not NULL), or -errno with *fault set and
 * no child, no fd left. */
int egg__spawn_fork(egg__spawn_child_fn *run, const void *req, int *pidfd,
		    pid_t *pid, struct egg_fault *fault) EGG_HIDDEN;

/* In the fork path's child only (its own copy of memory): the write end
 * of the report pipe, which the egg's fd ops leave alone (lib/ops_fd.c).
 * -1 everywhere else. */
extern int egg__fork_report_fd EGG_HIDDEN;

/* Called by the child once the egg has run, before the exec: tells the
 * parent the instruction count.  Does nothing outside the fork path. */
void egg__fork_ready(size_t count) EGG_HIDDEN;

#endif /* EGG_SPAWN_FORK_H */
