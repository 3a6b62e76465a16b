/* SPDX-License-Identifier: MIT */
/*
 * The helpers only the sfork tests need, on top of egg-util.h's and with
 * its t_ prefix: the kernel's view of /proc/thread-self/status, signals
 * and fds as an sfork child sees them, and running tests/sfork-helper
 * from an sfork child.
 */
#ifndef SFORK_TEST_UTIL_H
#define SFORK_TEST_UTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "egg-util.h"

/* Everything the kernel lets a thread block. */
#define T_BLOCKABLE (~(T_SIGBIT(SIGKILL) | T_SIGBIT(SIGSTOP)))

/* A path in the case's temporary directory (rotating static buffers:
 * good for a few calls); the same name gives the same path. */
const char *t_tmppath(const char *name);
/* Sets the calling thread's blocked signals, straight through the kernel
 * (glibc's sigprocmask keeps the signals it reserves). */
void t_set_kmask(uint64_t mask);

/* Sends sig to this thread of this process, as the kernel names them now:
 * glibc's raise() may use the tid it cached for the parent thread. */
void t_tgkill_self(int sig);

/* A signal set line ("SigBlk", "SigCgt", ...) of /proc/thread-self/status. */
uint64_t t_status_sigset(const char *key);

/* Installs handler for sig (no SA_RESTART, nothing blocked). */
void t_catch(int sig, void (*handler)(int));

/* waitpid(), again if a handler interrupted it. */
pid_t t_waitpid(pid_t pid, int *status);

/* Whether fd is open in this process (the child, in an sfork child). */
int t_fd_open(int fd);

/* tests/sfork-helper, under $top_builddir (see t_build_path()). */
const char *t_helper(void);

/* What a run of the helper produced. */
struct t_helper_run {
	pid_t pid;		/* what sfork_execveat() returned */
	pid_t child;		/* getpid() in the child, before the exec
				 * (t_run_helper only) */
	int status;		/* from waitpid() */
	size_t len;
	char *out;		/* its standard output, NUL-terminated */
};

/* Runs the helper with argv from an sfork child, stdout on a pipe, and
 * envp as given to sfork_execveat(); waits for it.  Asserts that the exec
 * worked; the caller checks the status and frees out. */
void t_run_helper(struct t_helper_run *r, char *const argv[], char *const envp[]);
/* The same, with sfork_execveat()'s dirfd, path and flags. */
void t_run_helper_at(struct t_helper_run *r, int dirfd, const char *path,
		     char *const argv[], char *const envp[], int flags);
/* In an sfork child: runs the helper with argv and no environment, its
 * standard output on out.  Returns in the parent with the pid, or with the
 * child's if the exec failed (it then exits with 127). */
int t_exec_helper(int out, char *const argv[]);
/* In the parent, after t_exec_helper(): closes fds[1], reads the
 * helper's whole output from fds[0] into r, closes it, reaps pid. */
void t_collect_helper(struct t_helper_run *r, int fds[2], pid_t pid);
/* A "key=hex" line of the helper's output, asserted to be there. */
uint64_t t_out_hex(const struct t_helper_run *r, const char *key);

#endif /* SFORK_TEST_UTIL_H */
