#pragma once

#include "CliCommand.h"

// The commands of relreview-cli, the companion that needs no display: validate, export, decide,
// decisions (list and import), sync and bulk, one class each (ValidateCommand, ExportCommand,
// DecideCommand, DecisionsCommand, SyncCommand, BulkCommand); this class picks one and holds the
// --help text. Every command returns the process's exit status (CliCommand::ExitStatus):
//   0  done (sync: every decision confirmed)
//   1  the work failed: the server refused, conflicts or failures remain (with their counts)
//   2  usage: unknown command or option, a missing or bad option value, no token
//   3  bad input: a file that is not a valid snapshot, list or decisions file, an unknown id
// Results go to `out`, progress and messages to `err`. The token comes only from
// RELREVIEW_TOKEN and is never printed.
class CliCommands : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // `arguments` as QCoreApplication::arguments() gives them (the first is the program).
    int run(const QStringList& arguments);

    static QString usage();
};
