/* SPDX-License-Identifier: MIT */
/*
 * Linked into a second build of a spawn test: pretends, before main, that
 * vfork children do not share memory (as under valgrind), so that every
 * egg_spawn() of the test takes the fork path (lib/spawn_fork.c).
 */
#include "vmshare.h"

static void __attribute__((constructor)) force_fork_path(void)
{
	egg__vm_sharing = EGG__VM_COPIED;
}
