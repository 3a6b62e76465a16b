/* SPDX-License-Identifier: MIT */
/*
 * sfork: a synchronous fork.
 *
 * After sfork() the calling thread runs on in a new child process that shares
 * the parent's memory.  sfork_exit() or sfork_execveat() ends the child's use
 * of the thread, which is then back in the parent and continues from that
 * point, with the child's pid as the return value.  See sfork(3).
 */
#ifndef SFORK_H
#define SFORK_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
# define SFORK_RETURNS_TWICE __attribute__((__returns_twice__))
#else
# define SFORK_RETURNS_TWICE
#endif

/* How deeply sfork() may nest: a child may sfork again, up to this depth. */
#define SFORK_MAX_DEPTH 64

/*
 * Returns 0, now running in the child, or a negative errno value if no child
 * could be made (the thread is still in the parent).  If the child dies
 * before it calls sfork_exit() or sfork_execveat(), sfork() returns a second
 * time, in the parent, with -EOWNERDEAD; the child has been reaped.
 * Fails with -EOPNOTSUPP, making no child, where a vfork child would not
 * share the parent's memory (under valgrind or qemu-user).
 */
int sfork(void) SFORK_RETURNS_TWICE;

/*
 * Like sfork(), and the kernel also stores a pidfd for the child in *pidfd
 * (close-on-exec, in the parent's fd table).  Fails with -ENOSYS, making no
 * child, where the kernel has no clone3(2).
 */
int sfork_pidfd(int *pidfd) SFORK_RETURNS_TWICE;

/*
 * Ends the child with status & 0377 and returns, in the parent, the child's
 * pid.  Returns -EINVAL if the thread is not in an sfork child.
 */
int sfork_exit(int status);

/*
 * execveat(2) in the child.  On success returns, in the parent, the child's
 * pid.  On failure returns a negative errno value and the thread is still in
 * the child.  A NULL envp means the current environment.
 */
int sfork_execveat(int dirfd, const char *path, char *const argv[],
		   char *const envp[], int flags);

#ifdef __cplusplus
}
#endif

#endif /* SFORK_H */
