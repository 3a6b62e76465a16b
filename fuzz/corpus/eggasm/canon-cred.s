setgroups {0, 4, 27, 100, 4294967294}
setgroups {}
setgid 1000
setresgid 1 keep 4294967294
setuid 0
setresuid 1000 1000 1000
