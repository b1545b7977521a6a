#pragma once

#include "CliCommand.h"

// relreview-cli export --base-url URL --source UUID [scope options] [--status S] -o FILE:
// fetches a source's relationships (and columns) into a snapshot.
class ExportCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli export"), then its options.
    int run(const QStringList& arguments);
};
