#include "CliCommands.h"

#include "BulkCommand.h"
#include "CommandLine.h"
#include "DecideCommand.h"
#include "DecisionsCommand.h"
#include "DiffCommand.h"
#include "ExportApprovedCommand.h"
#include "ExportCommand.h"
#include "SyncCommand.h"
#include "ValidateCommand.h"

using namespace Qt::StringLiterals;

QString CliCommands::usage()
{
    return tr("Usage: relreview-cli COMMAND [OPTIONS]\n"
              "\n"
              "Commands:\n"
              "  validate FILE\n"
              "      Check a snapshot or a saved list; the message names the position or record.\n"
              "  export --base-url URL --source UUID [scope options] [--status S] -o FILE\n"
              "      Fetch a source's relationships (and columns) into a snapshot.\n"
              "  decide --snapshot FILE --id UUID [--id UUID ...] --status STATUS\n"
              "      Record a decision offline, in the journal.\n"
              "  decisions --snapshot FILE [--format csv|json] [-o FILE]\n"
              "      List the decisions recorded on a snapshot with their delivery states.\n"
              "  decisions import FILE [--snapshot FILE]\n"
              "      Take back decisions a colleague listed with --format json or csv.\n"
              "  sync --snapshot FILE --base-url URL [--retarget] [--source UUID] [--no-bulk]\n"
              "       [--max-bulk N] [--max-in-flight N] [--max-attempts N] [--retry-failed]\n"
              "      Push the pending decisions; the summary counts what failed or conflicts.\n"
              "  diff OLD NEW [--format text|json|csv]\n"
              "      What changed between two snapshots or saved lists, matched by column pair\n"
              "      (from_column_id, to_table_id, to_column_name): added, removed, changed.\n") +
           BulkCommand::usage() + ExportApprovedCommand::usage() +
           tr("\n"
              "The token comes from the environment variable RELREVIEW_TOKEN only, and is sent\n"
              "only to the server --base-url names (https://, or http:// to this machine);\n"
              "--ca-certificates FILE adds trusted certificate authorities (PEM).\n"
              "The journal lives in $RELREVIEW_DATA_DIR, else the application data folder.\n"
              "Exit status: 0 done, 1 failed or conflicts remain, 2 usage, 3 bad input.\n");
}

int CliCommands::run(const QStringList& arguments)
{
    const QStringList rest = arguments.mid(1);
    if (rest.isEmpty()) {
        m_err << usage();
        return Usage;
    }
    const QString command = rest.first();
    if (command == "-h"_L1 || command == "--help"_L1 || command == "help"_L1) {
        m_out << usage();
        return Ok;
    }
    if (command == "-v"_L1 || command == "--version"_L1) {
        m_out << versionText().replace(u"relreview "_s, u"relreview-cli "_s) << u'\n';
        return Ok;
    }
    const QStringList commandArguments =
        QStringList{arguments.first() + u' ' + command} + rest.mid(1);
    if (command == "validate"_L1) {
        return ValidateCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "export"_L1) {
        return ExportCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "export-approved"_L1) {
        return ExportApprovedCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "decide"_L1) {
        return DecideCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "decisions"_L1) {
        if (rest.size() > 1 && rest[1] == "import"_L1) {
            return DecisionsCommand(m_out, m_err)
                .importFile(QStringList{commandArguments.first() + u" import"_s} + rest.mid(2));
        }
        return DecisionsCommand(m_out, m_err).list(commandArguments);
    }
    if (command == "sync"_L1) {
        return SyncCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "diff"_L1) {
        return DiffCommand(m_out, m_err).run(commandArguments);
    }
    if (command == "bulk"_L1) {
        return BulkCommand(m_out, m_err).run(commandArguments);
    }
    return usageError(tr("unknown command '%1'").arg(command));
}
