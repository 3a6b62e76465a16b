/* SPDX-License-Identifier: MIT */
/*
 * Linked into a second build of a spawn test: pretends, before main, that
 * vfork children do not share memory (as under valgrind), so that every
 * egg_spawn() of the test takes the fork path (lib/spawn_fork.c).  With
 * EGG_TEST_NO_CLONE3 set in the environment, also that the kernel has no
 * clone3, so the fork path uses clone and resets handlers itself.
 */
#include <stdlib.h>

#include "internal.h"
#include "vmshare.h"

static void __attribute__((constructor)) force_fork_path(void)
{
	egg__vm_sharing = EGG__VM_COPIED;
	if (getenv("EGG_TEST_NO_CLONE3"))
		egg__hook_enosys |= EGG__HOOK_NO_CLONE3;
}
