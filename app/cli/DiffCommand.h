#pragma once

#include "CliCommand.h"

struct ParsedDocument;
class SnapshotDiff;

// relreview-cli diff OLD NEW [--format text|json|csv]: what changed between two snapshots or
// saved lists, matched by column pair (SnapshotDiff): relationships added, removed, and changed
// (status, score, type, evidence, with the old and new values). A pair repeated within one list
// is named on the error stream. Exit 0, 3 for a file that is not a valid list or snapshot.
class DiffCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli diff"), then its options.
    int run(const QStringList& arguments);

private:
    void writeJson(const ParsedDocument& before, const ParsedDocument& after,
                   const SnapshotDiff& diff);
    void writeCsv(const ParsedDocument& before, const ParsedDocument& after,
                  const SnapshotDiff& diff);
    void writeText(const QString& oldPath, const QString& newPath, const ParsedDocument& before,
                   const ParsedDocument& after, const SnapshotDiff& diff);
    void reportDuplicates(const QString& oldPath, const QString& newPath,
                          const ParsedDocument& before, const ParsedDocument& after,
                          const SnapshotDiff& diff);
};
