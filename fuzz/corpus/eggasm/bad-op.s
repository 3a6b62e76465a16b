frobnicate 1 2
