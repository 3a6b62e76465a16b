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

#define OP(code, mnemonic, fn, chk, n, types, names) \
	[code] = { .name = mnemonic, .noperands = n, .type = types, \
		   .operand_name = names, .run = fn, .check = chk }
#define L(...) { __VA_ARGS__ }

const struct egg__op egg__optable[] = {
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
};

const struct egg__op *egg__op_get(uint64_t opcode)
{
	if (opcode >= EGG_ARRAY_SIZE(egg__optable) || !egg__optable[opcode].run)
		return NULL;
	return &egg__optable[opcode];
}

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
