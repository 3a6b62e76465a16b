open 0 "/dev/null" O_RDONLY 0
open 1 "/tmp/out" O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC 0644
dup2 1 2
dup2 5 5
dup3 3 2147483647 1
close 3
cloexec 4 1
close_range 3 ~0 CLOSE_RANGE_CLOEXEC
close_range 0 0 0
