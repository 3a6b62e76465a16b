/* SPDX-License-Identifier: MIT */
/*
 * Does a vfork child share our memory?  On Linux it does; under valgrind,
 * qemu-user and some interposers vfork is turned into fork, and sfork's
 * child would run on a copy: it could not hand the thread back.  Learnt
 * once per process, on the first sfork() or egg_spawn(), in lib/vmshare.c.
 */
#ifndef EGG_VMSHARE_H
#define EGG_VMSHARE_H

#include "internal.h"

#define EGG__VM_UNKNOWN 0
#define EGG__VM_SHARED 1
#define EGG__VM_COPIED 2

/* One of the above.  A fork()ed child inherits the answer, which stays
 * right: the child of a process under valgrind is under valgrind.  A test
 * linked against the internal library may set EGG__VM_COPIED to force the
 * fork path (lib/spawn_fork.c). */
extern int egg__vm_sharing EGG_HIDDEN;

/* Finds out, caches and returns 1 (shared) or 0 (copied). */
int egg__vm_probe(void) EGG_HIDDEN;

/* The hot path: one load once the answer is known. */
static inline int egg__vm_shared(void)
{
	int s = __atomic_load_n(&egg__vm_sharing, __ATOMIC_RELAXED);

	if (egg__likely(s == EGG__VM_SHARED))
		return 1;
	if (s == EGG__VM_COPIED)
		return 0;
	return egg__vm_probe();
}

#endif /* EGG_VMSHARE_H */
