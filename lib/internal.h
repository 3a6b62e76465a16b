/* SPDX-License-Identifier: MIT */
/* Declarations shared inside libegg; nothing here is ABI. */
#ifndef EGG_INTERNAL_H
#define EGG_INTERNAL_H

/* Everything is hidden (-fvisibility=hidden) unless marked for export; the
 * version script then decides what the shared library really exports. */
#define EGG_EXPORT __attribute__((__visibility__("default")))
#define EGG_HIDDEN __attribute__((__visibility__("hidden")))

#define EGG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define egg__likely(x) __builtin_expect(!!(x), 1)
#define egg__unlikely(x) __builtin_expect(!!(x), 0)

/* The kernel's sigset_t is 64 bits on every architecture libegg supports. */
typedef unsigned long long egg__ksigset;
#define EGG__KSIGSET_FULL (~0ULL)

/* Every EGG_SPAWN_* flag this build knows. */
#define EGG__SPAWN_FLAGS \
	(EGG_SPAWN_SEARCH | EGG_SPAWN_EMPTY_PATH | EGG_SPAWN_NOSIGCHLD)

/* Test hooks: a test linked against the internal library may pretend that
 * the kernel lacks a system call.  Bits of egg__hook_enosys. */
#define EGG__HOOK_NO_CLONE3 0x1u
#define EGG__HOOK_NO_CLOSE_RANGE 0x2u
#define EGG__HOOK_NO_CLEAR_SIGHAND 0x4u
extern unsigned int egg__hook_enosys EGG_HIDDEN;

/* Set signal dispositions in the child to SIG_DFL: every caught signal
 * (egg__sig_reset_handlers; ignored ones stay ignored), or exactly the
 * signals in set.  Raw syscalls only; 0 or -errno. */
int egg__sig_reset_handlers(void) EGG_HIDDEN;
int egg__sig_set_default(egg__ksigset set) EGG_HIDDEN;
/* Every signal in set to SIG_IGN, the same way. */
int egg__sig_set_ignore(egg__ksigset set) EGG_HIDDEN;
/* 1 if sig is ignored in this process. */
int egg__sig_ignored(int sig) EGG_HIDDEN;

/* The signal mask sfork_execveat() will give the new program; only valid
 * in an sfork child.  Returns -EINVAL outside one. */
int egg__sfork_set_exec_mask(egg__ksigset mask) EGG_HIDDEN;

#endif /* EGG_INTERNAL_H */
