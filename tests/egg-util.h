/* SPDX-License-Identifier: MIT */
/*
 * The helpers every C test shares, all named t_: Check case lists with a
 * private temporary directory and a timeout, and the one runner; running
 * the probe (or tests/fault-report) under an egg and reading what it saw;
 * the caller's state a spawn must leave as it was (fd table, signal mask,
 * errno, children), checked the same way everywhere.
 */
#ifndef EGG_TEST_UTIL_H
#define EGG_TEST_UTIL_H

#include <check.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include <egg.h>

#define T_PROBE_MAX_KEYS 1024

/* The number of elements of array a. */
#define T_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* One bit of a kernel signal set, as /proc and rt_sigprocmask(2) have it. */
#define T_SIGBIT(sig) (1ULL << ((sig) - 1))

/* One run of tests/probe: started, then finished and parsed. */
struct t_probe {
	pid_t pid;
	char out[PATH_MAX];	/* where it writes its snapshot */
	int status;		/* from waitpid() */
	char *text;		/* the snapshot, split into the keys below */
	size_t nkeys;
	const char *key[T_PROBE_MAX_KEYS];
	const char *val[T_PROBE_MAX_KEYS];
};

/* The built program rel (e.g. "tests/probe"), under $top_builddir. */
const char *t_build_path(const char *rel);

/* This test case's own directory, made by the fixture of t_tcase(). */
const char *t_tmpdir(void);
/* A fresh name in that directory (nothing is created). */
const char *t_tmpname(const char *tag);
/* Lets any user create files in that directory: for a probe that drops
 * root and still writes its snapshot there. */
void t_tmpdir_for_all(void);
/* Creates file name with the given contents and mode. */
void t_write_file(const char *name, const char *text, mode_t mode);
/* The whole file, NUL-terminated; *len its size if len is not NULL. */
char *t_read_file(const char *name, size_t *len);
/* The same, from fd up to its end (a pipe: until every writer closed it). */
char *t_read_fd(int fd, size_t *len);

/* A case list with the temporary directory fixture and a timeout. */
TCase *t_tcase(Suite *s, const char *name, double timeout);
/* Runs the suite in fork mode; returns the test's exit status. */
int t_run(Suite *s);

/* egg_new(), asserted to work. */
struct egg *t_egg(void);

/* Spawns the probe under code, with extra arguments after "-o FILE"
 * (NULL-terminated, or NULL); returns egg_spawn()'s error. */
int t_probe_start(struct t_probe *p, const void *code, size_t len,
		  const char *const *extra, struct egg_fault *fault);
/* Waits for it, reads and parses its snapshot. */
void t_probe_finish(struct t_probe *p);
/* Both; asserts that the spawn worked and the probe exited with 0. */
void t_probe_run(struct t_probe *p, const struct egg *egg);
void t_probe_free(struct t_probe *p);
/* Runs the probe again under egg (p is freed first), with extra as for
 * t_probe_start(); returns the spawn's error, and on success the probe has
 * finished and *p holds its snapshot. */
int t_probe_try(struct t_probe *p, const struct egg *egg, const char *const *extra,
		struct egg_fault *fault);
/* The same, asserted to spawn and the probe to exit with 0. */
void t_probe_ok(struct t_probe *p, const struct egg *egg, const char *const *extra);
/* A probe freed when it goes out of scope: struct t_probe p T_PROBE_AUTO = {0}. */
#define T_PROBE_AUTO __attribute__((cleanup(t_probe_free)))
/* Parses a snapshot (text is modified and kept). */
void t_probe_parse(struct t_probe *p, char *text);

/* The value of key, or NULL. */
const char *t_probe_get(const struct t_probe *p, const char *key);
/* Asserts that key is want; a NULL want asserts the key is absent. */
void t_probe_expect(const struct t_probe *p, const char *key, const char *want);
/* A number or a 0x signal set of the snapshot, asserted to be there. */
long long t_probe_num(const struct t_probe *p, const char *key);
uint64_t t_probe_hex(const struct t_probe *p, const char *key);
/* fd.<fd>'s value, or NULL. */
const char *t_probe_fd(const struct t_probe *p, int fd);
/* The fds of the snapshot, as a list "0,1,2,..." */
void t_probe_fd_list(const struct t_probe *p, char *buf, size_t size);

/* Opens path in this process at exactly fd (flags as open(2)'s). */
void t_put_fd(int fd, const char *path, int flags);
/* The canonical path (realpath), in a rotating static buffer. */
const char *t_realpath(const char *path);

/* The open fds of this process, "fd:target" a line (its own listing fd
 * left out); the caller frees it. */
char *t_fd_table(void);
/* This process's blocked signals, straight from the kernel. */
uint64_t t_sigmask(void);
/* Waits through pidfd for its process to end; si is zeroed first.
 * waitid()'s result; asserts nothing, so an sfork child may call it. */
int t_pidfd_wait(int pidfd, siginfo_t *si);
/* Whether the kernel answers clone3(2): not on Linux before 5.3, nor
 * under a seccomp filter that makes it ENOSYS (the aarch64 lane's second
 * run, tests/seccomp-enosys).  Without it there is no pidfd spawn. */
int t_have_clone3(void);
/* True if this process has no child, not even a zombie.  Never waits,
 * asserts nothing and keeps errno: usable in an sfork child. */
int t_no_child(void);
/* Asserts that this process has no child, not even a zombie; keeps errno. */
void t_assert_no_child(void);
/* Asserts that the fd table is before (from t_fd_table(), freed here)
 * and that no child is left. */
void t_expect_unchanged(char *before);
/* Asserts that a spawn failed as expected, and left no child, no new fd
 * and errno alone. */
struct t_spawn_expect {
	int error;
	size_t index;
	unsigned int opcode;
	size_t offset;
	enum egg_stage stage;
};
void t_expect_fault(const char *path, const void *code, size_t len,
		    const struct t_spawn_expect *want);
/* The same for the probe under e, failing in an op (EGG_STAGE_OP). */
void t_expect_op_fault(const struct egg *e, int error, size_t index,
		       unsigned int opcode, size_t offset);
/* Asserts that fd is open in the probe on target (a path as the probe
 * prints it), or closed if target is NULL. */
void t_expect_fd(const struct t_probe *p, int fd, const char *target);

/* fds above this are not looked at; the tests use none that high */
#define T_FD_MAX 1024

/* The caller-visible state a spawn must not change, without /proc. */
struct t_state {
	signed char fd[T_FD_MAX];	/* -1 closed, else its FD_CLOEXEC bit */
	sigset_t mask;
	int err;			/* errno */
};

/* Sets errno to a marker value first, so that a change shows. */
void t_state_save(struct t_state *s);
/* NULL if the state is as saved, else what differs, for the message. */
const char *t_state_diff(const struct t_state *s);
/* Asserts that the state is as saved and no child is left; what names
 * the case in the message. */
void t_expect_state(const struct t_state *s, const char *what);

/* Spawns tests/fault-report under the egg and reads what it saw (see
 * fault-report.c) into buf, NUL terminated.  Returns the spawn's error;
 * on success the report is complete and the program exited 0. */
int t_fault_report(const void *code, size_t len, struct egg_fault *fault,
		   char *buf, size_t size);

#endif /* EGG_TEST_UTIL_H */
