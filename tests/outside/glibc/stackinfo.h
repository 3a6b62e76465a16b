/*
 * What glibc's support/ library takes from stackinfo.h, for x86_64 and
 * aarch64: the stack grows down, and its pages' permissions.
 */
#ifndef OUTSIDE_GLIBC_STACKINFO_H
#define OUTSIDE_GLIBC_STACKINFO_H

#define _STACK_GROWS_DOWN 1

/* As a program linked with -z noexecstack: no PF_X. */
#include <elf.h>
#define DEFAULT_STACK_PERMS (PF_R | PF_W)

#endif
