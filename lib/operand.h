/* SPDX-License-Identifier: MIT */
/*
 * Operands: how each kind is encoded and what values it may hold.  The
 * builder, the validator and the decoder all go through these functions,
 * so the three can never disagree.
 */
#ifndef EGG_OPERAND_H
#define EGG_OPERAND_H

#include <egg.h>

#include "internal.h"

#define EGG__PATH_MAX 4095	/* bytes of a path operand: PATH_MAX less the NUL */
#define EGG__CPU_MAX 1023	/* CPU numbers of a CPULIST: a 1024-bit set */
#define EGG__HOSTNAME_MAX 64	/* HOST_NAME_MAX */
#define EGG__ID_MAX 0xfffffffeULL	/* a uid or gid: (uid_t)-1 means "unchanged" */
#define EGG__ID_KEEP 0xffffffffULL	/* that "unchanged", for ID_OR_KEEP */

/* Ranges fixed here, not taken from the kernel headers of the build, so
 * that whether an egg is valid never depends on where it was built. */
#define EGG__RLIMIT_COUNT 16		/* RLIMIT_CPU .. RLIMIT_RTTIME */
#define EGG__SECUREBITS_ALL 0xffu	/* the four SECBIT_* and their locks */
#define EGG__SCHED_POLICY_FIELD 07	/* the policy, below SCHED_RESET_ON_FORK */
#define EGG__SCHED_POLICIES 0x2fu	/* bit n for policy n: 0..5 but 4 (unused) */
#define EGG__SCHED_RESET_ON_FORK 0x40000000u

/* The namespaces an egg may unshare; see egg(7) for why these. */
#define EGG__UNSHARE_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
			    CLONE_NEWUSER | CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWTIME)

/* 0 if the value is in range for the kind, else -EINVAL (-ENAMETOOLONG
 * for a string that is too long). */
int egg__operand_check(enum egg_operand_type type, const union egg_value *v) EGG_HIDDEN;

/* 1 for a kind this library knows. */
int egg__operand_known(enum egg_operand_type type) EGG_HIDDEN;

/* 0 and *max for a kind whose numbers go from 0 to a maximum, else -EINVAL. */
int egg__operand_max(enum egg_operand_type type, uint64_t *max) EGG_HIDDEN;

/* Decode and check one operand at code[*off]: 0 and *off advanced, or
 * -EINVAL with *off at the first bad byte. */
int egg__operand_read(enum egg_operand_type type, const uint8_t *code, size_t len,
		      size_t *off, union egg_value *v) EGG_HIDDEN;

/* Encoded size of a checked operand, and the encoding itself. */
size_t egg__operand_size(enum egg_operand_type type, const union egg_value *v) EGG_HIDDEN;
size_t egg__operand_write(enum egg_operand_type type, const union egg_value *v,
			  uint8_t *out) EGG_HIDDEN;

static inline int egg__operand_is_string(enum egg_operand_type type)
{
	return type == EGG_OPERAND_PATH || type == EGG_OPERAND_STRING;
}

static inline int egg__operand_is_list(enum egg_operand_type type)
{
	return type == EGG_OPERAND_IDLIST || type == EGG_OPERAND_FDLIST ||
	       type == EGG_OPERAND_CPULIST || type == EGG_OPERAND_FDMAP;
}

static inline int egg__operand_is_signed(enum egg_operand_type type)
{
	return type == EGG_OPERAND_INT;
}

/* For a list kind: 0 if item may follow prev (item 0 has no prev), else
 * -EINVAL.  Sets are strictly ascending, so that each has one encoding. */
int egg__list_item_check(enum egg_operand_type type, size_t i, uint64_t prev,
			 uint64_t item) EGG_HIDDEN;

/* open(2) flags: the egg encoding is asm-generic's, so that an egg means
 * the same on every architecture.  -EINVAL for a flag eggs do not allow. */
#define EGG__OFLAGS_ACCMODE 03	/* O_RDONLY, O_WRONLY, O_RDWR: a field */
int egg__oflags_check(uint64_t egg_flags) EGG_HIDDEN;
/* Every flag eggs allow, less the access mode. */
uint64_t egg__oflags_bits(void) EGG_HIDDEN;
int egg__oflags_to_egg(int native, uint64_t *egg_flags) EGG_HIDDEN;
int egg__oflags_to_native(uint64_t egg_flags) EGG_HIDDEN;

#endif /* EGG_OPERAND_H */
