/* SPDX-License-Identifier: MIT */
/* aarch64 system calls: number in x8, arguments in x0-x5, -errno back in
 * x0; no other register is clobbered. */
#ifndef EGG_SYSCALL_ARCH_H
#define EGG_SYSCALL_ARCH_H

#define EGG__SVC_IN(...) __asm__ volatile ("svc 0" : "=r"(x0) : __VA_ARGS__ : "memory")

static inline long egg__syscall0(long n)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0");
	EGG__SVC_IN("r"(x8));
	return x0;
}

static inline long egg__syscall1(long n, long a)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	EGG__SVC_IN("r"(x8), "0"(x0));
	return x0;
}

static inline long egg__syscall2(long n, long a, long b)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	EGG__SVC_IN("r"(x8), "0"(x0), "r"(x1));
	return x0;
}

static inline long egg__syscall3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	EGG__SVC_IN("r"(x8), "0"(x0), "r"(x1), "r"(x2));
	return x0;
}

static inline long egg__syscall4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	EGG__SVC_IN("r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3));
	return x0;
}

static inline long egg__syscall5(long n, long a, long b, long c, long d, long e)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	EGG__SVC_IN("r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3), "r"(x4));
	return x0;
}

static inline long egg__syscall6(long n, long a, long b, long c, long d, long e,
				 long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	EGG__SVC_IN("r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5));
	return x0;
}

#endif /* EGG_SYSCALL_ARCH_H */
