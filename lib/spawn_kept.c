/* SPDX-License-Identifier: MIT */
/*
 * egg_spawnx() with EGG_SPAWN_NOSIGCHLD: the caller's child is a keeper
 * (lib/keeper.c) that lives on after the call, which only egg_aspawn()'s
 * machinery provides (an sfork child returns on the caller's stack).  So
 * the synchronous call is egg_aspawn() and a wait for its result.
 */
#include <errno.h>
#include <poll.h>

#include "aspawn.h"
#include "spawn_target.h"

int egg__spawnx_kept(pid_t *pid, int *pidfd, int dirfd, const char *path,
		     const void *code, size_t len, char *const argv[], char *const envp[],
		     unsigned int flags, struct egg_fault *fault)
{
	struct egg__target t;
	struct egg_child *c;
	struct pollfd p;
	int err;

	*fault = (struct egg_fault){ 0 };
	err = egg__aspawn_args_check(&t, dirfd, path, code, len, argv, flags);
	if (err) {
		*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_ARGS };
		return err;
	}
	err = egg_aspawn(&c, dirfd, path, code, len, argv, envp, flags);
	if (err) {
		*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_CHILD };
		return err;
	}
	p = (struct pollfd){ .fd = egg_child_fd(c), .events = POLLIN };
	while ((err = egg_child_result(c, pid, pidfd, fault)) == EINPROGRESS)
		poll(&p, 1, -1);
	egg_child_free(c);
	return err;
}
