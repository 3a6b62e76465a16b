setsid
setpgid 0
setpgid 2147483647
umask 0
umask 0777
setrlimit RLIMIT_NOFILE 1024 RLIM_INFINITY
setrlimit RLIMIT_CORE 0 0
