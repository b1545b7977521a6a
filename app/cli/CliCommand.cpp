#include "CliCommand.h"

#include "CliCommands.h"
#include "CredentialStore.h"
#include "SecretRedaction.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

CliCommand::CliCommand(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{}

CliCommand::~CliCommand() = default;

QString CliCommand::withoutToken(const QString& message)
{
    return SecretRedaction::redact(
        message, qEnvironmentVariable(CredentialStore::EnvironmentVariable).trimmed());
}

std::optional<RelationshipStatus> CliCommand::statusArgument(const QString& text)
{
    return statusFromName(text.trimmed().toUpper());
}

CliCommand::ExitStatus CliCommand::usageError(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u"\n\n"_s << CliCommands::usage();
    m_err.flush();
    return Usage;
}

CliCommand::ExitStatus CliCommand::badInput(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u'\n';
    m_err.flush();
    return BadInput;
}

CliCommand::ExitStatus CliCommand::failed(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u'\n';
    m_err.flush();
    return Failed;
}

void CliCommand::progress(const QString& message)
{
    m_err << withoutToken(message) << u'\n';
    m_err.flush();
}

bool CliCommand::parse(QCommandLineParser& parser, const QStringList& arguments,
                       const QString& command, ExitStatus* status)
{
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the usage."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        *status = usageError(command + u": "_s + parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        m_out << CliCommands::usage();
        *status = Ok;
        return false;
    }
    return true;
}

bool CliCommand::openJournal()
{
    if (m_journal) {
        return true;
    }
    m_journal = std::make_unique<DecisionJournal>();
    if (!m_journal->open()) {
        m_err << u"relreview-cli: "_s << m_journal->lastError() << u'\n';
        m_journal.reset();
        return false;
    }
    return true;
}
