/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the validator, the decoder, the builder and a dry run of
 * the interpreter, against each other, on any bytes.
 *
 * Accepted input: every instruction decodes, in order and without gaps;
 * appending the decoded instructions to a new egg gives back the same
 * bytes (one encoding per program); the dry run, which decodes without
 * checks as the child does, walks the same instructions and stays inside
 * the buffer (AddressSanitizer watches: the buffer is exactly the input).
 * Rejected input: the bad offset is within the input, and decoding stops
 * with EINVAL exactly there; and the dry run, which egg_spawn never gives
 * such code, still stays inside the buffer and fails, if at all, with
 * EINVAL at an instruction inside it.
 *
 * A broken property aborts, which libFuzzer reports as a crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz-decode: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* The operands of a decoded instruction agree with egg_op_info, and each
 * list item can be read. */
static void check_insn(const struct egg_insn *insn)
{
	struct egg_op_info info;
	uint32_t item;
	unsigned int i;
	size_t k;

	require(egg_op_info(insn->opcode, &info) == 0, "opcode %u", insn->opcode);
	require(insn->noperands == info.noperands, "opcode %u", insn->opcode);
	for (i = 0; i < info.noperands; i++) {
		enum egg_operand_type t = info.operand[i];

		if (t != EGG_OPERAND_IDLIST && t != EGG_OPERAND_FDLIST &&
		    t != EGG_OPERAND_CPULIST && t != EGG_OPERAND_FDMAP)
			continue;
		require(insn->operand[i].list.count <= EGG_LIST_MAX, "list of %zu",
			insn->operand[i].list.count);
		for (k = 0; k < insn->operand[i].list.count; k++)
			require(egg_list_item(&insn->operand[i], k, &item) == 0, "item %zu", k);
	}
}

static void check_accepted(const uint8_t *data, size_t size)
{
	struct egg *egg = egg_new();
	struct egg_fault fault;
	struct egg_insn insn;
	size_t off = 0, n = 0;
	int err;

	require(egg != NULL, "out of memory");
	while ((err = egg_decode(data, size, &off, &insn)) == 0) {
		require(insn.offset + insn.size == off, "insn %zu at %zu", n, insn.offset);
		check_insn(&insn);
		require(egg_append(egg, &insn) == 0, "insn %zu (opcode %u) not appendable", n,
			insn.opcode);
		require(egg_size(egg) == off, "insn %zu re-encoded to a different size", n);
		n++;
	}
	require(err == ENODATA && off == size, "decode stopped at %zu of %zu: %d", off, size, err);
	require(egg_count(egg) == n, "count %zu, decoded %zu", egg_count(egg), n);
	require(size == 0 || memcmp(egg_data(egg), data, size) == 0, "not canonical");
	require(egg__validate(data, size, &off) == (long)n, "internal count differs");
	require(egg__interp_dry(data, size, &fault) == 0, "dry run failed at %zu", fault.index);
	require(fault.index == n, "dry run ran %zu of %zu", fault.index, n);
	egg_free(egg);
}

static void check_rejected(const uint8_t *data, size_t size, size_t bad)
{
	struct egg_insn insn;
	size_t off = 0, before;
	int err;

	require(bad <= size, "bad offset %zu past %zu", bad, size);
	do {
		before = off;
		err = egg_decode(data, size, &off, &insn);
	} while (err == 0);
	require(err == EINVAL, "decoder accepted what the validator did not (%d)", err);
	require(off == bad, "decoder says %zu, validator %zu", off, bad);
	require(off >= before, "decoder went back");
}

/* What the interpreter does with code validation refused.  It checks
 * bounds, not ranges or shortest forms: such code may run to its end. */
static void check_interp_rejected(const uint8_t *data, size_t size)
{
	struct egg_fault fault;
	int err = egg__interp_dry(data, size, &fault);

	require(err == -EINVAL || err == 0, "dry run gave %d", err);
	require(err == 0 || fault.offset < size, "dry run failed at %zu of %zu",
		fault.offset, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad = (size_t)-1;

	if (egg_validate(data, size, &bad) == 0)
		check_accepted(data, size);
	else {
		check_rejected(data, size, bad);
		check_interp_rejected(data, size);
	}
	return 0;
}
