#pragma once

#include "CliCommand.h"

// relreview-cli validate FILE: checks a snapshot or a saved list; a problem is named by its
// position or record (exit 3).
class ValidateCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments`: the command first (e.g. "relreview-cli validate"), then its options.
    int run(const QStringList& arguments);
};
