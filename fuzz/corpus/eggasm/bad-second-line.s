setsid
close -1
