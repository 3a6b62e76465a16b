/* SPDX-License-Identifier: MIT */
/*
 * Every op of the egg format.  Opcodes are ABI: an entry is never
 * renumbered, and a retired one stays reserved.  egg(7) documents each.
 */
#include <errno.h>

#include "ops.h"

#define FD EGG_OPERAND_FD
#define PID EGG_OPERAND_PID
#define UINT EGG_OPERAND_UINT
#define OFLAGS EGG_OPERAND_OFLAGS
#define MODE EGG_OPERAND_MODE
#define UMASK EGG_OPERAND_UMASK
#define PATH EGG_OPERAND_PATH
#define SIGSET EGG_OPERAND_SIGSET
#define RESOURCE EGG_OPERAND_RESOURCE
#define RLIM EGG_OPERAND_RLIM
#define CRFLAGS EGG_OPERAND_CLOSE_RANGE_FLAGS
#define ID EGG_OPERAND_ID
#define IDK EGG_OPERAND_ID_OR_KEEP
#define IDLIST EGG_OPERAND_IDLIST
#define FDLIST EGG_OPERAND_FDLIST
#define CPULIST EGG_OPERAND_CPULIST
#define CAPMASK EGG_OPERAND_CAPMASK
#define CAP EGG_OPERAND_CAP
#define SIGNAL EGG_OPERAND_SIGNAL
#define BOOL EGG_OPERAND_BOOL
#define SECBITS EGG_OPERAND_SECUREBITS
#define POLICY EGG_OPERAND_SCHED_POLICY
#define NSFLAGS EGG_OPERAND_UNSHARE_FLAGS
#define STRING EGG_OPERAND_STRING
#define INT EGG_OPERAND_INT
#define FDMAP EGG_OPERAND_FDMAP

#define OP(code, mnemonic, fn, chk, n, types, names) \
	[code] = { .name = mnemonic, .noperands = n, .type = types, \
		   .operand_name = names, .run = fn, .check = chk }
/* An op with effects beyond the child (EGG__FX_*). */
#define OPX(code, mnemonic, fn, chk, n, types, names, fx) \
	[code] = { .name = mnemonic, .noperands = n, .type = types, \
		   .operand_name = names, .run = fn, .check = chk, .effects = fx }
#define L(...) { __VA_ARGS__ }

const struct egg__op egg__optable[EGG__OPTABLE_SIZE] = {
	OP(EGG_OP_SETSID, "setsid", egg__op_setsid, 0, 0, L(0), L(0)),
	OP(EGG_OP_SETPGID, "setpgid", egg__op_setpgid, 0,
	   1, L(PID), L("pgid")),
	OP(EGG_OP_OPEN, "open", egg__op_open, 0,
	   4, L(FD, PATH, OFLAGS, MODE), L("fd", "path", "flags", "mode")),
	OP(EGG_OP_DUP2, "dup2", egg__op_dup2, 0,
	   2, L(FD, FD), L("oldfd", "newfd")),
	OP(EGG_OP_CLOSE_RANGE, "close_range", egg__op_close_range, egg__check_close_range,
	   3, L(UINT, UINT, CRFLAGS), L("first", "last", "flags")),
	OP(EGG_OP_SETRLIMIT, "setrlimit", egg__op_setrlimit, egg__check_setrlimit,
	   3, L(RESOURCE, RLIM, RLIM), L("resource", "cur", "max")),
	OP(EGG_OP_CLOSE, "close", egg__op_close, 0, 1, L(FD), L("fd")),
	OP(EGG_OP_CHDIR, "chdir", egg__op_chdir, 0, 1, L(PATH), L("path")),
	OP(EGG_OP_FCHDIR, "fchdir", egg__op_fchdir, 0, 1, L(FD), L("fd")),
	OP(EGG_OP_UMASK, "umask", egg__op_umask, 0, 1, L(UMASK), L("mask")),
	OP(EGG_OP_SIGMASK, "sigmask", egg__op_sigmask, 0, 1, L(SIGSET), L("set")),
	OP(EGG_OP_SIGDEFAULT, "sigdefault", egg__op_sigdefault, 0,
	   1, L(SIGSET), L("set")),
	OP(EGG_OP_SETGROUPS, "setgroups", egg__op_setgroups, 0, 1, L(IDLIST), L("groups")),
	OPX(EGG_OP_SETGID, "setgid", egg__op_setgid, 0, 1, L(ID), L("gid"), EGG__FX_CREDS),
	OPX(EGG_OP_SETRESGID, "setresgid", egg__op_setresgid, 0,
	    3, L(IDK, IDK, IDK), L("rgid", "egid", "sgid"), EGG__FX_CREDS),
	OPX(EGG_OP_SETUID, "setuid", egg__op_setuid, 0, 1, L(ID), L("uid"), EGG__FX_CREDS),
	OPX(EGG_OP_SETRESUID, "setresuid", egg__op_setresuid, 0,
	    3, L(IDK, IDK, IDK), L("ruid", "euid", "suid"), EGG__FX_CREDS),
	OP(EGG_OP_CAPSET, "capset", egg__op_capset, 0,
	   3, L(CAPMASK, CAPMASK, CAPMASK), L("effective", "permitted", "inheritable")),
	OP(EGG_OP_AMBIENT_RAISE, "ambient_raise", egg__op_ambient_raise, 0,
	   1, L(CAP), L("cap")),
	OP(EGG_OP_AMBIENT_CLEAR, "ambient_clear", egg__op_ambient_clear, 0, 0, L(0), L(0)),
	OP(EGG_OP_BOUNDING_DROP, "bounding_drop", egg__op_bounding_drop, 0,
	   1, L(CAP), L("cap")),
	OP(EGG_OP_KEEPCAPS, "keepcaps", egg__op_keepcaps, 0, 1, L(BOOL), L("on")),
	OP(EGG_OP_SECUREBITS, "securebits", egg__op_securebits, 0,
	   1, L(SECBITS), L("bits")),
	OP(EGG_OP_NO_NEW_PRIVS, "no_new_privs", egg__op_no_new_privs, 0, 0, L(0), L(0)),
	OPX(EGG_OP_PDEATHSIG, "pdeathsig", egg__op_pdeathsig, 0, 1, L(SIGNAL), L("sig"),
	    EGG__FX_PDEATHSIG),
	OP(EGG_OP_SETPRIORITY, "setpriority", egg__op_setpriority, egg__check_setpriority,
	   1, L(INT), L("nice")),
	OP(EGG_OP_SCHED_SETAFFINITY, "sched_setaffinity", egg__op_sched_setaffinity, 0,
	   1, L(CPULIST), L("cpus")),
	OP(EGG_OP_SCHED_SETSCHEDULER, "sched_setscheduler", egg__op_sched_setscheduler,
	   egg__check_sched_setscheduler, 2, L(POLICY, UINT), L("policy", "priority")),
	OP(EGG_OP_SETCTTY, "setctty", egg__op_setctty, 0, 1, L(FD), L("fd")),
	OP(EGG_OP_TCSETPGRP, "tcsetpgrp", egg__op_tcsetpgrp, 0, 1, L(FD), L("fd")),
	OP(EGG_OP_DUP3, "dup3", egg__op_dup3, 0,
	   3, L(FD, FD, BOOL), L("oldfd", "newfd", "cloexec")),
	OP(EGG_OP_CLOEXEC, "cloexec", egg__op_cloexec, 0, 2, L(FD, BOOL), L("fd", "on")),
	OP(EGG_OP_KEEP, "keep", egg__op_keep, 0, 1, L(FDLIST), L("fds")),
	OP(EGG_OP_UNSHARE, "unshare", egg__op_unshare, 0, 1, L(NSFLAGS), L("flags")),
	OP(EGG_OP_CHROOT, "chroot", egg__op_chroot, 0, 1, L(PATH), L("path")),
	OP(EGG_OP_SETHOSTNAME, "sethostname", egg__op_sethostname, egg__check_sethostname,
	   1, L(STRING), L("name")),
	OP(EGG_OP_FDMAP, "fdmap", egg__op_fdmap, 0, 1, L(FDMAP), L("fds")),
	OP(EGG_OP_SIGIGNORE, "sigignore", egg__op_sigignore, 0, 1, L(SIGSET), L("set")),
	OP(EGG_OP_SCHED_SETPARAM, "sched_setparam", egg__op_sched_setparam, 0,
	   1, L(UINT), L("priority")),
	OP(EGG_OP_FA_CLOSE, "fa_close", egg__op_fa_close, 0, 1, L(FD), L("fd")),
	OP(EGG_OP_FA_OPEN, "fa_open", egg__op_fa_open, 0,
	   4, L(FD, PATH, OFLAGS, MODE), L("fd", "path", "flags", "mode")),
};

EGG_EXPORT int egg_op_supported(unsigned int opcode)
{
	return egg__op_get(opcode) != NULL;
}

EGG_EXPORT int egg_op_info(unsigned int opcode, struct egg_op_info *info)
{
	const struct egg__op *op = egg__op_get(opcode);
	unsigned int i;

	if (!op || !info)
		return op ? EINVAL : ENOENT;
	*info = (struct egg_op_info){
		.opcode = opcode,
		.name = op->name,
		.noperands = op->noperands,
	};
	for (i = 0; i < op->noperands; i++) {
		info->operand[i] = (enum egg_operand_type)op->type[i];
		info->operand_name[i] = op->operand_name[i];
	}
	return 0;
}
