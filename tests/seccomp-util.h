/* SPDX-License-Identifier: MIT */
/*
 * A seccomp filter that makes the kernel answer as an older one, or as one
 * behind a container runtime's profile, would: clone3 and close_range fail
 * with a chosen error.  Shared by tests/fault-enosys, tests/sfork-context
 * and the launcher tests/seccomp-enosys.  Plain C: no Check, no libegg.
 */
#ifndef SECCOMP_UTIL_H
#define SECCOMP_UTIL_H

/* What the filter makes a system call answer: 0 lets it through. */
struct seccomp_enosys {
	int clone3;		/* every clone3 fails with this */
	int close_range;	/* ENOSYS: every call; EINVAL: only with
				 * CLOSE_RANGE_CLOEXEC, as Linux 5.9 */
};

/* Installs the filter for this thread and everything it starts; without
 * CAP_SYS_ADMIN, sets no_new_privs first, as the kernel then requires.
 * 0, or -errno. */
int seccomp_enosys_install(const struct seccomp_enosys *k);

/* Parses "clone3", "close_range" or "clone3,close_range" into k (ENOSYS
 * for each named call).  0, or -EINVAL for anything else. */
int seccomp_enosys_parse(struct seccomp_enosys *k, const char *names);

#endif /* SECCOMP_UTIL_H */
