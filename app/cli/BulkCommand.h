#pragma once

#include "FilterQuery.h"
#include "Relationship.h"

#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <optional>

class BulkPlan;
class DecisionJournal;
class QCommandLineOption;
class QCommandLineParser;
class RelationshipStore;
struct NewDecision;

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
//
// relreview-cli bulk --snapshot FILE --where QUERY --status STATUS [--dry-run] [--yes]
//
// The same offline, on a snapshot: the decisions are recorded as one step on the snapshot's
// origin and wait there for `relreview-cli sync` (as the app's offline review). The query's was:
// terms see what was decided before on each row's column pair, in any list or snapshot of the
// journal: `--where 'status:suggested was:rejected' --status REJECTED` re-applies earlier
// rejections to suggestions that came back under new ids.
class BulkCommand : public QObject
{
    Q_OBJECT
public:
    BulkCommand(QTextStream& out, QTextStream& err, QObject* parent = nullptr);

    // `arguments`: the command first ("relreview-cli bulk"), then its options.
    int run(const QStringList& arguments);
    static QString usage();

private:
    struct Request
    {
        FilterQuery query;
        std::optional<RelationshipStatus> target;
        bool dryRun = false;
        bool yes = false;
    };
    std::optional<int> checkRequest(const QCommandLineParser& parser,
                                    const QCommandLineOption& whereOption,
                                    const QCommandLineOption& statusOption,
                                    const QCommandLineOption& dryRunOption,
                                    const QCommandLineOption& yesOption, Request* request);
    BulkPlan planFor(DecisionJournal& journal, qint64 originId, RelationshipStore& store,
                     const Request& request);
    // Prints what would change; a value: stop with this exit status (nothing to do, a dry run,
    // not confirmed); nullopt: apply.
    std::optional<int> previewAndConfirm(const BulkPlan& plan, const RelationshipStore& store,
                                         const Request& request, const QString& where);
    static QList<NewDecision> decisionsFor(const BulkPlan& plan, const RelationshipStore& store,
                                           RelationshipStatus target, qint64 stepId);
    int runOnSnapshot(const QString& path, const Request& request);
    int usageError(const QString& message);
    int failed(const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
};
