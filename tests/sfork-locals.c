/* SPDX-License-Identifier: MIT */
/*
 * What the child leaves is what the parent continues with: locals, in
 * registers or spilled, volatile or not, and the callee-saved registers
 * themselves.  Built twice (tests/sfork.mk), at -O0 and at -O2, so that
 * the locals live in different places.
 */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

/* Automake puts the user's CFLAGS (often -O2) after a target's own, so
 * the level the target asks for is forced here too, for all that follows. */
#if SFORK_TEST_OPT == 0
# ifdef __clang__
#  pragma clang optimize off
# else
#  pragma GCC optimize("O0")
# endif
#elif SFORK_TEST_OPT == 2 && !defined(__clang__)
# pragma GCC optimize("O2")
#endif

/* GCC warns (-Wclobbered) that such locals are lost if sfork() returns
 * twice, as after setjmp(); here the child never dies early, and keeping
 * them in registers across sfork() is the point. */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC diagnostic ignored "-Wclobbered"
#endif

static volatile long seed_source;

/*
 * Twelve integers and twelve doubles, two of them volatile, all live across
 * sfork(), changed in the child by its pid (unknown at compile time) and
 * used after sfork_exit().  More than there are callee-saved registers:
 * some stay in registers, some spill.  Every value stays an exact integer
 * or quarter, so that the comparisons are exact.  Returns the number of
 * values that are wrong.
 */
static __attribute__((noinline)) int many_locals(long seed)
{
	long a0 = seed + 1, a1 = seed * 3, a2 = seed - 5, a3 = seed ^ 0x55;
	long a4 = seed << 2, a5 = seed + 1000, a6 = -seed, a7 = seed * 7;
	long a8 = seed + 8, a9 = seed * 9, a10 = seed - 10, a11 = seed + 11;
	double d0 = seed + 0.25, d1 = seed * 2.0, d2 = seed - 0.5, d3 = seed + 3;
	double d4 = seed * 0.25, d5 = seed + 5.75, d6 = -seed - 0.25, d7 = seed + 7;
	double d8 = seed + 8.5, d9 = seed * 4.0, d10 = seed - 10, d11 = seed + 11.25;
	volatile long va = seed;
	volatile double vd = seed + 0.75;
	pid_t me = getpid(), child = 0;
	int pid, st, bad = 0;
	long p;

	if (sfork() != 0)
		return 1000;
	child = getpid();
	p = child;
	a0 += p; a1 -= p; a2 ^= p; a3 += 2 * p; a4 -= 3 * p; a5 += p * p;
	a6 += 4 * p; a7 ^= p << 3; a8 -= p; a9 += 5 * p; a10 += 6 * p; a11 ^= p + 1;
	d0 += p; d1 -= p; d2 += 2 * p; d3 *= 2; d4 += 0.5 * p; d5 -= p;
	d6 += 3 * p; d7 *= 4; d8 += p; d9 -= 2 * p; d10 += 0.25 * p; d11 += 7 * p;
	va += p;
	vd += p;
	pid = sfork_exit(0);

	/* The parent, with the child's values. */
	p = pid;
	bad += getpid() != me;
	bad += child != pid;
	bad += a0 != seed + 1 + p;
	bad += a1 != seed * 3 - p;
	bad += a2 != ((seed - 5) ^ p);
	bad += a3 != (seed ^ 0x55) + 2 * p;
	bad += a4 != (seed << 2) - 3 * p;
	bad += a5 != seed + 1000 + p * p;
	bad += a6 != -seed + 4 * p;
	bad += a7 != ((seed * 7) ^ (p << 3));
	bad += a8 != seed + 8 - p;
	bad += a9 != seed * 9 + 5 * p;
	bad += a10 != seed - 10 + 6 * p;
	bad += a11 != ((seed + 11) ^ (p + 1));
	bad += d0 != seed + 0.25 + p;
	bad += d1 != seed * 2.0 - p;
	bad += d2 != seed - 0.5 + 2 * p;
	bad += d3 != (seed + 3) * 2.0;
	bad += d4 != seed * 0.25 + 0.5 * p;
	bad += d5 != seed + 5.75 - p;
	bad += d6 != -seed - 0.25 + 3 * p;
	bad += d7 != (seed + 7) * 4.0;
	bad += d8 != seed + 8.5 + p;
	bad += d9 != seed * 4.0 - 2 * p;
	bad += d10 != seed - 10 + 0.25 * p;
	bad += d11 != seed + 11.25 + 7 * p;
	bad += va != seed + p;
	bad += vd != seed + 0.75 + p;
	if (waitpid(pid, &st, 0) != pid || st != 0)
		bad += 100;
	return bad;
}

START_TEST(locals_changed_in_the_child)
{
	long seed = seed_source + _i * 7919;

	ck_assert_int_eq(many_locals(seed), 0);
	t_assert_no_child();
}
END_TEST

/*
 * The callee-saved registers, in assembly: the probe sets them to one set
 * of values, sforks, records what the child sees, sets another set in the
 * child if asked to, calls sfork_exit() and records what the parent has;
 * also the stack pointer at sfork() and after sfork_exit().
 *
 *	int regs_probe(uint64_t out[], long change)
 *
 * out[0..n-1]: after sfork_exit, out[n..2n-1]: seen in the child,
 * out[2n]: sp before sfork, out[2n+1]: sp after sfork_exit.  Register i
 * holds PARENT_VALUE + i before sfork(), CHILD_VALUE + i if changed.
 */
#define PARENT_VALUE 0x1100
#define CHILD_VALUE 0x2200

#if defined(__x86_64__)
/* rbx, rbp, r12, r13, r14, r15 */
#define NREGS 6
__asm__(
	"	.text\n"
	"	.type regs_probe, @function\n"
	"regs_probe:\n"
	"	push %rbx\n"
	"	push %rbp\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	push %rdi\n"			/* out: 16(%rsp) below */
	"	push %rsi\n"			/* change: 8(%rsp) */
	"	sub $8, %rsp\n"			/* 16-byte aligned for the calls */
	"	mov $0x1100, %rbx\n"
	"	mov $0x1101, %rbp\n"
	"	mov $0x1102, %r12\n"
	"	mov $0x1103, %r13\n"
	"	mov $0x1104, %r14\n"
	"	mov $0x1105, %r15\n"
	"	mov 16(%rsp), %rdi\n"
	"	mov %rsp, 96(%rdi)\n"
	"	call sfork@PLT\n"
	"	test %eax, %eax\n"
	"	jnz 2f\n"
	"	mov 16(%rsp), %rdi\n"
	"	mov %rbx, 48(%rdi)\n"
	"	mov %rbp, 56(%rdi)\n"
	"	mov %r12, 64(%rdi)\n"
	"	mov %r13, 72(%rdi)\n"
	"	mov %r14, 80(%rdi)\n"
	"	mov %r15, 88(%rdi)\n"
	"	cmpq $0, 8(%rsp)\n"
	"	je 1f\n"
	"	mov $0x2200, %rbx\n"
	"	mov $0x2201, %rbp\n"
	"	mov $0x2202, %r12\n"
	"	mov $0x2203, %r13\n"
	"	mov $0x2204, %r14\n"
	"	mov $0x2205, %r15\n"
	"1:	xor %edi, %edi\n"
	"	call sfork_exit@PLT\n"
	"	mov 16(%rsp), %rdi\n"
	"	mov %rbx, 0(%rdi)\n"
	"	mov %rbp, 8(%rdi)\n"
	"	mov %r12, 16(%rdi)\n"
	"	mov %r13, 24(%rdi)\n"
	"	mov %r14, 32(%rdi)\n"
	"	mov %r15, 40(%rdi)\n"
	"	mov %rsp, 104(%rdi)\n"
	"2:	add $8, %rsp\n"
	"	pop %rsi\n"
	"	pop %rdi\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbp\n"
	"	pop %rbx\n"
	"	ret\n"
	"	.size regs_probe, .-regs_probe\n");
#elif defined(__aarch64__)
/* x19..x28, then d8..d15 (as bits) */
#define NREGS 18
__asm__(
	"	.text\n"
	"	.p2align 2\n"
	"	.type regs_probe, %function\n"
	"regs_probe:\n"
	"	hint #34\n"			/* bti c */
	"	stp x29, x30, [sp, #-176]!\n"
	"	mov x29, sp\n"
	"	stp x19, x20, [sp, #16]\n"
	"	stp x21, x22, [sp, #32]\n"
	"	stp x23, x24, [sp, #48]\n"
	"	stp x25, x26, [sp, #64]\n"
	"	stp x27, x28, [sp, #80]\n"
	"	stp x0, x1, [sp, #96]\n"	/* out, change */
	"	stp d8, d9, [sp, #112]\n"
	"	stp d10, d11, [sp, #128]\n"
	"	stp d12, d13, [sp, #144]\n"
	"	stp d14, d15, [sp, #160]\n"
	"	mov x19, #0x1100\n"
	"	mov x20, #0x1101\n"
	"	mov x21, #0x1102\n"
	"	mov x22, #0x1103\n"
	"	mov x23, #0x1104\n"
	"	mov x24, #0x1105\n"
	"	mov x25, #0x1106\n"
	"	mov x26, #0x1107\n"
	"	mov x27, #0x1108\n"
	"	mov x28, #0x1109\n"
	"	mov x9, #0x110a\n"
	"	fmov d8, x9\n"
	"	mov x9, #0x110b\n"
	"	fmov d9, x9\n"
	"	mov x9, #0x110c\n"
	"	fmov d10, x9\n"
	"	mov x9, #0x110d\n"
	"	fmov d11, x9\n"
	"	mov x9, #0x110e\n"
	"	fmov d12, x9\n"
	"	mov x9, #0x110f\n"
	"	fmov d13, x9\n"
	"	mov x9, #0x1110\n"
	"	fmov d14, x9\n"
	"	mov x9, #0x1111\n"
	"	fmov d15, x9\n"
	"	mov x9, sp\n"
	"	str x9, [x0, #288]\n"		/* out[36] */
	"	bl sfork\n"
	"	cbnz w0, 2f\n"
	"	ldr x0, [sp, #96]\n"
	"	stp x19, x20, [x0, #144]\n"	/* out[18..] */
	"	stp x21, x22, [x0, #160]\n"
	"	stp x23, x24, [x0, #176]\n"
	"	stp x25, x26, [x0, #192]\n"
	"	stp x27, x28, [x0, #208]\n"
	"	stp d8, d9, [x0, #224]\n"
	"	stp d10, d11, [x0, #240]\n"
	"	stp d12, d13, [x0, #256]\n"
	"	stp d14, d15, [x0, #272]\n"
	"	ldr x1, [sp, #104]\n"
	"	cbz x1, 1f\n"
	"	mov x19, #0x2200\n"
	"	mov x20, #0x2201\n"
	"	mov x21, #0x2202\n"
	"	mov x22, #0x2203\n"
	"	mov x23, #0x2204\n"
	"	mov x24, #0x2205\n"
	"	mov x25, #0x2206\n"
	"	mov x26, #0x2207\n"
	"	mov x27, #0x2208\n"
	"	mov x28, #0x2209\n"
	"	mov x9, #0x220a\n"
	"	fmov d8, x9\n"
	"	mov x9, #0x220b\n"
	"	fmov d9, x9\n"
	"	mov x9, #0x220c\n"
	"	fmov d10, x9\n"
	"	mov x9, #0x220d\n"
	"	fmov d11, x9\n"
	"	mov x9, #0x220e\n"
	"	fmov d12, x9\n"
	"	mov x9, #0x220f\n"
	"	fmov d13, x9\n"
	"	mov x9, #0x2210\n"
	"	fmov d14, x9\n"
	"	mov x9, #0x2211\n"
	"	fmov d15, x9\n"
	"1:	mov w0, #0\n"
	"	bl sfork_exit\n"
	"	ldr x1, [sp, #96]\n"
	"	stp x19, x20, [x1, #0]\n"
	"	stp x21, x22, [x1, #16]\n"
	"	stp x23, x24, [x1, #32]\n"
	"	stp x25, x26, [x1, #48]\n"
	"	stp x27, x28, [x1, #64]\n"
	"	stp d8, d9, [x1, #80]\n"
	"	stp d10, d11, [x1, #96]\n"
	"	stp d12, d13, [x1, #112]\n"
	"	stp d14, d15, [x1, #128]\n"
	"	mov x9, sp\n"
	"	str x9, [x1, #296]\n"		/* out[37] */
	"2:	ldp d8, d9, [sp, #112]\n"
	"	ldp d10, d11, [sp, #128]\n"
	"	ldp d12, d13, [sp, #144]\n"
	"	ldp d14, d15, [sp, #160]\n"
	"	ldp x19, x20, [sp, #16]\n"
	"	ldp x21, x22, [sp, #32]\n"
	"	ldp x23, x24, [sp, #48]\n"
	"	ldp x25, x26, [sp, #64]\n"
	"	ldp x27, x28, [sp, #80]\n"
	"	ldp x29, x30, [sp], #176\n"
	"	ret\n"
	"	.size regs_probe, .-regs_probe\n");
#endif

#ifdef NREGS
int regs_probe(uint64_t out[], long change);

START_TEST(callee_saved_registers_from_the_child)
{
	uint64_t out[2 * NREGS + 2] = { 0 };
	long change = _i;
	int pid, i;

	pid = regs_probe(out, change);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
	for (i = 0; i < NREGS; i++) {
		ck_assert_msg(out[NREGS + i] == PARENT_VALUE + (uint64_t)i,
			      "register %d in the child: %#llx", i,
			      (unsigned long long)out[NREGS + i]);
		ck_assert_msg(out[i] == (change ? CHILD_VALUE : PARENT_VALUE) + (uint64_t)i,
			      "register %d after sfork_exit: %#llx", i,
			      (unsigned long long)out[i]);
	}
	ck_assert_uint_eq(out[2 * NREGS], out[2 * NREGS + 1]);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("sfork-locals");
	TCase *tc = t_tcase(s, "locals", 30);

	seed_source = getpid() * 3 + 17;
	tcase_add_loop_test(tc, locals_changed_in_the_child, 0, 20);
#ifdef NREGS
	tcase_add_loop_test(tc, callee_saved_registers_from_the_child, 0, 2);
#else
	printf("not run: callee_saved_registers_from_the_child, no probe for this architecture\n");
#endif
	return t_run(s);
}
