#pragma once

#include <QTextStream>

// `relreview-benchmark --diff N`: SnapshotDiff of two generated lists of N relationships each, the
// second a pipeline re-run of the first (a tenth dropped, a twentieth new, a third under new ids,
// some rescored, re-decided, retyped, with new evidence). Reports the diff's time and the peak
// resident memory while it runs next to what holding both lists takes (the peak is reset before
// each run through /proc/self/clear_refs). Runs in this process; returns 0 when the diff agreed
// with how the lists were made.
int runDiffBenchmark(int count, int repeat, QTextStream& out);
