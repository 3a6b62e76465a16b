/* SPDX-License-Identifier: MIT */
/*
 * eggasm's text form is canonical: for random valid eggs, built through
 * egg_append() from the op table (egg_op_info), disassembling with
 * eggasm -d and assembling the text again with eggasm -o - gives the same
 * bytes.  The same runs in-process through the parser and disassembler
 * modules, many more times.
 *
 * The generator knows each operand kind's range from egg.h, and leans on
 * the edges; egg_append() decides what is valid, so ops with their own
 * checks (close_range's first <= last, say) just take a few tries.  The
 * seed is $EGGASM_SEED, or fixed; a failure prints it.
 */
#include <check.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "disasm.h"
#include "parse.h"
#include "egg-util.h"
#include "eggasm-util.h"
#include "sanitizer-skip.h"

#define MAX_OPS (EGG_OP_LAST + 1)
#define TRIES 100000

/* Programs per case: a sanitizer build runs each eggasm many times slower,
 * and gets a tenth of them (the fuzzers cover the modules there). */
#define SCALE(n) (EGG_TEST_ASAN ? ((n) + 9) / 10 : (n))
#define PER_OP SCALE(15)
#define PER_MIXED SCALE(50)
#define PER_MODULES SCALE(2000)

static struct egg_op_info ops[MAX_OPS];
static int nops;
static uint64_t seed = 0x5eed2026;

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

/* A number up to max, half the time at or near an edge. */
static uint64_t edgy(struct rng *r, uint64_t max)
{
	switch (below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return max < 1 ? max : 1;
	case 2:
		return max;
	case 3:
		return max - (max > 0);
	case 4:
		return below(r, max < 64 ? max + 1 : 64);
	default:
		return max == UINT64_MAX ? rnd(r) >> below(r, 64)
					  : below(r, max + 1) >> below(r, 32);
	}
}

/* Any subset of bits, each kept with probability 1/2. */
static uint64_t subset(struct rng *r, uint64_t bits)
{
	return bits & rnd(r);
}

/* The bits of each kind, from egg(7) and the kernel headers. */
#define OFLAG_BITS 037757700ULL	/* CREAT .. TMPFILE, the egg encoding */
#define SECBITS 0xffULL
#define NS_BITS 0x7e020080ULL	/* CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET,TIME} */

static const uint64_t policies[] = { 0, 1, 2, 3, 5 };

struct operand_mem {
	char str[4096];
	uint32_t items[EGG_LIST_MAX];
};

static void gen_string(struct rng *r, union egg_value *v, struct operand_mem *m)
{
	static const size_t lens[] = { 0, 1, 2, 7, 16, 64, 65, 200, 4095 };
	size_t n = below(r, 4) ? below(r, 24) : lens[below(r, 9)], i;
	unsigned int pick = (unsigned int)below(r, 3);

	for (i = 0; i < n; i++) {
		if (pick == 0)		/* printable, with the characters to escape */
			m->str[i] = (char)(' ' + below(r, 95));
		else if (pick == 1)	/* a path */
			m->str[i] = "/abc.-_ \"\\"[below(r, 10)];
		else			/* any byte but NUL */
			m->str[i] = (char)(1 + below(r, 255));
	}
	v->str.ptr = m->str;
	v->str.len = n;
}

static void gen_list(struct rng *r, union egg_value *v, struct operand_mem *m,
		     uint64_t max, int ascending)
{
	size_t n = below(r, 8) ? below(r, 9) : below(r, EGG_LIST_MAX + 1), i;
	uint64_t next = 0;

	for (i = 0; i < n; i++) {
		if (!ascending) {
			m->items[i] = (uint32_t)edgy(r, max);
			continue;
		}
		if (next > max)
			break;
		next += below(r, 4) ? below(r, 3) : below(r, max / 16 + 1);
		if (next > max)
			break;
		m->items[i] = (uint32_t)next++;
	}
	v->list.items = m->items;
	v->list.count = i;
}

static void gen_operand(struct rng *r, enum egg_operand_type t, union egg_value *v,
			struct operand_mem *m)
{
	*v = (union egg_value){ 0 };
	switch (t) {
	case EGG_OPERAND_FD:
	case EGG_OPERAND_PID:
		v->u = edgy(r, INT_MAX);
		break;
	case EGG_OPERAND_UINT:
		v->u = edgy(r, UINT_MAX);
		break;
	case EGG_OPERAND_U64:
	case EGG_OPERAND_SIGSET:
	case EGG_OPERAND_CAPMASK:
		v->u = below(r, 4) ? subset(r, edgy(r, UINT64_MAX)) : edgy(r, UINT64_MAX);
		break;
	case EGG_OPERAND_RLIM:
		v->u = below(r, 4) ? edgy(r, UINT64_MAX) : UINT64_MAX;
		break;
	case EGG_OPERAND_INT:
		v->i = below(r, 2) ? (int64_t)below(r, 40) - 20 :
		       (int64_t)edgy(r, (uint64_t)INT_MAX * 2 + 1) + INT_MIN;
		break;
	case EGG_OPERAND_OFLAGS:
		v->u = below(r, 3) | subset(r, OFLAG_BITS);
		break;
	case EGG_OPERAND_MODE:
		v->u = edgy(r, 07777);
		break;
	case EGG_OPERAND_UMASK:
		v->u = edgy(r, 0777);
		break;
	case EGG_OPERAND_PATH:
	case EGG_OPERAND_STRING:
		gen_string(r, v, m);
		break;
	case EGG_OPERAND_RESOURCE:
		v->u = below(r, 16);
		break;
	case EGG_OPERAND_CLOSE_RANGE_FLAGS:
		v->u = subset(r, 6);
		break;
	case EGG_OPERAND_ID:
		v->u = edgy(r, 0xfffffffe);
		break;
	case EGG_OPERAND_ID_OR_KEEP:
		v->u = edgy(r, 0xffffffff);
		break;
	case EGG_OPERAND_IDLIST:
		gen_list(r, v, m, 0xfffffffe, 0);
		break;
	case EGG_OPERAND_FDLIST:
		gen_list(r, v, m, INT_MAX, 1);
		break;
	case EGG_OPERAND_FDMAP:
		gen_list(r, v, m, INT_MAX, 0);
		for (size_t i = 0; i < v->list.count; i++)
			if (!below(r, 4))
				m->items[i] = EGG_FDMAP_CLOSE;
		break;
	case EGG_OPERAND_CPULIST:
		gen_list(r, v, m, 1023, 1);
		break;
	case EGG_OPERAND_CAP:
		v->u = edgy(r, 63);
		break;
	case EGG_OPERAND_SIGNAL:
		v->u = edgy(r, 64);
		break;
	case EGG_OPERAND_BOOL:
		v->u = below(r, 2);
		break;
	case EGG_OPERAND_SECUREBITS:
		v->u = subset(r, SECBITS);
		break;
	case EGG_OPERAND_SCHED_POLICY:
		v->u = policies[below(r, 5)] | (below(r, 2) ? 0x40000000 : 0);
		break;
	case EGG_OPERAND_UNSHARE_FLAGS:
		v->u = subset(r, NS_BITS);
		break;
	default:
		v->u = rnd(r);	/* a kind this test does not know yet */
	}
}

/* One valid instruction of op, appended to egg. */
static void gen_insn(struct rng *r, const struct egg_op_info *op, struct egg *egg)
{
	static struct operand_mem mem[EGG_MAX_OPERANDS];
	struct egg_insn insn;
	unsigned int i;
	int tries, err = 0;

	for (tries = 0; tries < TRIES; tries++) {
		insn = (struct egg_insn){ .opcode = op->opcode, .noperands = op->noperands };
		for (i = 0; i < op->noperands; i++)
			gen_operand(r, op->operand[i], &insn.operand[i], &mem[i]);
		err = egg_append(egg, &insn);
		if (!err)
			return;
	}
	ck_abort_msg("no valid %s in %d tries (last error %d)", op->name, TRIES, err);
}

/* A program of 1 to 12 instructions, of op only if only is set. */
static void gen_program(struct rng *r, struct egg *egg, const struct egg_op_info *only)
{
	size_t n = 1 + below(r, 12), i;

	for (i = 0; i < n; i++)
		gen_insn(r, only ? only : &ops[below(r, (uint64_t)nops)], egg);
}

static void hexdump(const char *what, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(stderr, "%s (%zu bytes):", what, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %02x", p[i]);
	fputc('\n', stderr);
}

/* egg -> eggasm -d -> eggasm -o - -> the same bytes. */
static void roundtrip_tool(const struct egg *egg, uint64_t s)
{
	const char *bin = eggasm_tmpname(".egg"), *text = eggasm_tmpname(".s");
	const char *again = t_tmpname("again");
	const char *dis[] = { "-d", "-o", text, bin, NULL };
	const char *as[] = { "-o", "-", text, NULL };
	char *bytes, *src;
	size_t n;

	eggasm_write_bytes(bin, egg_data(egg), egg_size(egg));
	ck_assert_int_eq(eggasm_tool(dis, NULL, NULL), 0);
	ck_assert_int_eq(eggasm_tool(as, again, NULL), 0);
	bytes = t_read_file(again, &n);
	if (n != egg_size(egg) || (n && memcmp(bytes, egg_data(egg), n))) {
		src = t_read_file(text, NULL);
		hexdump("built", egg_data(egg), egg_size(egg));
		hexdump("reassembled", (const uint8_t *)bytes, n);
		fprintf(stderr, "the text:\n%s", src);
		ck_abort_msg("seed %#" PRIx64 ": the text does not assemble back", s);
	}
	free(bytes);
}

static void roundtrip_inproc(const struct egg *egg, uint64_t s)
{
	struct eggasm_buf text = { 0 };
	struct eggasm_diag diag;
	struct egg *again = t_egg();
	size_t bad = 0;
	int err;

	err = eggasm_disasm(egg_data(egg), egg_size(egg), &text, &bad);
	ck_assert_msg(!err, "seed %#" PRIx64 ": disasm: error %d at %zu", s, err, bad);
	err = eggasm_parse(text.s, text.len, "text", again, NULL, &diag);
	if (err)
		fprintf(stderr, "the text:\n%s", text.s);
	ck_assert_msg(!err, "seed %#" PRIx64 ": %u:%u: %s", s, diag.line, diag.column, diag.msg);
	if (egg_size(again) != egg_size(egg) ||
	    (egg_size(egg) && memcmp(egg_data(again), egg_data(egg), egg_size(egg)))) {
		hexdump("built", egg_data(egg), egg_size(egg));
		hexdump("reassembled", egg_data(again), egg_size(again));
		fprintf(stderr, "the text:\n%s", text.s);
		ck_abort_msg("seed %#" PRIx64 ": the text does not assemble back", s);
	}
	eggasm_buf_free(&text);
	egg_free(again);
}

/* Programs of one op each, so that a failure names the op. */
START_TEST(roundtrip_op)
{
	struct rng r = { seed ^ (uint64_t)(_i + 1) * 0x9e3779b97f4a7c15ULL };
	struct egg *egg = t_egg();
	int k;

	ck_assert_int_lt(_i, nops);
	for (k = 0; k < PER_OP; k++) {
		uint64_t s = r.s;

		egg_reset(egg);
		gen_program(&r, egg, &ops[_i]);
		roundtrip_tool(egg, s);
	}
	egg_free(egg);
}
END_TEST

START_TEST(roundtrip_mixed)
{
	struct rng r = { seed ^ (uint64_t)(_i + 1) * 0xbf58476d1ce4e5b9ULL };
	struct egg *egg = t_egg();
	int k;

	for (k = 0; k < PER_MIXED; k++) {
		uint64_t s = r.s;

		egg_reset(egg);
		gen_program(&r, egg, NULL);
		roundtrip_tool(egg, s);
	}
	egg_free(egg);
}
END_TEST

START_TEST(roundtrip_modules)
{
	struct rng r = { seed ^ (uint64_t)(_i + 1) * 0x94d049bb133111ebULL };
	struct egg *egg = t_egg();
	int k;

	for (k = 0; k < PER_MODULES; k++) {
		uint64_t s = r.s;

		egg_reset(egg);
		gen_program(&r, egg, NULL);
		roundtrip_inproc(egg, s);
	}
	egg_free(egg);
}
END_TEST

/* The empty egg is the empty text. */
START_TEST(roundtrip_empty)
{
	struct egg *egg = t_egg();
	const char *bin = eggasm_tmpname(".egg"), *text = eggasm_tmpname(".s");
	const char *dis[] = { "-d", "-o", text, bin, NULL };
	size_t n = 1;

	roundtrip_tool(egg, 0);
	eggasm_write_bytes(bin, "", 0);
	ck_assert_int_eq(eggasm_tool(dis, NULL, NULL), 0);
	free(t_read_file(text, &n));
	ck_assert_uint_eq(n, 0);
	egg_free(egg);
}
END_TEST

static void load_ops(void)
{
	unsigned int code;

	for (code = 0; code <= EGG_OP_LAST && nops < MAX_OPS; code++)
		if (egg_op_supported(code) && egg_op_info(code, &ops[nops]) == 0)
			nops++;
}

int main(void)
{
	Suite *s = suite_create("eggasm-roundtrip");
	const char *env = getenv("EGGASM_SEED");
	TCase *tc;

	if (env && *env)
		seed = strtoull(env, NULL, 0);
	if (!seed)
		seed = 1;	/* xorshift stays at 0 */
	load_ops();
	if (!nops) {
		fprintf(stderr, "no ops in the library's table\n");
		return 1;
	}
	printf("seed %#" PRIx64 ", %d ops%s\n", seed, nops,
	       EGG_TEST_ASAN ? ", a tenth of the programs (AddressSanitizer build)" : "");
	fflush(stdout);
	tc = t_tcase(s, "op", 300);
	tcase_add_loop_test(tc, roundtrip_op, 0, nops);
	tc = t_tcase(s, "mixed", 300);
	tcase_add_loop_test(tc, roundtrip_mixed, 0, 30);
	tcase_add_test(tc, roundtrip_empty);
	tc = t_tcase(s, "modules", 300);
	tcase_add_loop_test(tc, roundtrip_modules, 0, 10);
	return t_run(s);
}
