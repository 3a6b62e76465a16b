/* SPDX-License-Identifier: MIT */
/*
 * The typed builder calls: each turns C arguments into one instruction and
 * appends it with egg_append(), which checks every operand.  Arguments C
 * can express but the format cannot (a negative fd, say) are EINVAL here.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "operand.h"

static int append_u(struct egg *egg, unsigned int opcode, unsigned int n,
		    uint64_t a, uint64_t b, uint64_t c)
{
	struct egg_insn insn = { .opcode = opcode, .noperands = n };

	insn.operand[0].u = a;
	insn.operand[1].u = b;
	insn.operand[2].u = c;
	return egg_append(egg, &insn);
}

static int fd_ok(int fd)
{
	return fd >= 0;
}

static int path_operand(const char *path, union egg_value *v)
{
	if (!path)
		return EINVAL;
	v->str.ptr = path;
	v->str.len = strlen(path);
	return v->str.len > EGG__PATH_MAX ? ENAMETOOLONG : 0;
}

static uint64_t sigset_bits(const sigset_t *set)
{
	uint64_t bits = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sigismember(set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

EGG_EXPORT int egg_setsid(struct egg *egg)
{
	return append_u(egg, EGG_OP_SETSID, 0, 0, 0, 0);
}

EGG_EXPORT int egg_setpgid(struct egg *egg, pid_t pgid)
{
	if (pgid < 0)
		return EINVAL;
	return append_u(egg, EGG_OP_SETPGID, 1, (uint64_t)pgid, 0, 0);
}

static int open_insn(struct egg *egg, unsigned int opcode, int fd, const char *path,
		     int oflag, mode_t mode)
{
	struct egg_insn insn = { .opcode = opcode, .noperands = 4 };
	uint64_t flags;
	int err;

	if (!fd_ok(fd) || egg__oflags_to_egg(oflag, &flags))
		return EINVAL;
	err = path_operand(path, &insn.operand[1]);
	if (err)
		return err;
	insn.operand[0].u = (uint64_t)fd;
	insn.operand[2].u = flags;
	insn.operand[3].u = mode;
	return egg_append(egg, &insn);
}

EGG_EXPORT int egg_open(struct egg *egg, int fd, const char *path, int oflag,
			mode_t mode)
{
	return open_insn(egg, EGG_OP_OPEN, fd, path, oflag, mode);
}

EGG_EXPORT int egg_dup2(struct egg *egg, int oldfd, int newfd)
{
	if (!fd_ok(oldfd) || !fd_ok(newfd))
		return EINVAL;
	return append_u(egg, EGG_OP_DUP2, 2, (uint64_t)oldfd, (uint64_t)newfd, 0);
}

EGG_EXPORT int egg_close_range(struct egg *egg, unsigned int first,
			       unsigned int last, unsigned int flags)
{
	return append_u(egg, EGG_OP_CLOSE_RANGE, 3, first, last, flags);
}

EGG_EXPORT int egg_setrlimit(struct egg *egg, int resource, const struct rlimit *rl)
{
	if (resource < 0 || !rl)
		return EINVAL;
	return append_u(egg, EGG_OP_SETRLIMIT, 3, (uint64_t)resource,
			(uint64_t)rl->rlim_cur, (uint64_t)rl->rlim_max);
}

EGG_EXPORT int egg_close(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_CLOSE, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_chdir(struct egg *egg, const char *path)
{
	struct egg_insn insn = { .opcode = EGG_OP_CHDIR, .noperands = 1 };
	int err = path_operand(path, &insn.operand[0]);

	return err ? err : egg_append(egg, &insn);
}

EGG_EXPORT int egg_fchdir(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_FCHDIR, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_umask(struct egg *egg, mode_t mask)
{
	return append_u(egg, EGG_OP_UMASK, 1, mask, 0, 0);
}

EGG_EXPORT int egg_sigmask(struct egg *egg, const sigset_t *set)
{
	if (!set)
		return EINVAL;
	return append_u(egg, EGG_OP_SIGMASK, 1, sigset_bits(set), 0, 0);
}

EGG_EXPORT int egg_sigdefault(struct egg *egg, const sigset_t *set)
{
	if (!set)
		return EINVAL;
	return append_u(egg, EGG_OP_SIGDEFAULT, 1, sigset_bits(set), 0, 0);
}

static int append_list(struct egg *egg, unsigned int opcode, size_t n,
		       const uint32_t *items)
{
	struct egg_insn insn = { .opcode = opcode, .noperands = 1 };

	if (n && !items)
		return EINVAL;
	insn.operand[0].list.items = items;
	insn.operand[0].list.count = n;
	return egg_append(egg, &insn);
}

EGG_EXPORT int egg_setgroups(struct egg *egg, size_t n, const gid_t *groups)
{
	_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "gid_t is 32 bits");
	return append_list(egg, EGG_OP_SETGROUPS, n, (const uint32_t *)groups);
}

EGG_EXPORT int egg_setgid(struct egg *egg, gid_t gid)
{
	return append_u(egg, EGG_OP_SETGID, 1, gid, 0, 0);
}

EGG_EXPORT int egg_setresgid(struct egg *egg, gid_t rgid, gid_t egid, gid_t sgid)
{
	return append_u(egg, EGG_OP_SETRESGID, 3, rgid, egid, sgid);
}

EGG_EXPORT int egg_setuid(struct egg *egg, uid_t uid)
{
	return append_u(egg, EGG_OP_SETUID, 1, uid, 0, 0);
}

EGG_EXPORT int egg_setresuid(struct egg *egg, uid_t ruid, uid_t euid, uid_t suid)
{
	return append_u(egg, EGG_OP_SETRESUID, 3, ruid, euid, suid);
}

EGG_EXPORT int egg_capset(struct egg *egg, uint64_t effective, uint64_t permitted,
			  uint64_t inheritable)
{
	return append_u(egg, EGG_OP_CAPSET, 3, effective, permitted, inheritable);
}

static int cap_ok(int cap)
{
	return cap >= 0;
}

EGG_EXPORT int egg_ambient_raise(struct egg *egg, int cap)
{
	if (!cap_ok(cap))
		return EINVAL;
	return append_u(egg, EGG_OP_AMBIENT_RAISE, 1, (uint64_t)cap, 0, 0);
}

EGG_EXPORT int egg_ambient_clear(struct egg *egg)
{
	return append_u(egg, EGG_OP_AMBIENT_CLEAR, 0, 0, 0, 0);
}

EGG_EXPORT int egg_bounding_drop(struct egg *egg, int cap)
{
	if (!cap_ok(cap))
		return EINVAL;
	return append_u(egg, EGG_OP_BOUNDING_DROP, 1, (uint64_t)cap, 0, 0);
}

EGG_EXPORT int egg_keepcaps(struct egg *egg, int on)
{
	return append_u(egg, EGG_OP_KEEPCAPS, 1, on != 0, 0, 0);
}

EGG_EXPORT int egg_securebits(struct egg *egg, unsigned int bits)
{
	return append_u(egg, EGG_OP_SECUREBITS, 1, bits, 0, 0);
}

EGG_EXPORT int egg_no_new_privs(struct egg *egg)
{
	return append_u(egg, EGG_OP_NO_NEW_PRIVS, 0, 0, 0, 0);
}

EGG_EXPORT int egg_pdeathsig(struct egg *egg, int sig)
{
	if (sig < 0)
		return EINVAL;
	return append_u(egg, EGG_OP_PDEATHSIG, 1, (uint64_t)sig, 0, 0);
}

EGG_EXPORT int egg_setpriority(struct egg *egg, int nice)
{
	struct egg_insn insn = { .opcode = EGG_OP_SETPRIORITY, .noperands = 1 };

	insn.operand[0].i = nice;
	return egg_append(egg, &insn);
}

EGG_EXPORT int egg_sched_setaffinity(struct egg *egg, size_t n, const unsigned int *cpus)
{
	_Static_assert(sizeof(unsigned int) == sizeof(uint32_t), "32-bit unsigned int");
	return append_list(egg, EGG_OP_SCHED_SETAFFINITY, n, (const uint32_t *)cpus);
}

EGG_EXPORT int egg_sched_setscheduler(struct egg *egg, int policy, int priority)
{
	if (policy < 0 || priority < 0)
		return EINVAL;
	return append_u(egg, EGG_OP_SCHED_SETSCHEDULER, 2, (uint64_t)policy,
			(uint64_t)priority, 0);
}

EGG_EXPORT int egg_setctty(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_SETCTTY, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_tcsetpgrp(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_TCSETPGRP, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_dup3(struct egg *egg, int oldfd, int newfd, int cloexec)
{
	if (!fd_ok(oldfd) || !fd_ok(newfd))
		return EINVAL;
	return append_u(egg, EGG_OP_DUP3, 3, (uint64_t)oldfd, (uint64_t)newfd, cloexec != 0);
}

EGG_EXPORT int egg_cloexec(struct egg *egg, int fd, int on)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_CLOEXEC, 2, (uint64_t)fd, on != 0, 0);
}

EGG_EXPORT int egg_keep(struct egg *egg, size_t n, const int *fds)
{
	size_t i;

	if (n && !fds)
		return EINVAL;
	for (i = 0; i < n; i++)
		if (!fd_ok(fds[i]))
			return EINVAL;
	return append_list(egg, EGG_OP_KEEP, n, (const uint32_t *)fds);
}

/* -1 (close) is EGG_FDMAP_CLOSE once the ints are read as uint32_t. */
EGG_EXPORT int egg_fdmap(struct egg *egg, size_t n, const int *fds)
{
	size_t i;

	if (n && !fds)
		return EINVAL;
	for (i = 0; i < n; i++)
		if (fds[i] < -1)
			return EINVAL;
	return append_list(egg, EGG_OP_FDMAP, n, (const uint32_t *)fds);
}

EGG_EXPORT int egg_unshare(struct egg *egg, int flags)
{
	return append_u(egg, EGG_OP_UNSHARE, 1, (unsigned int)flags, 0, 0);
}

EGG_EXPORT int egg_chroot(struct egg *egg, const char *path)
{
	struct egg_insn insn = { .opcode = EGG_OP_CHROOT, .noperands = 1 };
	int err = path_operand(path, &insn.operand[0]);

	return err ? err : egg_append(egg, &insn);
}

EGG_EXPORT int egg_sethostname(struct egg *egg, const char *name)
{
	struct egg_insn insn = { .opcode = EGG_OP_SETHOSTNAME, .noperands = 1 };

	if (!name)
		return EINVAL;
	insn.operand[0].str.ptr = name;
	insn.operand[0].str.len = strlen(name);
	return egg_append(egg, &insn);
}

EGG_EXPORT int egg_sigignore(struct egg *egg, const sigset_t *set)
{
	if (!set)
		return EINVAL;
	return append_u(egg, EGG_OP_SIGIGNORE, 1, sigset_bits(set), 0, 0);
}

EGG_EXPORT int egg_sched_setparam(struct egg *egg, int priority)
{
	if (priority < 0)
		return EINVAL;
	return append_u(egg, EGG_OP_SCHED_SETPARAM, 1, (uint64_t)priority, 0, 0);
}

EGG_EXPORT int egg_fa_close(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_FA_CLOSE, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_fa_open(struct egg *egg, int fd, const char *path, int oflag,
			   mode_t mode)
{
	return open_insn(egg, EGG_OP_FA_OPEN, fd, path, oflag, mode);
}
