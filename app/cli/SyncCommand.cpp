#include "SyncCommand.h"

#include "ApiClient.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "DeliveryOptions.h"
#include "OfflineSnapshot.h"
#include "Origin.h"
#include "RelationshipStore.h"
#include "SyncEngine.h"
#include "TargetOptions.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

QString timestampOrEmpty(qint64 ms)
{
    return ms > 0 ? formatTimestamp(ms) : QString();
}

QString countsText(const DecisionCounts& counts)
{
    return SyncCommand::tr("%1 confirmed, %2 pending, %3 failed, %4 gone, %5 conflicts")
        .arg(counts.confirmed())
        .arg(counts.outstanding())
        .arg(counts.failed())
        .arg(counts.gone())
        .arg(counts.conflicts());
}

} // namespace

int SyncCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot decided on."),
                                            u"FILE"_s);
    const TargetOptions target({});
    const QCommandLineOption retargetOption(
        u"retarget"_s, tr("Send to --base-url although the snapshot came from another server."));
    const QCommandLineOption sourceOption(u"source"_s, tr("The integration source of a bare list."),
                                          u"UUID"_s);
    const QCommandLineOption noBulkOption(u"no-bulk"_s, tr("One PUT per decision."));
    const DeliveryOptions delivery;
    const QCommandLineOption retryFailedOption(u"retry-failed"_s,
                                               tr("Send decisions that failed before again."));
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"60"_s);
    const QCommandLineOption backoffOption(
        u"backoff-ms"_s, tr("First retry delay and cap in ms, e.g. 500,60000."), u"BASE,CAP"_s);
    const QCommandLineOption quietOption({u"q"_s, u"quiet"_s}, tr("No progress lines."));
    parser.addOptions({snapshotOption, retargetOption, sourceOption, noBulkOption,
                       retryFailedOption, timeoutOption, backoffOption, quietOption});
    target.addTo(parser);
    delivery.addTo(parser);
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"sync"_s, &status)) {
        return status;
    }
    if (!parser.isSet(snapshotOption)) {
        return usageError(tr("sync: --snapshot FILE is required"));
    }
    ConnectionProfile named; // what the command line names: the only place the token may go
    if (QString problem; !target.apply(parser, &named, &problem)) {
        return usageError(u"sync: "_s + problem);
    }
    if (parser.isSet(retargetOption) && !target.isBaseUrlSet(parser)) {
        return usageError(tr("sync: --retarget needs --base-url URL, the server to send to"));
    }
    SyncConfig config;
    if (!delivery.apply(parser, &config)) {
        return usageError(u"sync: "_s + DeliveryOptions::errorText());
    }
    config.useBulk = !parser.isSet(noBulkOption);
    if (parser.isSet(backoffOption)) {
        const QStringList parts = parser.value(backoffOption).split(u',');
        bool baseOk = false, capOk = false;
        const int base = parts.value(0).toInt(&baseOk);
        const int cap = parts.value(1).toInt(&capOk);
        if (parts.size() != 2 || !baseOk || !capOk || base < 1 || cap < base) {
            return usageError(tr("sync: --backoff-ms takes BASE,CAP in milliseconds"));
        }
        config.backoffBaseMs = base;
        config.backoffCapMs = cap;
    }
    const bool quiet = parser.isSet(quietOption);
    const QString token = CredentialStore::environmentToken();
    if (token.isEmpty()) {
        return usageError(tr("sync: set the token in the environment variable %1")
                              .arg(QLatin1StringView(CredentialStore::EnvironmentVariable)));
    }
    if (!openJournal()) {
        return Failed;
    }
    const QString path = parser.value(snapshotOption);
    const OfflineSnapshot snapshot = OfflineSnapshot::open(path, nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    DecisionOrigin origin = snapshot.origin;
    // A bare list names no base URL; an earlier sync (or the desktop app) may have recorded one.
    if (const auto known = m_journal->originIdForKey(origin.key)) {
        if (const std::optional<DecisionOrigin> recorded = m_journal->origin(*known)) {
            if (origin.baseUrl.isEmpty()) {
                origin.baseUrl = recorded->baseUrl;
            }
            if (origin.integrationSourceId.isNull()) {
                origin.integrationSourceId = recorded->integrationSourceId;
            }
            if (origin.scope.isEmpty()) {
                origin.scope = recorded->scope;
            }
        }
    }
    // The snapshot's server is only a file's word: the token goes to the server named on the
    // command line, which must be the snapshot's own unless --retarget says otherwise.
    const Origin fileOrigin = Origin::of(origin.baseUrl);
    if (!target.isBaseUrlSet(parser)) {
        if (origin.baseUrl.isEmpty()) {
            return usageError(tr("sync: %1 names no server; give --base-url URL").arg(path));
        }
        return usageError(
            tr("sync: %1 came from %2, but the token in %3 is sent only to a server named on "
               "the command line; to send its decisions there, run again with --base-url %2")
                .arg(path, fileOrigin.isValid() ? fileOrigin.toString() : origin.baseUrl,
                     QLatin1StringView(CredentialStore::EnvironmentVariable)));
    }
    const Origin namedOrigin = Origin::of(named.baseUrl);
    if (!origin.baseUrl.isEmpty() && fileOrigin != namedOrigin && !parser.isSet(retargetOption)) {
        return usageError(
            tr("sync: %1 came from %2, not from %3 named by --base-url; give --retarget to send "
               "its decisions to %3 instead")
                .arg(path, fileOrigin.isValid() ? fileOrigin.toString() : origin.baseUrl,
                     namedOrigin.toString()));
    }
    origin.baseUrl = named.baseUrl.toString();
    if (parser.isSet(sourceOption)) {
        origin.integrationSourceId = QUuid::fromString(parser.value(sourceOption).trimmed());
        if (origin.integrationSourceId.isNull()) {
            return usageError(
                tr("sync: --source '%1' is not a UUID").arg(parser.value(sourceOption)));
        }
    }
    ConnectionProfile profile = named;
    if (origin.integrationSourceId.isNull()) {
        return usageError(tr("sync: %1 names no integration source; give --source UUID").arg(path));
    }
    profile.integrationSourceId = origin.integrationSourceId;
    for (auto it = origin.scope.constBegin(); it != origin.scope.constEnd(); ++it) {
        const QUuid id = QUuid::fromString(it.value().toString());
        if (!id.isNull() && it.key() != "integration_source_id"_L1) {
            profile.scope.insert(it.key(), id);
        }
    }

    ApiClient client;
    client.setProfile(profile);
    client.setToken(token, Origin::of(named.baseUrl));
    DeliveryOptions::applyTimeout(client, parser.value(timeoutOption));
    SyncEngine engine(m_journal.get(), &client);
    engine.setConfig(config);
    if (!engine.setOrigin(origin)) {
        return failed(engine.lastError());
    }
    QEventLoop loop;
    SyncSummary summary;
    bool tokenRejected = false;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    connect(&engine, &SyncEngine::statusMessage, this, [&](const QString& message) {
        if (!quiet) {
            progress(message);
        }
    });
    connect(&engine, &SyncEngine::progressChanged, this, [&](int settled, int total) {
        if (!quiet && total > 0 && (sinceProgress.elapsed() >= 500 || settled == total)) {
            sinceProgress.restart();
            progress(tr("%1 of %2 decisions settled").arg(settled).arg(total));
        }
    });
    connect(&engine, &SyncEngine::tokenRequired, this, [&](const QString& reason) {
        // No one to ask for a new token here: stop, keeping everything pending.
        tokenRejected = true;
        m_err << u"relreview-cli: "_s << reason << u"; "_s
              << tr("set a valid token in %1 and run sync again")
                     .arg(QLatin1StringView(CredentialStore::EnvironmentVariable))
              << u'\n';
        engine.stop();
    });
    connect(&engine, &SyncEngine::syncFinished, this, [&](const SyncSummary& result) {
        summary = result;
        loop.quit();
    });
    if (parser.isSet(retryFailedOption)) {
        QTimer::singleShot(0, &engine, [&engine] { engine.retryFailed(); });
    } else {
        QTimer::singleShot(0, &engine, [&engine] { engine.sync(); });
    }
    loop.exec();

    for (const SyncConflict& conflict : engine.conflicts()) {
        m_out << tr("conflict: %1: yours %2, the server's %3 (updated %4)")
                     .arg(conflict.relationshipId.toString(QUuid::WithoutBraces), conflict.mine,
                          conflict.serverKnown ? conflict.serverStatus : tr("unknown"),
                          conflict.serverKnown ? timestampOrEmpty(conflict.serverUpdatedMs)
                                               : tr("unknown"))
              << u'\n';
    }
    for (const DecisionRecord& record :
         m_journal->decisions(engine.originId(), {DecisionState::Failed, DecisionState::Gone})) {
        m_out << tr("%1: %2: %3")
                     .arg(decisionStateName(record.state),
                          record.relationshipId.toString(QUuid::WithoutBraces), record.lastError)
              << u'\n';
    }
    m_out << tr("Summary: %1").arg(countsText(summary.counts)) << u'\n';
    if (!summary.message.isEmpty() && !tokenRejected) {
        m_err << u"relreview-cli: "_s << summary.message << u'\n';
    }
    return summary.complete ? Ok : Failed;
}
