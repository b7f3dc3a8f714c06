# Plots the CSV of scripts/compile-curve.sh: seconds and peak memory against size, log-log.
# gnuplot -e "csv='in.csv'; out='out'" scripts/compile-curve.gnuplot  ->  out.svg, out.png
set datafile separator ","
set key top left
set logscale xy
set grid
set xlabel "size n (terms, operations, MLP parameters)"
do for [format in "svg png"] {
    if (format eq "svg") { set terminal svg size 1100,450 dynamic font "sans,11" } \
    else { set terminal pngcairo size 1100,450 font "sans,10" }
    set output out.".".format
    set multiplot layout 1,2 title "ctgrad compile cost of value\\_and\\_grad (one translation unit, -O2)"
    set ylabel "seconds"
    plot for [c in "g++ clang++"] for [b in "sum chain mlp plain_mlp tensor_mlp"] \
        csv using (strcol(1) eq c && strcol(2) eq b ? $4 : 1/0):5 skip 1 with linespoints title c." ".b
    set ylabel "peak MiB"
    plot for [c in "g++ clang++"] for [b in "sum chain mlp plain_mlp tensor_mlp"] \
        csv using (strcol(1) eq c && strcol(2) eq b ? $4 : 1/0):6 skip 1 with linespoints title c." ".b
    unset multiplot
}
