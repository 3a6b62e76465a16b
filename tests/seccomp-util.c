/* SPDX-License-Identifier: MIT */
/* See seccomp-util.h. */
#define _GNU_SOURCE 1
#include <errno.h>
#include <linux/audit.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "seccomp-util.h"

#if defined(__x86_64__)
# define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
# define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#else
# error "the seccomp filter needs this architecture's AUDIT_ARCH"
#endif

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(code, k, t, f) ((struct sock_filter)BPF_JUMP((code), (k), (t), (f)))
#define LOAD(field) STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define IF_EQ(k, skip) JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), 0, (skip))
#define FAIL_WITH(e) STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (e))
#define ALLOW STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

int seccomp_enosys_install(const struct seccomp_enosys *k)
{
	struct sock_filter f[16];
	struct sock_fprog prog;
	unsigned short n = 0;

	/* Another architecture's calls (x86_64's i386 ones) pass untouched. */
	f[n++] = LOAD(arch);
	f[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_ARCH, 1, 0);
	f[n++] = ALLOW;
	f[n++] = LOAD(nr);
	if (k->clone3) {
		f[n++] = IF_EQ(__NR_clone3, 1);
		f[n++] = FAIL_WITH(k->clone3);
	}
	if (k->close_range == EINVAL) {
		f[n++] = IF_EQ(__NR_close_range, 3);
		f[n++] = LOAD(args[2]);	/* the flags: the low word, little-endian */
		f[n++] = JUMP(BPF_JMP | BPF_JSET | BPF_K, CLOSE_RANGE_CLOEXEC, 0, 1);
		f[n++] = FAIL_WITH(EINVAL);
	} else if (k->close_range) {
		f[n++] = IF_EQ(__NR_close_range, 1);
		f[n++] = FAIL_WITH(k->close_range);
	}
	f[n++] = ALLOW;
	prog = (struct sock_fprog){ .len = n, .filter = f };
	/* Root needs no no_new_privs, and keeping it off keeps the tests
	 * that check a program does not get it meaningful. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		return -errno;
	return 0;
}

int seccomp_enosys_parse(struct seccomp_enosys *k, const char *names)
{
	size_t len;

	*k = (struct seccomp_enosys){ 0 };
	while (*names) {
		len = strcspn(names, ",");
		if (len == strlen("clone3") && !strncmp(names, "clone3", len))
			k->clone3 = ENOSYS;
		else if (len == strlen("close_range") && !strncmp(names, "close_range", len))
			k->close_range = ENOSYS;
		else
			return -EINVAL;
		names += len;
		if (*names == ',' && *++names == '\0')
			return -EINVAL;
	}
	return k->clone3 || k->close_range ? 0 : -EINVAL;
}
