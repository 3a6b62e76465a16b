/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the sfork tests, on top of those of egg-util.h (the
 * case lists with a temporary directory, the fd table, the signal mask):
 * the kernel's view of /proc/thread-self/status, the child table seen
 * from a child, and running tests/sfork-helper from an sfork child.
 */
#ifndef SFORK_TEST_UTIL_H
#define SFORK_TEST_UTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "egg-util.h"

/* One bit of a kernel signal set, as /proc and rt_sigprocmask(2) have it. */
#define SU_SIGBIT(sig) (1ULL << ((sig) - 1))
/* Everything the kernel lets a thread block. */
#define SU_BLOCKABLE (~(SU_SIGBIT(SIGKILL) | SU_SIGBIT(SIGSTOP)))

/* A path in the case's temporary directory (rotating static buffers:
 * good for a few calls); the same name gives the same path. */
const char *su_tmppath(const char *name);
/* Sets the calling thread's blocked signals, straight through the kernel
 * (glibc's sigprocmask keeps the signals it reserves). */
void su_set_kmask(uint64_t mask);

/* Sends sig to this thread of this process, as the kernel names them now:
 * glibc's raise() may use the tid it cached for the parent thread. */
void su_tgkill_self(int sig);

/* A signal set line ("SigBlk", "SigCgt", ...) of /proc/thread-self/status. */
uint64_t su_status_sigset(const char *key);

/* Installs handler for sig (no SA_RESTART, nothing blocked). */
void su_catch(int sig, void (*handler)(int));

/* True if this process has no child, not even a zombie.  Never waits,
 * asserts nothing and keeps errno: usable in an sfork child. */
int su_no_child(void);

/* waitpid(), again if a handler interrupted it. */
pid_t su_waitpid(pid_t pid, int *status);

/* Whether fd is open in this process (the child, in an sfork child). */
int su_fd_open(int fd);

/* tests/sfork-helper, under $top_builddir (see util_build_path()). */
const char *su_helper(void);

/* What a run of the helper produced. */
struct su_run {
	pid_t pid;		/* what sfork_execveat() returned */
	pid_t child;		/* getpid() in the child, before the exec
				 * (su_run_helper only) */
	int status;		/* from waitpid() */
	size_t len;
	char *out;		/* its standard output, NUL-terminated */
};

/* Runs the helper with argv from an sfork child, stdout on a pipe, and
 * envp as given to sfork_execveat(); waits for it.  Asserts that the exec
 * worked; the caller checks the status and frees out. */
void su_run_helper(struct su_run *r, char *const argv[], char *const envp[]);
/* The same, with sfork_execveat()'s dirfd, path and flags. */
void su_run_helper_at(struct su_run *r, int dirfd, const char *path,
		      char *const argv[], char *const envp[], int flags);
/* In an sfork child: runs the helper with argv and no environment, its
 * standard output on out.  Returns in the parent with the pid, or with the
 * child's if the exec failed (it then exits with 127). */
int su_exec_helper(int out, char *const argv[]);
/* In the parent, after su_exec_helper(): closes fds[1], reads the
 * helper's whole output from fds[0] into r, closes it, reaps pid. */
void su_collect_helper(struct su_run *r, int fds[2], pid_t pid);
/* A "key=hex" line of the helper's output, asserted to be there. */
uint64_t su_out_hex(const struct su_run *r, const char *key);

#endif /* SFORK_TEST_UTIL_H */
