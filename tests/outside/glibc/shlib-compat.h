/*
 * The part of glibc's shlib-compat.h that tst-spawn4-compat uses: bind a
 * call to a symbol's oldest version (posix_spawn@GLIBC_2.2.5 on x86_64).
 * Written for libegg's outside test suites.
 */
#ifndef OUTSIDE_GLIBC_SHLIB_COMPAT_H
#define OUTSIDE_GLIBC_SHLIB_COMPAT_H

#if defined __x86_64__
#define OUTSIDE_GLIBC_2_2 "GLIBC_2.2.5"
#define TEST_COMPAT(lib, introduced, obsoleted) 1
#else
#define OUTSIDE_GLIBC_2_2 "GLIBC_2.2"
#define TEST_COMPAT(lib, introduced, obsoleted) 0
#endif

#define compat_symbol_reference(lib, local, symbol, version) \
	__asm__(".symver " #local "," #symbol "@" OUTSIDE_##version)

#endif
