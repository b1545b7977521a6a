#pragma once

#include "DecisionJournal.h"

#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

class ApiClient;
class QCommandLineParser;

// The commands of relreview-cli, the companion that needs no display: validate, export, decide,
// decisions (list and import) and sync. Every command returns the process's exit status:
//   0  done (sync: every decision confirmed)
//   1  the work failed: the server refused, conflicts or failures remain (with their counts)
//   2  usage: unknown command or option, a missing or bad option value, no token
//   3  bad input: a file that is not a valid snapshot, list or decisions file, an unknown id
// Results go to `out`, progress and messages to `err`. The token comes only from
// RELREVIEW_TOKEN and is never printed.
class CliCommands : public QObject
{
    Q_OBJECT
public:
    enum ExitStatus { Ok = 0, Failed = 1, Usage = 2, BadInput = 3 };

    CliCommands(QTextStream& out, QTextStream& err, QObject* parent = nullptr);
    ~CliCommands() override;

    // `arguments` as QCoreApplication::arguments() gives them (the first is the program).
    int run(const QStringList& arguments);

    static QString usage();

private:
    int validate(const QStringList& arguments);
    int exportSnapshot(const QStringList& arguments);
    int decide(const QStringList& arguments);
    int listDecisions(const QStringList& arguments);
    int importDecisions(const QStringList& arguments);
    int sync(const QStringList& arguments);

    bool parse(QCommandLineParser& parser, const QStringList& arguments, const QString& command,
               int* status);
    bool openJournal();
    int usageError(const QString& message);
    int badInput(const QString& message);
    int failed(const QString& message);
    void progress(const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
    std::unique_ptr<DecisionJournal> m_journal;
};
