#include "LiveListBenchmark.h"

#include "BenchmarkSupport.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "TlsFront.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int LoadTimeoutMs = 10 * 60 * 1000;

// Notes when it first painted rows.
class TimedView : public QTableView
{
public:
    QElapsedTimer* clock = nullptr;
    double firstRowsPaintMs = -1;

protected:
    void paintEvent(QPaintEvent* event) override
    {
        QTableView::paintEvent(event);
        if (firstRowsPaintMs < 0 && model() && model()->rowCount() > 0)
            firstRowsPaintMs = double(clock->nsecsElapsed()) / 1e6;
    }
};

double median(QList<double> values)
{
    values.removeIf([](double v) { return v < 0; });
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Endpoint
{
    QUrl baseUrl;
    QString caCertificates; // a PEM file to trust in addition to the system's; empty: none
};

QJsonObject appRun(const Endpoint& endpoint, DevServerProcess& server, Heartbeat& heartbeat)
{
    RelationshipStore store;
    RelationshipTableModel model(&store);
    model.sort(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    TimedView view;
    QElapsedTimer clock;
    view.clock = &clock;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.setModel(&model);
    view.resize(1280, 800);
    view.show();
    spinUntil([] { return false; }, 50); // shown and painted empty

    ReviewSession session(&store);
    ConnectionProfile profile;
    profile.baseUrl = endpoint.baseUrl;
    profile.integrationSourceId = server.sourceId();
    profile.caCertificates = endpoint.caCertificates;
    session.setProfile(profile);
    session.setToken(server.token());

    double firstByteMs = -1, previewMs = -1, loadedMs = -1;
    int previews = 0, firstPreviewRows = 0;
    bool finished = false, ok = false;
    QString message;
    QObject::connect(&session, &ReviewSession::loadProgress, &session, [&](qint64 done, qint64) {
        if (firstByteMs < 0 && done > 0)
            firstByteMs = double(clock.nsecsElapsed()) / 1e6;
    });
    QObject::connect(&session, &ReviewSession::partialRowsShown, &session, [&](int rows) {
        if (previews++ == 0) {
            previewMs = double(clock.nsecsElapsed()) / 1e6;
            firstPreviewRows = rows;
        }
    });
    QObject::connect(&session, &ReviewSession::loadFinished, &session,
                     [&](bool success, const QString& text) {
                         finished = true;
                         ok = success;
                         message = text;
                         loadedMs = double(clock.nsecsElapsed()) / 1e6;
                     });
    heartbeat.reset();
    clock.start();
    session.loadLive();
    spinUntil([&] { return finished; }, LoadTimeoutMs);
    QJsonObject run;
    run.insert(u"ok"_s, finished && ok);
    if (!finished || !ok) {
        run.insert(u"error"_s, finished ? message : u"the load did not finish in time"_s);
        return run;
    }
    // Until the whole list is painted.
    spinUntil([&] { return !model.isSorting(); }, LoadTimeoutMs);
    run.insert(u"rows"_s, store.size());
    run.insert(u"firstByteMs"_s, firstByteMs);
    run.insert(u"firstPreviewMs"_s, previewMs);
    run.insert(u"firstPreviewRows"_s, firstPreviewRows);
    run.insert(u"previews"_s, previews);
    run.insert(u"firstRowsPaintedMs"_s, view.firstRowsPaintMs);
    run.insert(u"loadedMs"_s, loadedMs);
    run.insert(u"stallMs"_s, heartbeat.worstLatenessMs());
    return run;
}

QJsonObject curlRun(const Endpoint& endpoint, DevServerProcess& server, const QString& path)
{
    QJsonObject run;
    QTemporaryDir directory; // 0700
    const QString configPath = directory.filePath(u"list.curlrc"_s);
    QFile config(configPath);
    if (!directory.isValid() || !config.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !config.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        run.insert(u"error"_s, u"cannot write the curl config file"_s);
        return run;
    }
    QUrl url = endpoint.baseUrl;
    url.setPath(path);
    QByteArray text = "url = \"" + url.toEncoded() +
                      "\"\n"
                      "header = \"Authorization: Bearer " +
                      server.token().toUtf8() +
                      "\"\n"
                      "compressed\n"
                      "output = \"/dev/null\"\n"
                      "write-out = \"%{http_code} %{time_starttransfer} %{time_total} "
                      "%{size_download} %{http_version}\\n\"\n";
    if (!endpoint.caCertificates.isEmpty())
        text += "cacert = \"" + QFile::encodeName(endpoint.caCertificates) + "\"\n";
    if (config.write(text) != text.size() || !config.flush()) {
        run.insert(u"error"_s, u"cannot write the curl config file"_s);
        return run;
    }
    config.close();
    const ProcessRun process = runProcess(
        u"curl"_s, {u"--silent"_s, u"--show-error"_s, u"--config"_s, configPath}, LoadTimeoutMs);
    QFile::remove(configPath);
    const QList<QByteArray> words = process.standardOutput.trimmed().split(' ');
    run.insert(u"ok"_s, process.ok() && words.value(0) == "200");
    if (!process.ok() || words.size() < 5) {
        run.insert(u"error"_s, process.describeFailure());
        return run;
    }
    run.insert(u"firstByteMs"_s, words[1].toDouble() * 1000);
    run.insert(u"totalMs"_s, words[2].toDouble() * 1000);
    run.insert(u"bytes"_s, words[3].toDouble());
    run.insert(u"httpVersion"_s, QString::fromLatin1(words[4]));
    run.insert(u"wallMs"_s, process.wallMs);
    return run;
}

} // namespace

QJsonObject runLiveListBenchmark(const LiveListOptions& options, QTextStream& log)
{
    QJsonObject result{{u"bandwidthKbit"_s, options.bandwidthKbit},
                       {u"latencyMs"_s, options.latencyMs},
                       {u"front"_s, options.front},
                       {u"listBytes"_s, double(QFile(options.dataFile).size())}};
    DevServerProcess server;
    DevServerProcess::Options serverOptions;
    serverOptions.dataFile = options.dataFile;
    serverOptions.token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    serverOptions.latencyMs = options.latencyMs;
    // Through the front the link is in front of it (nginx's limit_rate on the compressed bytes,
    // as a WAN carries them); directly, the development server paces its own answers.
    const bool throughFront = options.front == u"tls"_s;
    serverOptions.bandwidthKbit = throughFront ? 0 : options.bandwidthKbit;
    serverOptions.startTimeoutMs = 5 * 60 * 1000;
    log << "live list: starting the development server on " << options.dataFile << Qt::endl;
    if (!server.start(serverOptions)) {
        result.insert(u"error"_s, server.errorString());
        return result;
    }
    // The endpoint is the one switch between the development server and a front before it.
    Endpoint endpoint{server.baseUrl(), {}};
    TlsFront front;
    if (options.front == u"tls"_s) {
        TlsFront::Options frontOptions;
        frontOptions.http2 = true;
        frontOptions.limitRateBytesPerSecond = qint64(options.bandwidthKbit) * 1000 / 8;
        if (!front.start(server.baseUrl(), frontOptions)) {
            result.insert(u"error"_s, front.errorString());
            return result;
        }
        endpoint = {front.baseUrl(), front.caCertificatePath()};
    } else if (options.front != u"direct"_s) {
        result.insert(u"error"_s, u"unknown front %1"_s.arg(options.front));
        return result;
    }
    result.insert(u"url"_s, endpoint.baseUrl.toString());

    QTemporaryDir dataDirectory;
    if (qEnvironmentVariableIsEmpty(DecisionJournal::DataDirVariable) && dataDirectory.isValid())
        qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(dataDirectory.path()));

    const QString path = u"/api/integration-sources/"_s +
                         server.sourceId().toString(QUuid::WithoutBraces) + u"/relationships"_s;
    Heartbeat heartbeat;
    heartbeat.start();
    QJsonArray appRuns, curlRuns;
    // The bytes nginx sent for each list request (its access log): what crossed the link.
    const auto listRequests = [&] {
        QList<qint64> sent;
        if (throughFront) {
            for (const TlsFront::Request& request : front.requests()) {
                if (request.method == u"GET"_s && request.target.startsWith(path))
                    sent.append(request.bytesSent);
            }
        }
        return sent;
    };
    for (int i = 0; i < std::max(1, options.repeat); ++i) {
        log << "live list: run " << (i + 1) << ", relreview…" << Qt::endl;
        const qsizetype before = listRequests().size();
        QJsonObject app = appRun(endpoint, server, heartbeat);
        if (throughFront) {
            // nginx logs a request just after its last byte went out.
            spinUntil([&] { return listRequests().size() > before; }, 5000);
            app.insert(u"wireBytes"_s, double(listRequests().value(before, -1)));
        }
        appRuns.append(app);
        log << "live list: run " << (i + 1) << ", curl…" << Qt::endl;
        curlRuns.append(curlRun(endpoint, server, path));
    }
    result.insert(u"appRuns"_s, appRuns);
    result.insert(u"curlRuns"_s, curlRuns);
    const auto medianOf = [](const QJsonArray& runs, const QString& key) {
        QList<double> values;
        for (const QJsonValue run : runs) {
            if (run.toObject().value(u"ok"_s).toBool())
                values.append(run.toObject().value(key).toDouble(-1));
        }
        return median(values);
    };
    QJsonObject app;
    for (const QString& key : {u"firstByteMs"_s, u"firstPreviewMs"_s, u"firstRowsPaintedMs"_s,
                               u"loadedMs"_s, u"stallMs"_s, u"wireBytes"_s})
        app.insert(key, medianOf(appRuns, key));
    // "First byte" is Qt's first download progress report, which can come after the first rows
    // were parsed and painted (gzip: it counts compressed bytes, reported late): then the rows
    // came no later than the first byte.
    const double painted = app.value(u"firstRowsPaintedMs"_s).toDouble(-1);
    const double firstByte = app.value(u"firstByteMs"_s).toDouble(-1);
    app.insert(u"firstRowsAfterFirstByteMs"_s,
               painted >= 0 && firstByte >= 0 ? std::max(0.0, painted - firstByte) : -1.0);
    app.insert(u"rows"_s, appRuns.last().toObject().value(u"rows"_s));
    QJsonObject curl;
    for (const QString& key : {u"firstByteMs"_s, u"totalMs"_s, u"bytes"_s})
        curl.insert(key, medianOf(curlRuns, key));
    curl.insert(u"httpVersion"_s, curlRuns.last().toObject().value(u"httpVersion"_s));
    result.insert(u"app"_s, app);
    result.insert(u"curl"_s, curl);
    return result;
}

void printLiveListResults(const QJsonObject& result, QTextStream& out)
{
    if (result.contains(u"error"_s)) {
        out << "live list: " << result.value(u"error"_s).toString() << Qt::endl;
        return;
    }
    const QJsonObject app = result.value(u"app"_s).toObject();
    const QJsonObject curl = result.value(u"curl"_s).toObject();
    const double bytes = result.value(u"listBytes"_s).toDouble();
    out << "\nLive list: " << formatCount(app.value(u"rows"_s).toInteger()) << " relationships ("
        << formatBytes(qint64(bytes)) << " of JSON), "
        << result.value(u"bandwidthKbit"_s).toInt() / 1000 << " Mbit/s per connection, "
        << result.value(u"latencyMs"_s).toInt() << " ms per answer, via "
        << result.value(u"front"_s).toString() << " (" << result.value(u"url"_s).toString()
        << "), medians of " << result.value(u"appRuns"_s).toArray().size() << " runs\n\n";
    out << "| measure | relreview | curl --compressed -o /dev/null |\n|---|---|---|\n";
    out << "| first byte | " << formatMs(app.value(u"firstByteMs"_s).toDouble()) << " | "
        << formatMs(curl.value(u"firstByteMs"_s).toDouble()) << " |\n";
    out << "| first rows shown (painted) | "
        << formatMs(app.value(u"firstRowsPaintedMs"_s).toDouble()) << " | |\n";
    out << "| whole list loaded / transferred | " << formatMs(app.value(u"loadedMs"_s).toDouble())
        << " | " << formatMs(curl.value(u"totalMs"_s).toDouble()) << " |\n";
    out << "| UI-thread stall, worst | " << formatMs(app.value(u"stallMs"_s).toDouble())
        << " | |\n";
    const double wire = app.value(u"wireBytes"_s).toDouble(-1);
    out << "| bytes received | "
        << (wire >= 0 ? formatBytes(qint64(wire)) + u" on the wire (nginx's log)"_s : QString())
        << " | " << formatBytes(qint64(curl.value(u"bytes"_s).toDouble())) << " (HTTP "
        << curl.value(u"httpVersion"_s).toString() << ") |\n\n";
    const double firstRows = app.value(u"firstRowsAfterFirstByteMs"_s).toDouble();
    const double ratio = app.value(u"loadedMs"_s).toDouble() / curl.value(u"totalMs"_s).toDouble();
    out << "| target | result | met |\n|---|---|---|\n";
    out << "| first rows within 1 s of the first byte | " << formatMs(firstRows) << " | "
        << (firstRows >= 0 && firstRows <= 1000 ? "yes" : "no") << " |\n";
    out << "| fully loaded within 1.2 × curl's transfer | " << formatRatio(ratio) << " | "
        << (ratio > 0 && ratio <= 1.2 ? "yes" : "no") << " |\n";
    if (wire >= 0 && bytes > 0) {
        out << "| bytes on the wire ≤ a quarter of the JSON | " << formatBytes(qint64(wire))
            << " = " << formatRatio(wire / bytes) << " of " << formatBytes(qint64(bytes)) << " | "
            << (wire <= bytes / 4 ? "yes" : "no") << " |\n";
    }
    out << Qt::flush;
}
