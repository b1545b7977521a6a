#pragma once

#include <QJsonObject>
#include <QString>

// The whole main window (table, charts, inspector, filter bar, status bar, sync and history
// panels) on one snapshot file, offscreen, driven as an analyst drives it: open the file, click
// each column header, type a query into the filter bar a key at a time, select everything, move
// with J, approve with A, undo with Ctrl+Z. A 5 ms heartbeat watches the UI thread throughout;
// every step reports its worst stall. Runs in a fresh process (`--window FILE`), with a private
// journal and settings.
//
// Returns flat metrics ("window.open.stallMs" -> 12.3, ...); "ok" false and "error" on failure.
QJsonObject runWindowBenchmark(const QString& path);
