capset {} ~0 {63}
ambient_raise CAP_CHOWN
ambient_raise 63
ambient_clear
bounding_drop CAP_SYS_ADMIN
keepcaps 0
keepcaps 1
securebits SECBIT_NOROOT|SECBIT_NOROOT_LOCKED|SECBIT_NO_SETUID_FIXUP|SECBIT_NO_SETUID_FIXUP_LOCKED|SECBIT_KEEP_CAPS_LOCKED
no_new_privs
