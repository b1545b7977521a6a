#include "BulkCommand.h"

#include "ApiClient.h"
#include "BulkPlan.h"
#include "CarriedForward.h"
#include "CliCommands.h"
#include "CommandLine.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "DecisionJournal.h"
#include "DeliveryOptions.h"
#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "OfflineSnapshot.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "SecretRedaction.h"
#include "SourceOptions.h"
#include "SyncEngine.h"
#include "TargetOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

bool isTerminal(FILE* stream)
{
#if defined(Q_OS_UNIX)
    return ::isatty(::fileno(stream)) != 0;
#else
    Q_UNUSED(stream);
    return false;
#endif
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

QString durationText(double seconds)
{
    if (seconds < 90)
        return BulkCommand::tr("%1 s").arg(qMax(1, int(seconds + 0.5)));
    if (seconds < 90 * 60)
        return BulkCommand::tr("%1 min").arg(int(seconds / 60 + 0.5));
    return BulkCommand::tr("%1 h").arg(QLocale().toString(seconds / 3600, 'f', 1));
}

// "[##########----------]  5,000/10,000  confirmed 4,990 · failed 10 · 2,340/s · about 2 s left"
QString progressLine(int confirmed, int failed, int total, double seconds)
{
    constexpr int Width = 24;
    const int settled = confirmed + failed;
    const int filled = total > 0 ? int(qint64(settled) * Width / total) : Width;
    const double rate = seconds > 0.2 ? settled / seconds : 0;
    QString line = u"["_s + QString(filled, u'#') + QString(Width - filled, u'-') + u"]  "_s +
                   BulkCommand::tr("%1/%2  confirmed %3 · failed %4")
                       .arg(number(settled), number(total), number(confirmed), number(failed));
    if (rate > 0) {
        line += BulkCommand::tr(" · %1/s").arg(QLocale().toString(rate, 'f', rate < 10 ? 1 : 0));
        if (settled < total)
            line += BulkCommand::tr(" · about %1 left").arg(durationText((total - settled) / rate));
    }
    return line;
}

} // namespace

BulkCommand::BulkCommand(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{}

QString BulkCommand::usage()
{
    return tr("  bulk --base-url URL --source UUID [scope options] --where QUERY --status STATUS\n"
              "       [--dry-run] [--yes] [--max-bulk N] [--max-in-flight N] [--max-attempts N]\n"
              "  bulk --snapshot FILE --where QUERY --status STATUS [--dry-run] [--yes]\n"
              "      Decide every relationship the query matches (the filter bar's language, e.g.\n"
              "      \"status:suggested score>=0.9\", \"status:suggested was:rejected\"); prints\n"
              "      what changes first. --dry-run changes nothing; --yes applies it through the\n"
              "      journal. With --snapshot, offline: the decisions wait in the journal for\n"
              "      relreview-cli sync, as the app's offline review does.\n");
}

int BulkCommand::usageError(const QString& message)
{
    m_err << u"relreview-cli: "_s << message << u"\n\n"_s << CliCommands::usage();
    m_err.flush();
    return CliCommands::Usage;
}

int BulkCommand::failed(const QString& message)
{
    // It may quote the server: whatever it holds, the token is not printed.
    m_err << u"relreview-cli: "_s
          << SecretRedaction::redact(
                 message, qEnvironmentVariable(CredentialStore::EnvironmentVariable).trimmed())
          << u'\n';
    m_err.flush();
    return CliCommands::Failed;
}

std::optional<int> BulkCommand::checkRequest(const QCommandLineParser& parser,
                                             const QCommandLineOption& whereOption,
                                             const QCommandLineOption& statusOption,
                                             const QCommandLineOption& dryRunOption,
                                             const QCommandLineOption& yesOption, Request* request)
{
    if (!parser.isSet(whereOption))
        return usageError(tr("bulk: --where QUERY is required (\"\" for every relationship)"));
    request->query = FilterQuery::parse(parser.value(whereOption));
    if (!request->query.isValid())
        return usageError(tr("bulk: --where: %1").arg(request->query.errorMessage()));
    if (!parser.isSet(statusOption))
        return usageError(tr("bulk: --status STATUS is required"));
    request->target = statusFromName(parser.value(statusOption).trimmed().toUpper());
    if (!request->target)
        return usageError(tr("bulk: --status must be SUGGESTED, APPROVED or REJECTED"));
    request->dryRun = parser.isSet(dryRunOption);
    request->yes = parser.isSet(yesOption);
    if (request->dryRun && request->yes)
        return usageError(tr("bulk: --dry-run and --yes contradict each other"));
    return std::nullopt;
}

BulkPlan BulkCommand::planFor(DecisionJournal& journal, qint64 originId, RelationshipStore& store,
                              const Request& request)
{
    // What was decided before on the rows' column pairs, for was:... (any list or snapshot).
    if (std::any_of(request.query.terms().cbegin(), request.query.terms().cend(),
                    [](const FilterTerm& term) { return term.kind == FilterTerm::Kind::Was; }))
        store.earlier()->setTable(CarriedForward::compute(journal, *store.snapshot(), originId));
    FilterColumns columns(&store);
    const FilterMatches matches = FilterEvaluation::run(request.query, columns.data());
    std::vector<int> scope;
    scope.reserve(size_t(std::max(0, matches.count)));
    for (size_t row = 0; row < matches.byRow.size(); ++row) {
        if (matches.byRow[row])
            scope.push_back(int(row));
    }
    BulkPlan::Options options;
    options.target = *request.target;
    options.binCount = 10;
    return BulkPlan::make(store, scope, options);
}

std::optional<int> BulkCommand::previewAndConfirm(const BulkPlan& plan,
                                                  const RelationshipStore& store,
                                                  const Request& request, const QString& where)
{
    const FilterQuery& query = request.query;
    m_out << tr("%1 of %2 relationships match %3")
                 .arg(number(plan.scopeCount()), number(store.size()),
                      query.isEmpty() ? tr("(everything)") : u'"' + query.text() + u'"')
          << u'\n';
    m_out << plan.summaryText(true) << u'\n';
    m_out << plan.leftOutText(true) << u'\n';
    if (!plan.isEmpty()) {
        m_out << tr("Scores of the relationships that change:") << u'\n';
        for (const QString& line : plan.textHistogram(40))
            m_out << u"  "_s << line << u'\n';
    }
    m_out.flush();
    if (plan.isEmpty())
        return CliCommands::Ok;
    if (request.dryRun) {
        m_out << tr("Dry run: nothing was changed.") << u'\n';
        return CliCommands::Ok;
    }
    if (!request.yes) {
        if (!isTerminal(stdin) || !isTerminal(stderr)) {
            m_err << tr("relreview-cli: nothing applied; add --yes to apply these %1 decisions, "
                        "or --dry-run to only preview them")
                         .arg(number(plan.changeCount()))
                  << u'\n';
            return CliCommands::Usage;
        }
        m_err << tr("Apply %1 decisions (%2) to %3? Type yes: ")
                     .arg(number(plan.changeCount()), statusName(*request.target), where);
        m_err.flush();
        char answer[16] = {};
        if (!std::fgets(answer, sizeof answer, stdin) ||
            QString::fromLatin1(answer).trimmed().toLower() != u"yes"_s) {
            m_out << tr("Nothing was changed.") << u'\n';
            return CliCommands::Failed;
        }
    }
    return std::nullopt;
}

QList<NewDecision> BulkCommand::decisionsFor(const BulkPlan& plan, const RelationshipStore& store,
                                             RelationshipStatus target, qint64 stepId)
{
    QList<NewDecision> decisions;
    decisions.reserve(qsizetype(plan.rows().size()));
    for (int row : plan.rows()) {
        const RelationshipRow& fields = store.rows().row(row);
        const RelationshipStatus current = store.effectiveStatus(row);
        NewDecision decision;
        decision.relationshipId = fields.id;
        decision.status = statusName(target);
        decision.previousStatus = current == RelationshipStatus::Unknown
                                      ? store.rows().statusText(row)
                                      : statusName(current);
        decision.serverUpdatedMs = fields.updatedAtMs;
        decision.stepId = stepId;
        decision.pair = {fields.fromColumnId, fields.toTableId, store.rows().toColumnName(row)};
        decisions.append(decision);
    }
    return decisions;
}

int BulkCommand::runOnSnapshot(const QString& path, const Request& request)
{
    DecisionJournal journal;
    if (!journal.open())
        return failed(journal.lastError());
    // Parsed whole before anything is recorded: a malformed file records nothing (exit 3).
    OfflineSnapshot snapshot = OfflineSnapshot::open(path, &journal);
    if (!snapshot.ok) {
        m_err << u"relreview-cli: "_s << snapshot.message << u'\n';
        m_err.flush();
        return CliCommands::BadInput;
    }
    if (snapshot.originId <= 0)
        return failed(journal.lastError());
    RelationshipStore store;
    store.adopt(std::move(snapshot.document.rows), std::move(snapshot.document.catalog));
    // Decisions made on this snapshot before (here or in the app) count as what they will be.
    SyncEngine::restoreOverlay(journal, snapshot.originId, store);

    const BulkPlan plan = planFor(journal, snapshot.originId, store, request);
    if (const std::optional<int> stop = previewAndConfirm(plan, store, request, path))
        return *stop;
    const qint64 stepId = journal.nextStepId();
    const QList<NewDecision> decisions = decisionsFor(plan, store, *request.target, stepId);
    const QList<qint64> ids = journal.record(snapshot.originId, decisions);
    if (ids.size() != decisions.size())
        return failed(tr("the journal refused the decisions: %1").arg(journal.lastError()));
    const DecisionCounts counts = journal.counts(snapshot.originId);
    m_out << tr("Recorded %1 decision(s) on %2 as step %3 in the journal; %4 pending on this "
                "snapshot (relreview-cli sync --snapshot %2 delivers them).")
                 .arg(number(ids.size()), path)
                 .arg(stepId)
                 .arg(number(counts.outstanding()))
          << u'\n';
    return CliCommands::Ok;
}

int BulkCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the usage."));
    const TargetOptions server(u"https://config.heyhumm.ai"_s);
    const SourceOptions sourceOptions;
    const QCommandLineOption whereOption(u"where"_s, tr("The rows to decide, as a filter query."),
                                         u"QUERY"_s);
    const QCommandLineOption statusOption(u"status"_s, tr("SUGGESTED, APPROVED or REJECTED."),
                                          u"STATUS"_s);
    const QCommandLineOption dryRunOption(u"dry-run"_s, tr("Only print what would change."));
    const QCommandLineOption yesOption(u"yes"_s, tr("Apply without asking."));
    const DeliveryOptions delivery;
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"300"_s);
    const QCommandLineOption quietOption({u"q"_s, u"quiet"_s}, tr("No progress lines."));
    const QCommandLineOption snapshotOption(
        u"snapshot"_s, tr("Decide on this snapshot offline (no server, no token)."), u"FILE"_s);
    parser.addOptions({help, whereOption, statusOption, dryRunOption, yesOption, timeoutOption,
                       quietOption, snapshotOption});
    server.addTo(parser);
    sourceOptions.addTo(parser);
    delivery.addTo(parser);
    if (!parser.parse(arguments))
        return usageError(u"bulk: "_s + parser.errorText());
    if (parser.isSet(help)) {
        m_out << CliCommands::usage();
        return CliCommands::Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("bulk: unexpected argument '%1'").arg(parser.positionalArguments().first()));

    if (parser.isSet(snapshotOption)) {
        if (sourceOptions.isSourceSet(parser) || parser.isSet(u"base-url"_s))
            return usageError(tr("bulk: --snapshot FILE works offline: leave out --base-url and "
                                 "--source (relreview-cli sync delivers the decisions later)"));
        Request request;
        if (const std::optional<int> refused =
                checkRequest(parser, whereOption, statusOption, dryRunOption, yesOption, &request))
            return *refused;
        return runOnSnapshot(parser.value(snapshotOption), request);
    }

    // What to do, checked before anything is fetched.
    ConnectionProfile profile;
    if (QString problem; !server.apply(parser, &profile, &problem))
        return usageError(u"bulk: "_s + problem);
    if (!sourceOptions.isSourceSet(parser))
        return usageError(tr("bulk: --source UUID is required"));
    if (QString problem; !sourceOptions.apply(parser, &profile, &problem))
        return usageError(u"bulk: "_s + problem);
    Request request;
    if (const std::optional<int> refused =
            checkRequest(parser, whereOption, statusOption, dryRunOption, yesOption, &request))
        return *refused;
    const FilterQuery& query = request.query;
    const std::optional<RelationshipStatus> target = request.target;
    SyncConfig config;
    if (!delivery.apply(parser, &config))
        return usageError(u"bulk: "_s + DeliveryOptions::errorText());
    const bool quiet = parser.isSet(quietOption);
    const QString token = CredentialStore::environmentToken();
    if (token.isEmpty())
        return usageError(tr("bulk: set the token in the environment variable %1")
                              .arg(QLatin1StringView(CredentialStore::EnvironmentVariable)));

    DecisionJournal journal;
    if (!journal.open())
        return failed(journal.lastError());

    // The source as it is now, with names for to: and from:.
    ApiClient client;
    client.setProfile(profile);
    client.setToken(token);
    DeliveryOptions::applyTimeout(client, parser.value(timeoutOption));
    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    if (folder.isEmpty())
        return failed(folderError);
    QTemporaryFile download(QDir(folder).filePath(u"bulk-XXXXXX.json"_s));
    if (!download.open())
        return failed(tr("cannot create a file for the download: %1").arg(download.errorString()));
    download.close();
    if (!quiet)
        m_err << tr("Reading the relationships of %1 from %2…")
                     .arg(profile.integrationSourceId.toString(QUuid::WithoutBraces),
                          profile.baseUrl.host())
              << u'\n';
    m_err.flush();
    QEventLoop loop;
    ColumnCatalog catalog;
    bool columnsDone = false;
    client.fetchColumns(this, [&](const ApiError& error, const QByteArray& body) {
        // Without names, to: and from: see short ids: still a valid query, so only a note.
        QString catalogError;
        if (!error.ok() ||
            !catalog.loadColumnsJson(QJsonDocument::fromJson(body).array(), &catalogError)) {
            catalog = {};
            if (!quiet && !query.isEmpty())
                m_err << tr("Column names not available; to: and from: match short ids.") << u'\n';
        }
        columnsDone = true;
        loop.quit();
    });
    // The list is what the preview is made of: a busy server is asked again, as the sync engine
    // would (capped exponential backoff, Retry-After honoured).
    ApiError downloadError;
    for (int attempt = 1;; ++attempt) {
        bool rowsDone = false;
        client.downloadRelationships(download.fileName(), this, [&](const ApiError& error) {
            downloadError = error;
            rowsDone = true;
            loop.quit();
        });
        while (!rowsDone)
            loop.exec();
        if (downloadError.ok() || !downloadError.isTransient() ||
            attempt >= config.maxTransientAttempts)
            break;
        // Retry-After 0 or in the past still waits the (jittered) backoff; every try counts.
        const qint64 delay = SyncEngine::retryDelayMs(config, attempt, downloadError.retryAfterMs,
                                                      QRandomGenerator::global()->generateDouble());
        if (!quiet)
            m_err << tr("%1; asking again in %2")
                         .arg(downloadError.message, durationText(delay / 1000.0))
                  << u'\n';
        m_err.flush();
        QTimer::singleShot(delay, &loop, &QEventLoop::quit);
        loop.exec();
    }
    while (!columnsDone)
        loop.exec();
    if (!downloadError.ok())
        return failed(downloadError.message);
    RelationshipParser::Result parsed = RelationshipParser::parseFile(download.fileName());
    if (!parsed.ok)
        return failed(
            tr("the server's answer is not a valid list: %1").arg(parsed.error.describe()));
    if (const ApiError foreign = ApiClient::checkListSource(
            parsed.document.rows, profile.integrationSourceId, tr("the server's list"));
        !foreign.ok())
        return failed(foreign.message);
    if (catalog.isEmpty())
        catalog = std::move(parsed.document.catalog);
    RelationshipStore store;
    store.adopt(std::move(parsed.document.rows), std::move(catalog));

    // Decisions recorded earlier (here or in the app) and not yet delivered count as what they
    // will be, as in the window.
    SyncEngine engine(&journal, &client);
    engine.setConfig(config);
    if (!engine.setOrigin(DecisionOrigin::forLive(profile)))
        return failed(engine.lastError());
    SyncEngine::restoreOverlay(journal, engine.originId(), store);

    const BulkPlan plan = planFor(journal, engine.originId(), store, request);
    if (const std::optional<int> stop =
            previewAndConfirm(plan, store, request, profile.baseUrl.host()))
        return *stop;

    // One step in the journal, committed before anything is sent.
    const qint64 stepId = journal.nextStepId();
    const QList<NewDecision> decisions = decisionsFor(plan, store, *target, stepId);
    const QList<qint64> ids = journal.record(engine.originId(), decisions);
    if (ids.size() != decisions.size())
        return failed(tr("the journal refused the decisions: %1").arg(journal.lastError()));
    const QSet<qint64> ours(ids.cbegin(), ids.cend());

    int confirmed = 0;
    int unsettledFailures = 0;
    bool tokenRejected = false;
    const bool redraw = isTerminal(stderr);
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer sinceLine;
    sinceLine.start();
    const auto showProgress = [&](bool final) {
        if (quiet)
            return;
        if (!final && sinceLine.elapsed() < (redraw ? 100 : 1000))
            return;
        sinceLine.restart();
        const QString line =
            progressLine(confirmed, unsettledFailures, int(ids.size()), clock.elapsed() / 1000.0);
        if (redraw)
            m_err << u'\r' << line << (final ? u"\n"_s : QString());
        else
            m_err << line << u'\n';
        m_err.flush();
    };
    connect(&engine, &SyncEngine::decisionConfirmed, this, [&](qint64 id) {
        if (ours.contains(id)) {
            ++confirmed;
            showProgress(false);
        }
    });
    connect(&engine, &SyncEngine::decisionFailed, this, [&](qint64 id) {
        if (ours.contains(id)) {
            ++unsettledFailures;
            showProgress(false);
        }
    });
    connect(&engine, &SyncEngine::tokenRequired, this, [&](const QString& reason) {
        // No one to ask for a new token here: stop, keeping the rest pending in the journal.
        tokenRejected = true;
        m_err << u"\nrelreview-cli: "_s << reason << u"; "_s
              << tr("set a valid token in %1 and run relreview-cli sync")
                     .arg(QLatin1StringView(CredentialStore::EnvironmentVariable))
              << u'\n';
        engine.stop();
        loop.quit();
    });
    connect(&engine, &SyncEngine::busyChanged, this, [&](bool busy) {
        if (!busy)
            loop.quit();
    });
    engine.enqueueBulk(ids);
    if (engine.isBusy())
        loop.exec();
    engine.refreshCounts(); // flushes the delivery bookkeeping to the journal
    showProgress(true);

    // The journal's word is final: what it holds as confirmed is confirmed.
    int done = 0;
    QStringList problems;
    for (const DecisionRecord& record : journal.decisionsWithIds(ids)) {
        if (record.state == DecisionState::Confirmed) {
            ++done;
        } else {
            problems.append(
                tr("%1: %2%3")
                    .arg(record.relationshipId.toString(QUuid::WithoutBraces),
                         decisionStateName(record.state),
                         record.lastError.isEmpty() ? QString() : u": "_s + record.lastError));
        }
    }
    for (const QString& problem : std::as_const(problems))
        m_out << problem << u'\n';
    m_out << tr("Applied: %1 of %2 confirmed; %3 not confirmed (step %4 in the journal)")
                 .arg(number(done), number(ids.size()), number(ids.size() - done))
                 .arg(stepId)
          << u'\n';
    if (tokenRejected || done < ids.size())
        return CliCommands::Failed;
    return CliCommands::Ok;
}
