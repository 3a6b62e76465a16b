/*
 * glibc's own config.h comes from its configure; the support/ files that
 * include it need nothing from it when built against the installed glibc.
 */
