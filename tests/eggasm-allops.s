# Every op, written in the many ways eggasm accepts; eggasm-allops.golden
# is its canonical text, which eggasm -d must write exactly.  (SIGRTMIN
# is the C library's, so the real-time signals are left to other tests.)
setpgid 0; setpgid 0x7fffffff
open 3 "a \"quoted\"\\ path\n\t\x01\xff" O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC 07777
open 4, "/tmp", o_rdwr | tmpfile, 0600	# commas, spaces, lowercase
open 4 "/tmp" O_PATH|O_DIRECTORY|O_DSYNC|0x400000 0
dup2 1 2
close_range 0 ~0 CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC
setrlimit RLIMIT_CPU 5 RLIM_INFINITY
close 7
chdir "/"
fchdir 5
umask 0
umask 18		# decimal
sigmask ~0
sigmask {}
sigdefault {hup, SIGINT 33, 32, usr1}
setgroups {}
setgroups {5, 3, 4294967294}
setgid 4294967294
setresgid keep 1 2
setresgid ~0 max 4294967295
setuid 0
setresuid 0 keep 0
capset {} {CHOWN, CAP_BPF, 41, 63} ~0
ambient_raise CAP_NET_BIND_SERVICE
ambient_clear
bounding_drop 63
keepcaps 1
securebits SECBIT_KEEP_CAPS|SECBIT_NOROOT_LOCKED
securebits 0
no_new_privs
pdeathsig SIGKILL
pdeathsig term
pdeathsig 0
pdeathsig 33
setpriority -20
sched_setaffinity {0, 1, 1023}
sched_setscheduler SCHED_RR|SCHED_RESET_ON_FORK 99
sched_setscheduler SCHED_IDLE 0
setctty 0
tcsetpgrp 0
dup3 3 4 1
cloexec 3 0
keep {0, 1, 2147483647}
unshare CLONE_NEWNS|CLONE_NEWTIME|CLONE_NEWNET
chroot "/var/empty"
sethostname ""
fdmap {1, 0, -1, 2147483647}
sigignore {SIGPIPE, 32, 33}
sigignore {}
sched_setparam 0; sched_setparam 99
fa_close 0; fa_close 2147483647
fa_open 5 "/dev/null" O_RDONLY|O_CLOEXEC 0644
