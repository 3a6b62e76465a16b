/* SPDX-License-Identifier: MIT */
/*
 * The op table, indexed by opcode, from lib/optable.def's rows; and what
 * egg_op_info() tells of it.
 */
#include <errno.h>
#include <stddef.h>

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

#define L(...) { __VA_ARGS__ }
/* The check function of a row, by its check column (lib/optable.def). */
#define CHECK_FN_0(mnemonic) NULL
#define CHECK_FN_CHECK(mnemonic) egg__check_##mnemonic
#define OP(code, mnemonic, chk, fx, n, kinds, names) \
	[EGG_OP_##code] = { .name = #mnemonic, .noperands = n, .type = kinds, \
			    .operand_name = names, .run = egg__op_##mnemonic, \
			    .check = CHECK_FN_##chk(mnemonic), .effects = fx },

const struct egg__op egg__optable[EGG__OPTABLE_SIZE] = {
#include "optable.def"
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
