chdir "/a b\"c\\d"
open 1 "/tmp/x" O_WRONLY|O_CREAT|O_APPEND 0644
sethostname ""
