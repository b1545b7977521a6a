#pragma once

#include "CliCommand.h"

// relreview-cli sync --snapshot FILE --base-url URL [--retarget] [--source UUID] [--no-bulk]
// [--max-bulk N] [--max-in-flight N] [--max-attempts N] [--retry-failed]: pushes the pending
// decisions; the summary counts what failed or conflicts (exit 0 only when all are confirmed).
class SyncCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli sync"), then its options.
    int run(const QStringList& arguments);
};
