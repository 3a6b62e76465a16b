/* SPDX-License-Identifier: MIT */
/* A saved aarch64 context: the AAPCS64 callee-saved registers x19-x29 and
 * d8-d15, the caller's stack pointer, the address the call returns to, and
 * FPCR (the rounding mode and the other floating-point controls, which
 * AAPCS64 also makes callee-saved).
 * Byte offsets, used by sfork.S and checked by lib/sfork.c. */
#ifndef EGG_REGS_H
#define EGG_REGS_H

#define EGG__R_X19 0	/* x19..x28 in pairs from here */
#define EGG__R_X29 80
#define EGG__R_SP 88
#define EGG__R_PC 96
#define EGG__R_D8 104	/* d8..d15 in pairs from here */
#define EGG__R_FPCR 168
#define EGG__REGS_SIZE 176

#endif /* EGG_REGS_H */
