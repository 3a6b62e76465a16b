/* SPDX-License-Identifier: MIT */
/*
 * For tests that cannot run in the sanitizer build (./configure
 * --enable-sanitizers): skip, saying why, rather than fail or pass
 * silently.  Call at the top of main(), before anything is tested:
 *
 *	#include "sanitizer-skip.h"
 *	...
 *	SKIP_UNDER_ASAN("what breaks, and why");
 *
 * The test then prints "SKIP: <reason> (AddressSanitizer build)" and exits
 * with 77, which Automake's test driver counts as a skip.  Nothing happens
 * in a normal build.  EGG_TEST_ASAN is 1 in an ASan build, for the rare
 * test that adapts instead (say, by not checking what ASan changes).
 * RUNNING_ON_VALGRIND is valgrind's own, and 0 where valgrind.h is missing.
 */
#ifndef SANITIZER_SKIP_H
#define SANITIZER_SKIP_H

#include <stdio.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
# define EGG_TEST_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define EGG_TEST_ASAN 1
# endif
#endif
#ifndef EGG_TEST_ASAN
# define EGG_TEST_ASAN 0
#endif

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
# endif
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

#define SKIP_UNDER_ASAN(reason) \
	do { \
		if (EGG_TEST_ASAN) { \
			printf("SKIP: %s (AddressSanitizer build)\n", (reason)); \
			fflush(stdout); \
			exit(77); \
		} \
	} while (0)

#endif /* SANITIZER_SKIP_H */
