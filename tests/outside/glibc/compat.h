/*
 * Force-included (-include) into glibc's support/ library and tests when
 * they are built outside glibc, against the installed glibc's headers:
 * the few internal macros they use, made harmless.  Written for libegg's
 * outside test suites.
 */
#ifndef OUTSIDE_GLIBC_COMPAT_H
#define OUTSIDE_GLIBC_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <limits.h>

/* Symbol hiding inside libc.so: nothing to hide outside it. */
#define libc_hidden_proto(name, ...)
#define libc_hidden_def(name)
#define libc_hidden_weak(name)
#define attribute_hidden

#define __set_errno(e) (errno = (e))

/* The factor glibc's test driver applies to each test's timeout. */
#define TIMEOUTFACTOR 1

#endif
