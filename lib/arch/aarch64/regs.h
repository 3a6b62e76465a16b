/* SPDX-License-Identifier: MIT */
/* A saved aarch64 context: the AAPCS64 callee-saved registers x19-x29 and
 * d8-d15, the caller's stack pointer, the address the call returns to, and
 * FPCR (the rounding mode and the other floating-point controls, which
 * AAPCS64 also makes callee-saved).
 * Byte offsets, used by sfork.S; EGG__REGS_SIZE sizes the two contexts of
 * lib/sfork_frame.h, whose offsets lib/sfork.c checks. */
#ifndef EGG_REGS_H
#define EGG_REGS_H

/* x19..x28 and d8..d15 are stored in pairs (stp, ldp): 16 bytes each. */
#define EGG__R_X19 0
#define EGG__R_X21 (EGG__R_X19 + 16)
#define EGG__R_X23 (EGG__R_X19 + 32)
#define EGG__R_X25 (EGG__R_X19 + 48)
#define EGG__R_X27 (EGG__R_X19 + 64)
#define EGG__R_X29 80
#define EGG__R_SP 88
#define EGG__R_PC 96
#define EGG__R_D8 104
#define EGG__R_D10 (EGG__R_D8 + 16)
#define EGG__R_D12 (EGG__R_D8 + 32)
#define EGG__R_D14 (EGG__R_D8 + 48)
#define EGG__R_FPCR 168
#define EGG__REGS_SIZE 176

#endif /* EGG_REGS_H */
