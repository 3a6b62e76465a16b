setctty 0
tcsetpgrp 0
unshare CLONE_NEWNS
unshare CLONE_NEWNS|CLONE_NEWUSER
sethostname "sandbox"
