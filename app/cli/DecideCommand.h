#pragma once

#include "CliCommand.h"

// relreview-cli decide --snapshot FILE --id UUID [--id UUID ...] --status STATUS: records a
// decision offline, in the journal.
class DecideCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli decide"), then its options.
    int run(const QStringList& arguments);
};
