setpriority -20
setpriority 19
sched_setaffinity {0, 1, 127, 1023}
sched_setscheduler SCHED_OTHER 0
sched_setscheduler SCHED_FIFO|SCHED_RESET_ON_FORK 99
