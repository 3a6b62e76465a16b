keep {3, 1}
