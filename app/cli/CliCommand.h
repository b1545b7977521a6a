#pragma once

#include "DecisionJournal.h"
#include "Relationship.h"

#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

class QCommandLineParser;

// What every command of relreview-cli shares (see CliCommands for the list and the exit
// statuses): its output streams, option parsing with --help, the journal, and messages that
// never print the token. Results go to `out`, progress and messages to `err`.
class CliCommand : public QObject
{
    Q_OBJECT
public:
    enum ExitStatus { Ok = 0, Failed = 1, Usage = 2, BadInput = 3 };

    CliCommand(QTextStream& out, QTextStream& err, QObject* parent = nullptr);
    ~CliCommand() override;

protected:
    // false: stop with *status (a usage error, or --help shown).
    bool parse(QCommandLineParser& parser, const QStringList& arguments, const QString& command,
               ExitStatus* status);
    bool openJournal();
    ExitStatus usageError(const QString& message);
    ExitStatus badInput(const QString& message);
    ExitStatus failed(const QString& message);
    void progress(const QString& message);
    // Messages may quote a server or a file: whatever they hold, the token is not printed.
    static QString withoutToken(const QString& message);
    // Accepts "APPROVED", "approved", "Approved".
    static std::optional<RelationshipStatus> statusArgument(const QString& text);

    QTextStream& m_out;
    QTextStream& m_err;
    std::unique_ptr<DecisionJournal> m_journal;
};
