#pragma once

#include <QJsonObject>
#include <QString>

// One list file opened the way the app opens it (ReviewSession::openSnapshot: LoadJob on a worker
// thread -> RelationshipStore -> RelationshipTableModel -> a QTableView set up like the main
// window's), then sorted, filtered, binned and bulk-selected, each operation run from the event
// loop with a 5 ms heartbeat watching the UI thread. Runs in a fresh process per file (see
// `--single`), so that the peak resident memory belongs to this file alone.
//
// Returns flat metrics ("load.loadedMs" -> 1234.5, ...), so that repeated runs can be combined
// metric by metric; "ok" false and "error" when the file did not load.
QJsonObject runUiBenchmark(const QString& path);
