# make bench's plot: the median time from the spawn call to the child's
# first instruction, against the parent's size, one line per method: all
# of them on a log scale, then all but fork on a linear one, where the
# others' differences show.
# gnuplot -e "datafile='latency.dat'; outfile='latency.png'" latency.gp
set terminal pngcairo size 1400,620 font ",10" noenhanced
set output outfile
set datafile columnheaders
hdr = system(sprintf("head -n 1 '%s'", datafile))
n = words(hdr)
is_fork(i) = word(hdr, i) eq "fork"

set linetype 1 lc rgb "#1b9e77" dt 1
set linetype 2 lc rgb "#d95f02" dt 1
set linetype 3 lc rgb "#7570b3" dt 1
set linetype 4 lc rgb "#e7298a" dt 1
set linetype 5 lc rgb "#66a61e" dt 1
set linetype 6 lc rgb "#e6ab02" dt 1
set linetype 7 lc rgb "#a6761d" dt 1
set linetype 8 lc rgb "#666666" dt 1
set linetype 9 lc rgb "#1b9e77" dt 2
set linetype 10 lc rgb "#d95f02" dt 2
set linetype 11 lc rgb "#7570b3" dt 2
set linetype 12 lc rgb "#e7298a" dt 2
set linetype cycle 12

set multiplot layout 1, 2 title "spawn call to the child's first instruction (median)"
set xlabel "parent size (small, then that much more mapped; t: every page touched)"
set grid ytics mytics
set offsets 0.2, 0.2, 0, 0
set key top left

set ylabel "microseconds (log scale)"
set logscale y
plot for [i=2:n] datafile using 0:i:xtic(1) with linespoints lt (i - 1) lw 2 pt 7 \
	ps 0.8 title word(hdr, i)

set ylabel "microseconds"
unset logscale y
set yrange [0:*]
set key bottom right
plot for [i=2:n] datafile using 0:(is_fork(i) ? NaN : column(i)):xtic(1) \
	with linespoints lt (i - 1) lw 2 pt 7 ps 0.8 title (is_fork(i) ? "" : word(hdr, i))
unset multiplot
