/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the egg tests: running the probe under an egg and
 * reading what it saw, snapshots of the fd and process tables, a private
 * temporary directory per test case.
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

#define PROBE_MAX_KEYS 1024

/* One run of tests/probe: started, then finished and parsed. */
struct probe {
	pid_t pid;
	char out[PATH_MAX];	/* where it writes its snapshot */
	int status;		/* from waitpid() */
	char *text;		/* the snapshot, split into the keys below */
	size_t nkeys;
	const char *key[PROBE_MAX_KEYS];
	const char *val[PROBE_MAX_KEYS];
};

/* The built program rel (e.g. "tests/probe"), under $top_builddir. */
const char *util_build_path(const char *rel);

/* This test case's own directory, made by the fixture of util_tcase(). */
const char *util_tmpdir(void);
/* A fresh name in that directory (nothing is created). */
const char *util_tmpname(const char *tag);
/* Lets any user create files in that directory: for a probe that drops
 * root and still writes its snapshot there. */
void util_tmpdir_for_all(void);
/* Creates file name with the given contents and mode. */
void util_write_file(const char *name, const char *text, mode_t mode);
/* The whole file, NUL-terminated; *len its size if len is not NULL. */
char *util_read_file(const char *name, size_t *len);
/* The same, from fd up to its end (a pipe: until every writer closed it). */
char *util_read_fd(int fd, size_t *len);

/* A case list with the temporary directory fixture and a timeout. */
TCase *util_tcase(Suite *s, const char *name, double timeout);
/* Runs the suite in fork mode; returns the test's exit status. */
int util_run(Suite *s);

/* egg_new(), asserted to work. */
struct egg *util_egg(void);

/* Spawns the probe under code, with extra arguments after "-o FILE"
 * (NULL-terminated, or NULL); returns egg_spawn()'s error. */
int probe_start(struct probe *p, const void *code, size_t len,
		const char *const *extra, struct egg_fault *fault);
/* Waits for it, reads and parses its snapshot. */
void probe_finish(struct probe *p);
/* Both; asserts that the spawn worked and the probe exited with 0. */
void probe_run(struct probe *p, const struct egg *egg);
void probe_free(struct probe *p);
/* Runs the probe again under egg (p is freed first), with extra as for
 * probe_start(); returns the spawn's error, and on success the probe has
 * finished and *p holds its snapshot. */
int probe_try(struct probe *p, const struct egg *egg, const char *const *extra,
	      struct egg_fault *fault);
/* The same, asserted to spawn and the probe to exit with 0. */
void probe_ok(struct probe *p, const struct egg *egg, const char *const *extra);
/* A probe freed when it goes out of scope: struct probe p PROBE_AUTO = {0}. */
#define PROBE_AUTO __attribute__((cleanup(probe_free)))
/* Parses a snapshot (text is modified and kept). */
void probe_parse(struct probe *p, char *text);

/* The value of key, or NULL. */
const char *probe_get(const struct probe *p, const char *key);
/* Asserts that key is want; a NULL want asserts the key is absent. */
void probe_expect(const struct probe *p, const char *key, const char *want);
/* A number or a 0x signal set of the snapshot, asserted to be there. */
long long probe_num(const struct probe *p, const char *key);
uint64_t probe_hex(const struct probe *p, const char *key);
/* fd.<fd>'s value, or NULL. */
const char *probe_fd(const struct probe *p, int fd);
/* The fds of the snapshot, as a list "0,1,2,..." */
void probe_fd_list(const struct probe *p, char *buf, size_t size);

/* Opens path in this process at exactly fd (flags as open(2)'s). */
void util_put_fd(int fd, const char *path, int flags);
/* The canonical path (realpath), in a rotating static buffer. */
const char *util_realpath(const char *path);

/* The open fds of this process, "fd:target" a line (its own listing fd
 * left out); the caller frees it. */
char *util_fd_table(void);
/* This process's blocked signals, straight from the kernel. */
uint64_t util_sigmask(void);
/* Waits through pidfd for its process to end; si is zeroed first.
 * waitid()'s result; asserts nothing, so an sfork child may call it. */
int util_pidfd_wait(int pidfd, siginfo_t *si);
/* Whether the kernel answers clone3(2): not on Linux before 5.3, nor
 * under a seccomp filter that makes it ENOSYS (the aarch64 lane's second
 * run, tests/seccomp-enosys).  Without it there is no pidfd spawn. */
int util_have_clone3(void);
/* Asserts that this process has no child, not even a zombie; keeps errno. */
void util_assert_no_child(void);
/* Asserts that the fd table is before (from util_fd_table(), freed here)
 * and that no child is left. */
void util_expect_unchanged(char *before);
/* Asserts that a spawn failed as expected, and left no child, no new fd
 * and errno alone. */
struct spawn_expect {
	int error;
	size_t index;
	unsigned int opcode;
	size_t offset;
	enum egg_stage stage;
};
void util_expect_fault(const char *path, const void *code, size_t len,
		       const struct spawn_expect *want);

#endif /* EGG_TEST_UTIL_H */
