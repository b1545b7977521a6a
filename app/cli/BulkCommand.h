#pragma once

#include <QObject>
#include <QStringList>
#include <QTextStream>

// relreview-cli bulk --base-url URL --source UUID [scope options] --where QUERY --status STATUS
//                    [--dry-run] [--yes]
//
// Reads the source's relationships (and columns, for names), keeps those the query in the filter
// language matches (FilterQuery; the filter bar's language), leaves out those already in STATUS,
// and prints what would change: counts by current status and a text histogram of their scores.
// --dry-run stops there and changes nothing. --yes records the decisions in the journal as one
// step and delivers them through the sync engine's bulk path with a text progress bar; the exit
// status is 0 only when every decision is confirmed. Without either, a terminal is asked; a
// script is refused (exit 2), so that nothing is applied by accident.
class BulkCommand : public QObject
{
    Q_OBJECT
public:
    BulkCommand(QTextStream& out, QTextStream& err, QObject* parent = nullptr);

    // `arguments`: the command first ("relreview-cli bulk"), then its options.
    int run(const QStringList& arguments);
    static QString usage();

private:
    int usageError(const QString& message);
    int failed(const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
};
