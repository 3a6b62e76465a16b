/* SPDX-License-Identifier: MIT */
/*
 * A growing text buffer.  Running out of memory is sticky: later appends
 * do nothing and the owner checks failed once, at the end.
 */
#ifndef EGGASM_BUF_H
#define EGGASM_BUF_H

#include <stddef.h>

struct eggasm_buf {
	char *s;		/* NUL-terminated once anything is added */
	size_t len;
	size_t cap;
	int failed;		/* an allocation failed */
};

void eggasm_buf_add(struct eggasm_buf *b, const char *s, size_t n);
void eggasm_buf_puts(struct eggasm_buf *b, const char *s);
void eggasm_buf_putc(struct eggasm_buf *b, char c);
void eggasm_buf_printf(struct eggasm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void eggasm_buf_free(struct eggasm_buf *b);

#endif /* EGGASM_BUF_H */
