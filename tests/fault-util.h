/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fault tests (tests/fault-*.c): what "nothing left behind"
 * means, checked the same way everywhere.  A failed spawn must leave the
 * caller's fd table, signal mask, errno and children exactly as they were.
 */
#ifndef FAULT_UTIL_H
#define FAULT_UTIL_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include <egg.h>

/* fds above this are not looked at; the tests use none that high */
#define FAULT_FD_MAX 1024

/* The caller-visible state a spawn must not change. */
struct fault_state {
	signed char fd[FAULT_FD_MAX];	/* -1 closed, else its FD_CLOEXEC bit */
	sigset_t mask;
	int err;			/* errno */
};

/* Sets errno to a marker value first, so that a change shows. */
void fault_state_save(struct fault_state *s);
/* NULL if the state is as saved, else what differs, for the message. */
const char *fault_state_diff(const struct fault_state *s);

/* 1 if the caller has no child left, zombie or alive. */
int fault_no_children(void);

/* A program built with the tests: $top_builddir/tests/name. */
const char *fault_test_prog(const char *name);

/* A fresh temporary directory, removed with everything in it by
 * fault_tmpdir_remove(). */
const char *fault_tmpdir(void);
const char *fault_tmpdir_path(void);
void fault_tmpdir_remove(void);

/* Spawns tests/fault-report under the egg and reads what it saw (see
 * fault-report.c) into buf, NUL terminated.  Returns the spawn's error;
 * on success the report is complete and the program exited 0. */
int fault_report(const void *code, size_t len, struct egg_fault *fault,
		 char *buf, size_t size);

#endif /* FAULT_UTIL_H */
