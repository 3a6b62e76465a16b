/* SPDX-License-Identifier: MIT */
/*
 * What the child leaves behind is what the parent continues with: locals,
 * in registers or on the stack, and the callee-saved registers themselves.
 * Built at -O0 and at -O2 (tests/sfork-core.mk).
 */
#include <check.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

/* Many live values, so that some stay in callee-saved registers across
 * the calls and some spill; each is changed in the child and used after. */
static long many_locals(long seed)
{
	long a = seed, b = seed * 2, c = seed * 3, d = seed * 5, e = seed * 7;
	long f = seed * 11, g = seed * 13, h = seed * 17, i = seed * 19;
	double x = (double)seed / 3, y = (double)seed / 7, z = (double)seed / 9;
	volatile long v = seed;
	pid_t me = getpid();
	int pid, st;

	if (sfork() != 0)
		return -1;
	a += 1; b += 2; c += 3; d += 4; e += 5; f += 6; g += 7; h += 8; i += 9;
	x *= 2; y *= 2; z *= 2;
	v = getpid();
	pid = sfork_exit(0);
	ck_assert_int_eq(getpid(), me);
	ck_assert_int_eq(v, pid);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(x == 2 * ((double)seed / 3) && y == 2 * ((double)seed / 7) &&
		  z == 2 * ((double)seed / 9));
	return a + b + c + d + e + f + g + h + i;
}

START_TEST(locals_set_in_child_survive)
{
	long seed;

	for (seed = 1; seed < 50; seed++)
		ck_assert_int_eq(many_locals(seed), seed * 78 + 45);
}
END_TEST

#if defined(__x86_64__)
/* Callee-saved registers written in the child, read after sfork_exit:
 * the parent must continue with the child's values, not its own.  The
 * asm steps over the red zone, keeps the stack 16-byte aligned at each
 * call, and keeps the output pointer on the stack, since it may have
 * come in any of the registers it overwrites. */
START_TEST(callee_saved_registers_from_child)
{
	unsigned long out[6] = { 0 }, pid;

	__asm__ volatile(
		"sub $128, %%rsp\n\t"
		"push %1\n\t"
		"push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15\n\t"
		"sub $8, %%rsp\n\t"
		"call sfork\n\t"
		"mov $0x1111, %%rbx; mov $0x2222, %%rbp; mov $0x3333, %%r12\n\t"
		"mov $0x4444, %%r13; mov $0x5555, %%r14; mov $0x6666, %%r15\n\t"
		"xor %%edi, %%edi\n\t"
		"call sfork_exit\n\t"
		"add $8, %%rsp\n\t"
		"mov 48(%%rsp), %%rcx\n\t"
		"mov %%rbx, 0(%%rcx); mov %%rbp, 8(%%rcx); mov %%r12, 16(%%rcx)\n\t"
		"mov %%r13, 24(%%rcx); mov %%r14, 32(%%rcx); mov %%r15, 40(%%rcx)\n\t"
		"pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx\n\t"
		"add $136, %%rsp\n\t"
		: "=a"(pid)
		: "r"(out)
		: "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
	ck_assert_int_gt((long)pid, 0);
	waitpid((pid_t)pid, NULL, 0);
	ck_assert_uint_eq(out[0], 0x1111);
	ck_assert_uint_eq(out[1], 0x2222);
	ck_assert_uint_eq(out[2], 0x3333);
	ck_assert_uint_eq(out[3], 0x4444);
	ck_assert_uint_eq(out[4], 0x5555);
	ck_assert_uint_eq(out[5], 0x6666);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("sfork-regs");
	TCase *t = tcase_create("regs");
	SRunner *r;
	int failed;

	tcase_set_timeout(t, 60);
	tcase_add_test(t, locals_set_in_child_survive);
#if defined(__x86_64__)
	tcase_add_test(t, callee_saved_registers_from_child);
#endif
	suite_add_tcase(s, t);
	r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
