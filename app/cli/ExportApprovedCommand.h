#pragma once

#include "CliCommand.h"

// relreview-cli export-approved (--snapshot FILE | --base-url URL --source UUID) --format F
// [--dialect D] [--confirmed-only] [--table-names FILE] [-o FILE]: writes the approved
// relationships (after this journal's decisions) as a dbt schema.yml, SQL foreign keys, a Mermaid
// diagram or CSV (ApprovedExport). Relationships with a table or column name unknown are left out
// and counted on stderr. Reads the journal, writes nothing to it: the names of --table-names
// count for this export only (File → Import table names… keeps them).
class ExportApprovedCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    int run(const QStringList& arguments);
    static QString usage();
};
