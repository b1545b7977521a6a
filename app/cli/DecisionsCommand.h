#pragma once

#include "CliCommand.h"

// relreview-cli decisions --snapshot FILE [--format csv|json] [-o FILE]: lists the decisions
// recorded on a snapshot with their delivery states; `decisions import FILE [--snapshot FILE]`
// takes back decisions a colleague listed.
class DecisionsCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli decisions"), then its options.
    int list(const QStringList& arguments);
    int importFile(const QStringList& arguments);
};
