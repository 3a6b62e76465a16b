/* SPDX-License-Identifier: MIT */
/* Running the eggasm command from the C tests. */
#ifndef EGGASM_TEST_UTIL_H
#define EGGASM_TEST_UTIL_H

#include <stddef.h>

/* Runs eggasm with args (NULL-terminated, without argv[0]), stdin from
 * /dev/null, stdout to out (NULL: /dev/null) and stderr to err (NULL:
 * inherited).  Returns its exit status; asserts that it ran and exited. */
int eggasm_tool(const char *const args[], const char *out, const char *err);

/* A fresh name ending in suffix (".egg", ".s") in the case's directory. */
const char *eggasm_tmpname(const char *suffix);

/* Writes len bytes to a new file name; asserts. */
void eggasm_write_bytes(const char *name, const void *data, size_t len);

#endif /* EGGASM_TEST_UTIL_H */
