open 1
