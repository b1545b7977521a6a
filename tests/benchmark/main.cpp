// relreview-benchmark: how relreview copes with 10^4 to 10^6 relationships on this machine, next to
// the tools a user would otherwise reach for (python3's json, jq, curl --parallel). See
// docs/benchmark.md for the command, the targets and the latest results.
//
// The parent process generates the files, runs each size's UI measurements in a fresh child
// process (`--single FILE`, so that peak memory does not accumulate across sizes), runs the peers
// on the same files, measures delivery against the local development server, and prints one
// table (and JSON with --json).

#include "BenchmarkSupport.h"
#include "DeliveryBenchmark.h"
#include "DemoDataGenerator.h"
#include "DiffBenchmark.h"
#include "LiveListBenchmark.h"
#include "RelationshipParser.h"
#include "UiBenchmark.h"
#include "WindowBenchmark.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int ChildTimeLimitMs = 30 * 60 * 1000;
constexpr int PeerTimeLimitMs = 20 * 60 * 1000;
constexpr int EvidenceSampleCount = 20000;
constexpr int MaxRepeat = 9;

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("relreview-benchmark", text);
}

std::optional<QList<int>> parseCounts(const QString& text)
{
    QList<int> counts;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value <= 0 || value > 20'000'000)
            return std::nullopt;
        counts.append(value);
    }
    if (counts.isEmpty())
        return std::nullopt;
    return counts;
}

// ---- the data files ----------------------------------------------------------------------------

struct DataFile
{
    int records = 0;
    QString path;
    qint64 bytes = 0;
    double generateMs = 0; // 0 when an earlier run's file was reused
    double evidenceBytesPerRecord = 0;
    QString error;

    QJsonObject toJson() const
    {
        return QJsonObject{{u"records"_s, records},
                           {u"path"_s, path},
                           {u"bytes"_s, double(bytes)},
                           {u"bytesPerRecord"_s, records ? double(bytes) / records : 0.0},
                           {u"evidenceBytesPerRecord"_s, evidenceBytesPerRecord},
                           {u"generateMs"_s, generateMs}};
    }
};

// The list endpoint's answer for `records` generated relationships, written once per seed and
// count and reused (the generator is deterministic; a stamp beside the file records what it is).
DataFile ensureDataFile(const QString& directory, int records, quint64 seed)
{
    DataFile file;
    file.records = records;
    file.path = QDir(directory).filePath(u"relationships-%1.json"_s.arg(records));
    const QString stampPath = file.path + u".stamp"_s;

    DemoDataGenerator::Options options;
    options.seed = seed;
    options.relationshipCount = records;
    const DemoDataGenerator generator(options);

    const QByteArray expectedStamp = QByteArray::number(seed) + ' ' + QByteArray::number(records);
    QFile stamp(stampPath);
    const bool reusable = stamp.open(QIODevice::ReadOnly) &&
                          stamp.readAll().startsWith(QByteArray(expectedStamp + ' ')) &&
                          QFileInfo(file.path).size() > 0;
    stamp.close();
    if (reusable) {
        file.bytes = QFileInfo(file.path).size();
    } else {
        err() << "generating " << formatCount(records) << " relationships into " << file.path << "…"
              << Qt::endl;
        QElapsedTimer clock;
        clock.start();
        QSaveFile output(file.path);
        if (!output.open(QIODevice::WriteOnly) || !generator.writeList(&output) ||
            !output.commit()) {
            file.error = tr("cannot write %1: %2").arg(file.path, output.errorString());
            return file;
        }
        file.generateMs = double(clock.nsecsElapsed()) / 1e6;
        file.bytes = QFileInfo(file.path).size();
        QSaveFile stampOutput(stampPath);
        if (stampOutput.open(QIODevice::WriteOnly)) {
            stampOutput.write(expectedStamp + ' ' + QByteArray::number(file.bytes) + '\n');
            stampOutput.commit();
        }
    }
    // The size of the evidence as the API sends it, from records spread evenly over the list
    // (the generator's evidence varies along it).
    const int sample = std::min(records, EvidenceSampleCount);
    qint64 evidenceBytes = 0;
    for (int k = 0; k < sample; ++k)
        evidenceBytes +=
            generator.relationship(int(qint64(k) * records / sample)).evidenceJson.size();
    file.evidenceBytesPerRecord = sample ? double(evidenceBytes) / sample : 0;
    return file;
}

// ---- measurements per size ---------------------------------------------------------------------

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// Metric by metric median of the child runs that succeeded.
QJsonObject medianOf(const QList<QJsonObject>& runs)
{
    QJsonObject combined;
    QStringList keys;
    for (const QJsonObject& run : runs) {
        for (auto it = run.begin(); it != run.end(); ++it) {
            if (it.value().isDouble() && !keys.contains(it.key()))
                keys.append(it.key());
        }
    }
    for (const QString& key : std::as_const(keys)) {
        std::vector<double> values;
        for (const QJsonObject& run : runs) {
            if (run.value(key).isDouble())
                values.push_back(run.value(key).toDouble());
        }
        combined.insert(key, median(values));
    }
    return combined;
}

QJsonObject peerJson(const ProcessRun& run)
{
    QJsonObject peer{{u"ok"_s, run.ok()},
                     {u"wallMs"_s, run.wallMs},
                     {u"peakResidentBytes"_s, double(run.peakResidentBytes)}};
    if (!run.ok())
        peer.insert(u"error"_s, run.describeFailure());
    return peer;
}

struct SizeResult
{
    DataFile file;
    QList<QJsonObject> runs;
    QJsonObject median; // of runs
    QString error;
    QJsonObject python; // {ok, wallMs, peakResidentBytes}
    QJsonObject jq;
    QJsonObject window; // runWindowBenchmark's metrics, from a child of its own

    double windowMetric(const QString& key) const { return window.value(key).toDouble(-1); }

    double metric(const QString& key) const { return median.value(key).toDouble(-1); }
    double pythonMs() const
    {
        return python.value(u"ok"_s).toBool() ? python.value(u"wallMs"_s).toDouble() : -1;
    }
    double jqMs() const
    {
        return jq.value(u"ok"_s).toBool() ? jq.value(u"wallMs"_s).toDouble() : -1;
    }
};

SizeResult measureSize(const DataFile& file, int repeat, bool runPeers)
{
    SizeResult result;
    result.file = file;
    for (int i = 0; i < repeat; ++i) {
        err() << "measuring " << formatCount(file.records) << " relationships, run " << (i + 1)
              << " of " << repeat << " (load average " << currentLoadAverage() << ")…" << Qt::endl;
        QTemporaryFile resultFile(QDir::tempPath() + u"/relreview-benchmark-result-XXXXXX"_s);
        if (!resultFile.open()) {
            result.error = tr("no temporary file for the child's result");
            break;
        }
        const ProcessRun child = runProcess(
            QCoreApplication::applicationFilePath(),
            {u"--single"_s, file.path, u"--result"_s, resultFile.fileName()}, ChildTimeLimitMs);
        // The child replaces the file (QSaveFile): read it again by name.
        QFile written(resultFile.fileName());
        const QJsonObject metrics = written.open(QIODevice::ReadOnly)
                                        ? QJsonDocument::fromJson(written.readAll()).object()
                                        : QJsonObject();
        if (!child.ok() || !metrics.value(u"ok"_s).toBool()) {
            result.error = metrics.value(u"error"_s).toString(child.describeFailure());
            break;
        }
        QJsonObject run = metrics;
        run.insert(u"child.wallMs"_s, child.wallMs);
        run.insert(u"child.peakResidentBytes"_s, double(child.peakResidentBytes));
        result.runs.append(run);
    }
    result.median = medianOf(result.runs);

    if (!result.runs.isEmpty()) {
        err() << "the main window on " << formatCount(file.records) << " relationships…"
              << Qt::endl;
        QTemporaryFile resultFile(QDir::tempPath() + u"/relreview-benchmark-result-XXXXXX"_s);
        if (resultFile.open()) {
            const ProcessRun child = runProcess(
                QCoreApplication::applicationFilePath(),
                {u"--window"_s, file.path, u"--result"_s, resultFile.fileName()}, ChildTimeLimitMs);
            QFile written(resultFile.fileName());
            result.window = written.open(QIODevice::ReadOnly)
                                ? QJsonDocument::fromJson(written.readAll()).object()
                                : QJsonObject();
            if (!child.ok() && !result.window.contains(u"error"_s)) {
                result.window.insert(u"ok"_s, false);
                result.window.insert(u"error"_s, child.describeFailure());
            }
        }
    }

    if (runPeers) {
        err() << "peers on " << formatCount(file.records) << " relationships: python3, jq…"
              << Qt::endl;
        result.python = peerJson(runProcess(
            u"python3"_s, {u"-c"_s, u"import json,sys; json.load(open(sys.argv[1]))"_s, file.path},
            PeerTimeLimitMs));
        const ProcessRun jq = runProcess(u"jq"_s, {u"length"_s, file.path}, PeerTimeLimitMs);
        result.jq = peerJson(jq);
        if (jq.ok() && jq.standardOutput.trimmed().toInt() != file.records) {
            result.jq.insert(u"ok"_s, false);
            result.jq.insert(
                u"error"_s, u"jq counted %1"_s.arg(QString::fromUtf8(jq.standardOutput.trimmed())));
        }
    }
    return result;
}

// ---- the table
// -----------------------------------------------------------------------------------

class Table
{
public:
    void header(QStringList cells) { m_rows.append({std::move(cells), true}); }
    void row(QStringList cells) { m_rows.append({std::move(cells), false}); }
    void rule() { m_rows.append({{}, false}); }

    void print(QTextStream& out) const
    {
        std::vector<qsizetype> widths;
        for (const auto& [cells, isHeader] : m_rows) {
            for (qsizetype i = 0; i < cells.size(); ++i) {
                if (size_t(i) >= widths.size())
                    widths.push_back(0);
                widths[size_t(i)] = std::max(widths[size_t(i)], cells[i].size());
            }
        }
        qsizetype total = 0;
        for (const qsizetype width : widths)
            total += width + 2;
        for (const auto& [cells, isHeader] : m_rows) {
            if (cells.isEmpty()) {
                out << QString(total, u'-') << '\n';
                continue;
            }
            QString line;
            for (qsizetype i = 0; i < cells.size(); ++i) {
                const qsizetype width = widths[size_t(i)];
                line += i == 0 ? cells[i].leftJustified(width) : cells[i].rightJustified(width);
                line += u"  "_s;
            }
            while (line.endsWith(u' '))
                line.chop(1);
            out << line << '\n';
            if (isHeader)
                out << QString(total, u'=') << '\n';
        }
        out.flush();
    }

private:
    QList<std::pair<QStringList, bool>> m_rows;
};

QString costCell(const SizeResult& size, const QString& name)
{
    const double duration = size.metric(name + u".durationMs"_s);
    const double cpu = size.metric(name + u".cpuMs"_s);
    const double stall = size.metric(name + u".stallMs"_s);
    if (duration < 0)
        return u"n/a"_s;
    return formatMs(duration) + u" [" + formatMs(cpu) + u"] (" + formatMs(stall) + u")";
}

double worstStall(const SizeResult& size)
{
    double worst = size.metric(u"load.stallMs"_s);
    for (const QString& name :
         {u"sort.anyColumn"_s, u"filter.status"_s, u"filter.text"_s, u"carryForward"_s,
          u"filter.was"_s, u"binning"_s, u"selectAllPreview"_s})
        worst = std::max(worst, size.metric(name + u".stallMs"_s));
    return worst;
}

// The main window's steps, as runWindowBenchmark names them.
const QStringList& windowStallMetrics()
{
    static const QStringList names{
        u"window.open.stallMs"_s,          u"window.open.settleStallMs"_s,
        u"window.sort.stallMs"_s,          u"window.filterTyping.stallMs"_s,
        u"window.filterErasing.stallMs"_s, u"window.selectAll.stallMs"_s,
        u"window.moveJ.stallMs"_s,         u"window.approveA.stallMs"_s,
        u"window.undo.stallMs"_s};
    return names;
}

double worstWindowStall(const SizeResult& size)
{
    if (!size.window.value(u"ok"_s).toBool())
        return -1;
    double worst = -1;
    for (const QString& name : windowStallMetrics())
        worst = std::max(worst, size.windowMetric(name));
    return worst;
}

struct Verdict
{
    QString what;
    QString target;
    QString measured;
    bool met = false;
    bool measuredAtAll = true;
};

QJsonObject verdictJson(const Verdict& verdict)
{
    return QJsonObject{{u"what"_s, verdict.what},
                       {u"target"_s, verdict.target},
                       {u"measured"_s, verdict.measured},
                       {u"met"_s, verdict.measuredAtAll ? QJsonValue(verdict.met) : QJsonValue()}};
}

QList<Verdict> judge(const SizeResult* largest, const QJsonObject& delivery)
{
    QList<Verdict> verdicts;
    if (largest && !largest->runs.isEmpty()) {
        const SizeResult& s = *largest;
        const auto add = [&](const QString& what, const QString& target, double value, double limit,
                             const QString& shown) {
            verdicts.append({what, target, shown, value >= 0 && value <= limit, value >= 0});
        };
        const double first = s.metric(u"load.firstRowsShownMs"_s);
        add(tr("first rows visible after open"), u"≤ 1 s"_s, first, 1000, formatMs(first));
        const double loaded = s.metric(u"load.loadedMs"_s);
        const double python = s.pythonMs();
        Verdict full{tr("fully loaded"), tr("≤ 5 s and faster than python3 json.load"),
                     formatMs(loaded) + tr(" (python3 %1)").arg(formatMs(python)),
                     loaded >= 0 && loaded <= 5000 && (python < 0 || loaded < python), loaded >= 0};
        verdicts.append(full);
        const double peak = s.metric(u"memory.peakBytes"_s);
        const double ratio = peak / double(s.file.bytes);
        verdicts.append(
            {tr("peak resident memory"), tr("≤ 1.2 × file size"),
             formatBytes(qint64(peak)) + u" = "_s + formatRatio(ratio) + tr(" of the file"),
             peak > 0 && ratio <= 1.2, peak > 0});
        const double sort = s.metric(u"sort.anyColumn.durationMs"_s);
        add(tr("sort by any column (worst)"), u"≤ 400 ms"_s, sort, 400, formatMs(sort));
        const double status = s.metric(u"filter.status.durationMs"_s);
        add(tr("status filter"), u"≤ 100 ms"_s, status, 100, formatMs(status));
        const double text = s.metric(u"filter.text.durationMs"_s);
        add(tr("text filter, worst keystroke"), u"≤ 100 ms"_s, text, 100, formatMs(text));
        const double binning = s.metric(u"binning.durationMs"_s);
        add(tr("re-bin the score histogram"), u"≤ 30 ms"_s, binning, 30, formatMs(binning));
        const double stall = worstStall(s);
        add(tr("UI-thread stall, worst, during the above"), u"≤ 50 ms"_s, stall, 50,
            formatMs(stall));
        const double windowStall = worstWindowStall(s);
        add(tr("UI-thread stall in the main window (open, sort, type, keys)"), u"≤ 50 ms"_s,
            windowStall, 50, formatMs(windowStall));
    }
    const QJsonArray runs = delivery.value(u"runs"_s).toArray();
    if (!runs.isEmpty()) {
        const QJsonObject run = runs.last().toObject();
        const double app =
            run.value(u"appPut"_s).toObject().value(u"decisionsPerSecond"_s).toDouble(-1);
        const double curl =
            run.value(u"curlPut"_s).toObject().value(u"decisionsPerSecond"_s).toDouble(-1);
        verdicts.append({tr("single-PUT delivery (%1 decisions)")
                             .arg(formatCount(run.value(u"decisions"_s).toInt())),
                         tr("≥ curl --parallel"),
                         formatRate(app) + tr(" vs %1").arg(formatRate(curl)),
                         app > 0 && curl > 0 && app >= curl, app > 0 && curl > 0});
        const double bulk =
            run.value(u"bulk"_s).toObject().value(u"decisionsPerSecond"_s).toDouble(-1);
        verdicts.append(
            {tr("bulk delivery"), u"≥ 20,000/s"_s, formatRate(bulk), bulk >= 20000, bulk > 0});
    }
    // Issue 13: through nginx (TLS, HTTP/2, gzip), every answer 50 ms late.
    const QJsonObject wan = delivery.value(u"wan"_s).toObject();
    if (wan.contains(u"cliSync"_s)) {
        const auto ms = [&wan](const QString& kind) {
            const QJsonObject part = wan.value(kind).toObject();
            return part.value(u"completed"_s).toBool() ? part.value(u"elapsedMs"_s).toDouble(-1)
                                                       : -1.0;
        };
        const double ours = ms(u"cliSync"_s);
        const double curl = ms(u"curlPut"_s);
        verdicts.append(
            {tr("%1 single PUTs over HTTP/2, %2 ms a request")
                 .arg(formatCount(wan.value(u"cliSync"_s).toObject().value(u"decisions"_s).toInt()))
                 .arg(wan.value(u"latencyMs"_s).toInt()),
             tr("≤ curl --parallel-max 50 --http2"),
             formatMs(ours) + tr(" vs %1").arg(formatMs(curl)),
             ours > 0 && curl > 0 && ours <= curl, ours > 0 && curl > 0});
        // Per decision made: the two sessions need not make as many (a row already in the
        // status asked for is not decided again).
        const auto perDecisionUs = [&wan, &ms](const QString& kind) {
            const double recorded = wan.value(kind).toObject().value(u"recorded"_s).toDouble();
            return ms(kind) > 0 && recorded > 0 ? ms(kind) * 1000 / recorded : -1.0;
        };
        const double bulkNow = perDecisionUs(u"sessionBulk"_s);
        const double bulkBefore = perDecisionUs(u"sessionBulkFixed6"_s);
        const auto us = [](double value) -> QString {
            return QString::number(value, 'f', 1) + u" µs"_s;
        };
        verdicts.append(
            {tr("bulk session of %1 over HTTP/2, adaptive vs six at once, per decision")
                 .arg(formatCount(
                     wan.value(u"sessionBulk"_s).toObject().value(u"decisions"_s).toInt())),
             tr("unchanged (≤ 1.1×)"), us(bulkNow) + tr(" vs %1").arg(us(bulkBefore)),
             bulkNow > 0 && bulkBefore > 0 && bulkNow <= bulkBefore * 1.1,
             bulkNow > 0 && bulkBefore > 0});
    }
    return verdicts;
}

// Issue 13's rows: the same deliveries through nginx (TLS, HTTP/2, gzip) with latency.
void printWan(QTextStream& out, const QJsonObject& wan)
{
    if (wan.isEmpty())
        return;
    if (wan.contains(u"error"_s) && !wan.contains(u"cliSync"_s)) {
        out << "\nthrough nginx: " << wan.value(u"error"_s).toString() << '\n';
        return;
    }
    out << '\n';
    Table table;
    table.header({tr("through nginx (TLS, HTTP/2, gzip), %1 ms an answer")
                      .arg(wan.value(u"latencyMs"_s).toInt()),
                  tr("time"), tr("rate"), tr("most at once"), tr("protocol (connections)")});
    const auto row = [&](const QString& name, const QString& kind) {
        const QJsonObject part = wan.value(kind).toObject();
        if (part.isEmpty())
            return;
        const QJsonObject front = part.value(u"front"_s).toObject();
        QStringList protocols;
        const QJsonObject seen = front.value(u"protocols"_s).toObject();
        for (auto it = seen.constBegin(); it != seen.constEnd(); ++it)
            protocols << it.key();
        QString time = formatMs(part.value(u"elapsedMs"_s).toDouble(-1));
        if (!part.value(u"completed"_s).toBool() || part.value(u"verified"_s).toBool() == false)
            time += u" (!)"_s;
        table.row({name.arg(formatCount(part.value(u"decisions"_s).toInt())), time,
                   formatRate(part.value(u"decisionsPerSecond"_s).toDouble(-1)),
                   QString::number(front.value(u"maxConcurrent"_s).toInt()),
                   protocols.join(u", "_s) + u" ("_s +
                       QString::number(front.value(u"connections"_s).toInt()) + u")"_s});
    };
    row(tr("%1 PUTs, relreview sync --no-bulk, 4 at once (before)"), u"cliSyncFixed4"_s);
    row(tr("%1 PUTs, relreview sync --no-bulk (adaptive)"), u"cliSync"_s);
    row(tr("%1 PUTs, curl --parallel --parallel-max 50 --http2"), u"curlPut"_s);
    row(tr("%1 PUTs, key presses in the app (adaptive)"), u"appPut"_s);
    row(tr("bulk session of %1, six at once (before)"), u"sessionBulkFixed6"_s);
    row(tr("bulk session of %1 (adaptive)"), u"sessionBulk"_s);
    table.print(out);
    const QJsonObject load = wan.value(u"liveLoad"_s).toObject();
    out << tr("list of %1 loaded through the front (no added latency) in %2, %3 on the wire")
               .arg(formatCount(wan.value(u"serverRows"_s).toInt()),
                    formatMs(wan.value(u"liveLoadMs"_s).toDouble(-1)),
                    formatBytes(qint64(load.value(u"bytesSent"_s).toDouble())))
        << '\n';
}

void printResults(const MachineInfo& machine, const QList<SizeResult>& sizes,
                  const QJsonObject& delivery, const QList<Verdict>& verdicts,
                  const QString& loadAtEnd)
{
    QTextStream out(stdout);
    out << "\nrelreview-benchmark on " << machine.cores << " cores, " << machine.cpuModel << ", "
        << formatBytes(machine.memoryBytes) << " RAM; load average " << machine.loadAverage
        << " at start, " << loadAtEnd << " at the end; fresh memory costs "
        << formatMs(machine.firstTouchMsPerGiB) << "/GiB to touch first, "
        << formatMs(machine.rewriteMsPerGiB) << "/GiB to write again\n\n";

    Table table;
    QStringList header{tr("relationships")};
    for (const SizeResult& size : sizes)
        header << formatCount(size.file.records);
    table.header(header);
    const auto row = [&](const QString& name,
                         const std::function<QString(const SizeResult&)>& cell) {
        QStringList cells{name};
        for (const SizeResult& size : sizes)
            cells << (size.runs.isEmpty() ? u"failed"_s : cell(size));
        table.row(cells);
    };
    const auto ratio = [](double peer, double ours) {
        return peer > 0 && ours > 0 ? formatRatio(peer / ours) : u"n/a"_s;
    };
    row(tr("file size"), [](const SizeResult& s) -> QString { return formatBytes(s.file.bytes); });
    row(tr("  bytes per record / of it evidence"), [](const SizeResult& s) -> QString {
        return formatCount(qint64(std::llround(double(s.file.bytes) / s.file.records))) + u" / "_s +
               formatCount(qint64(std::llround(s.file.evidenceBytesPerRecord)));
    });
    row(tr("first rows shown"), [](const SizeResult& s) -> QString {
        const double preview = s.metric(u"load.previewRows"_s);
        return formatMs(s.metric(u"load.firstRowsShownMs"_s)) +
               (preview > 0 ? tr(" (first %1, loading)").arg(formatCount(qint64(preview)))
                            : QString());
    });
    row(tr("all rows in the table (parse + store + model)"),
        [](const SizeResult& s) -> QString { return formatMs(s.metric(u"load.rowsInTableMs"_s)); });
    row(tr("fully loaded (loadFinished: decisions open)"),
        [](const SizeResult& s) -> QString { return formatMs(s.metric(u"load.loadedMs"_s)); });
    row(tr("  CPU, all threads / of it in the kernel"), [](const SizeResult& s) -> QString {
        return formatMs(s.metric(u"load.cpuMs"_s)) + u" / "_s +
               formatMs(s.metric(u"load.systemCpuMs"_s));
    });
    row(tr("  of it on the UI thread (adopt + model) [CPU]"), [](const SizeResult& s) -> QString {
        return formatMs(s.metric(u"load.adoptOnUiThreadMs"_s)) + u" ["_s +
               formatMs(s.metric(u"load.adoptOnUiThreadCpuMs"_s)) + u"]"_s;
    });
    row(tr("  UI stall during the load"),
        [](const SizeResult& s) -> QString { return formatMs(s.metric(u"load.stallMs"_s)); });
    row(tr("python3 json.load"),
        [](const SizeResult& s) -> QString { return formatMs(s.pythonMs()); });
    row(tr("  relreview faster by"), [&](const SizeResult& s) -> QString {
        return ratio(s.pythonMs(), s.metric(u"load.loadedMs"_s));
    });
    row(tr("jq length"), [](const SizeResult& s) -> QString { return formatMs(s.jqMs()); });
    row(tr("  relreview faster by"), [&](const SizeResult& s) -> QString {
        return ratio(s.jqMs(), s.metric(u"load.loadedMs"_s));
    });
    row(tr("peak resident memory"), [](const SizeResult& s) -> QString {
        return formatBytes(qint64(s.metric(u"memory.peakBytes"_s)));
    });
    row(tr("  ÷ file size"), [](const SizeResult& s) -> QString {
        return formatRatio(s.metric(u"memory.peakBytes"_s) / double(s.file.bytes));
    });
    row(tr("  python3 / jq peak"), [](const SizeResult& s) -> QString {
        return formatBytes(qint64(s.python.value(u"peakResidentBytes"_s).toDouble(-1))) + u" / "_s +
               formatBytes(qint64(s.jq.value(u"peakResidentBytes"_s).toDouble(-1)));
    });
    table.rule();
    row(tr("operation: time [UI-thread CPU] (worst UI stall)"),
        [](const SizeResult&) -> QString { return QString(); });
    row(tr("sort by score"),
        [](const SizeResult& s) -> QString { return costCell(s, u"sort.score"_s); });
    row(tr("sort by to-table name"),
        [](const SizeResult& s) -> QString { return costCell(s, u"sort.toTable"_s); });
    row(tr("sort, worst of all columns"),
        [](const SizeResult& s) -> QString { return costCell(s, u"sort.anyColumn"_s); });
    row(tr("status filter"),
        [](const SizeResult& s) -> QString { return costCell(s, u"filter.status"_s); });
    row(tr("text filter, worst keystroke"),
        [](const SizeResult& s) -> QString { return costCell(s, u"filter.text"_s); });
    row(tr("carry earlier decisions forward (a tenth of the pairs)"),
        [](const SizeResult& s) -> QString { return costCell(s, u"carryForward"_s); });
    row(tr("was:rejected filter"),
        [](const SizeResult& s) -> QString { return costCell(s, u"filter.was"_s); });
    row(tr("re-bin score histogram"),
        [](const SizeResult& s) -> QString { return costCell(s, u"binning"_s); });
    row(tr("select all + bulk preview"),
        [](const SizeResult& s) -> QString { return costCell(s, u"selectAllPreview"_s); });
    row(tr("  of it select all / preview"), [](const SizeResult& s) -> QString {
        return formatMs(s.metric(u"selectAll.durationMs"_s)) + u" / "_s +
               formatMs(s.metric(u"bulkPreview.durationMs"_s));
    });
    row(tr("  selectedRows() of all (MainWindow today)"),
        [](const SizeResult& s) -> QString { return costCell(s, u"selectAllSelectedRows"_s); });
    row(tr("worst UI stall of all the above"),
        [](const SizeResult& s) -> QString { return formatMs(worstStall(s)); });
    table.rule();
    row(tr("main window, every dock (worst UI stall)"), [](const SizeResult& s) -> QString {
        return s.window.value(u"ok"_s).toBool()
                   ? QString()
                   : tr("failed: %1").arg(s.window.value(u"error"_s).toString());
    });
    const auto windowCell = [](const QString& name) {
        return [name](const SizeResult& s) -> QString {
            return formatMs(s.windowMetric(u"window."_s + name + u".ms"_s)) + u" ("_s +
                   formatMs(s.windowMetric(u"window."_s + name + u".stallMs"_s)) + u")"_s;
        };
    };
    row(tr("open the file (loaded)"), windowCell(u"open"_s));
    row(tr("click a column header, worst column"), windowCell(u"sort"_s));
    row(tr("type a 36-key query, then erase it"), [](const SizeResult& s) -> QString {
        return u"("_s + formatMs(s.windowMetric(u"window.filterTyping.stallMs"_s)) + u", "_s +
               formatMs(s.windowMetric(u"window.filterErasing.stallMs"_s)) + u")"_s;
    });
    row(tr("Ctrl+A / J / A / Ctrl+Z"), [](const SizeResult& s) -> QString {
        QStringList stalls;
        for (const QString& name : {u"selectAll"_s, u"moveJ"_s, u"approveA"_s, u"undo"_s})
            stalls << formatMs(s.windowMetric(u"window."_s + name + u".stallMs"_s));
        return u"("_s + stalls.join(u" / "_s) + u")"_s;
    });
    row(tr("worst UI stall in the window"),
        [](const SizeResult& s) -> QString { return formatMs(worstWindowStall(s)); });
    table.print(out);

    const QJsonArray runs = delivery.value(u"runs"_s).toArray();
    if (!runs.isEmpty()) {
        out << '\n';
        Table deliveryTable;
        QStringList deliveryHeader{tr("delivery over loopback, decisions")};
        for (const QJsonValue& run : runs)
            deliveryHeader << formatCount(run.toObject().value(u"decisions"_s).toInt());
        deliveryTable.header(deliveryHeader);
        const auto deliveryRow = [&](const QString& name,
                                     const std::function<QString(const QJsonObject&)>& cell) {
            QStringList cells{name};
            for (const QJsonValue& run : runs)
                cells << cell(run.toObject());
            deliveryTable.row(cells);
        };
        const auto rate = [](const QJsonObject& run, const QString& kind) {
            const QJsonObject part = run.value(kind).toObject();
            if (part.isEmpty())
                return u"n/a"_s;
            QString text = formatRate(part.value(u"decisionsPerSecond"_s).toDouble(-1));
            if (part.value(u"verified"_s).toBool() == false ||
                part.value(u"completed"_s).toBool() == false)
                text += u" (!)"_s;
            return text;
        };
        const auto rateOf = [](const QJsonObject& run, const QString& kind) {
            return run.value(kind).toObject().value(u"decisionsPerSecond"_s).toDouble(-1);
        };
        deliveryRow(
            tr("single PUTs, relreview (ReviewSession)"), [&](const QJsonObject& run) -> QString {
                return rate(run, u"appPut"_s) +
                       tr(", %1 in flight")
                           .arg(run.value(u"appPut"_s).toObject().value(u"maxInFlight"_s).toInt());
            });
        deliveryRow(tr("  client CPU per decision, relreview / curl"),
                    [](const QJsonObject& run) -> QString {
                        const auto perDecision = [&run](const QString& kind) {
                            const double us = run.value(kind)
                                                  .toObject()
                                                  .value(u"clientCpuMicrosecondsPerDecision"_s)
                                                  .toDouble(-1);
                            return us < 0 ? u"n/a"_s
                                          : QString::number(qint64(std::llround(us))) + u" µs"_s;
                        };
                        return perDecision(u"appPut"_s) + u" / "_s + perDecision(u"curlPut"_s);
                    });
        deliveryRow(tr("  UI stall while delivering [UI-thread CPU]"),
                    [](const QJsonObject& run) -> QString {
                        const QJsonObject part = run.value(u"appPut"_s).toObject();
                        return formatMs(part.value(u"stallMs"_s).toDouble(-1)) + u" ["_s +
                               formatMs(part.value(u"uiThreadCpuMs"_s).toDouble(-1)) + u"]"_s;
                    });
        deliveryRow(tr("single PUTs, curl --parallel (default 50)"),
                    [&](const QJsonObject& run) -> QString { return rate(run, u"curlPut"_s); });
        deliveryRow(tr("  relreview ÷ curl"), [&](const QJsonObject& run) -> QString {
            const double curl = rateOf(run, u"curlPut"_s);
            return curl > 0 ? formatRatio(rateOf(run, u"appPut"_s) / curl) : u"n/a"_s;
        });
        deliveryRow(
            tr("single PUTs, curl at relreview's in-flight"),
            [&](const QJsonObject& run) -> QString { return rate(run, u"curlPutSameInFlight"_s); });
        deliveryRow(tr("  relreview ÷ curl"), [&](const QJsonObject& run) -> QString {
            const double curl = rateOf(run, u"curlPutSameInFlight"_s);
            return curl > 0 ? formatRatio(rateOf(run, u"appPut"_s) / curl) : u"n/a"_s;
        });
        deliveryRow(tr("bulk endpoint (500 ids a call, 4 at once)"),
                    [&](const QJsonObject& run) -> QString { return rate(run, u"bulk"_s); });
        deliveryRow(tr("  + re-reading the list to confirm"),
                    [](const QJsonObject& run) -> QString {
                        return formatMs(run.value(u"bulkRereadMs"_s).toDouble(-1));
                    });
        deliveryRow(tr("bulk through ReviewSession (journal + sync engine)"),
                    [&](const QJsonObject& run) -> QString { return rate(run, u"sessionBulk"_s); });
        // Two of the bulk session's numbers in one cell: "a / b", or "a [b]".
        const auto sessionCell = [](const QString& first, const QString& second, bool bracketed) {
            return [first, second, bracketed](const QJsonObject& run) -> QString {
                const QJsonObject part = run.value(u"sessionBulk"_s).toObject();
                if (part.isEmpty())
                    return u"n/a"_s;
                const QString a = formatMs(part.value(first).toDouble(-1));
                const QString b = formatMs(part.value(second).toDouble(-1));
                return bracketed ? QString(a + u" ["_s + b + u"]"_s) : QString(a + u" / "_s + b);
            };
        };
        deliveryRow(tr("  recorded / every decision confirmed"),
                    sessionCell(u"recordedMs"_s, u"elapsedMs"_s, false));
        deliveryRow(tr("  worst UI stall [UI-thread CPU]"),
                    sessionCell(u"stallMs"_s, u"uiThreadCpuMs"_s, true));
        deliveryRow(tr("  of it the table model, total / worst"),
                    sessionCell(u"modelMs"_s, u"modelWorstMs"_s, false));
        deliveryTable.print(out);
    } else if (delivery.contains(u"error"_s)) {
        out << "\ndelivery: " << delivery.value(u"error"_s).toString() << '\n';
    }
    printWan(out, delivery.value(u"wan"_s).toObject());

    if (!verdicts.isEmpty()) {
        out << '\n';
        Table targets;
        targets.header({tr("target"), tr("wanted"), tr("measured"), tr("met")});
        for (const Verdict& verdict : verdicts)
            targets.row({verdict.what, verdict.target, verdict.measured,
                         !verdict.measuredAtAll ? u"n/a"_s
                         : verdict.met          ? tr("yes")
                                                : tr("NO")});
        targets.print(out);
    }
    out.flush();
}

int runSingle(const QString& path, const QString& resultPath, bool window)
{
    const QJsonObject metrics = window ? runWindowBenchmark(path) : runUiBenchmark(path);
    QSaveFile output(resultPath);
    if (!output.open(QIODevice::WriteOnly))
        return 2;
    output.write(QJsonDocument(metrics).toJson());
    if (!output.commit())
        return 2;
    return metrics.value(u"ok"_s).toBool() ? 0 : 1;
}

// Only RelationshipParser::parseFile, `times` times in this process: for profiling the parse
// (perf, callgrind) and comparing builds without the window around it.
int runParseOnly(const QString& path, int times)
{
    QTextStream out(stdout);
    for (int i = 0; i < times; ++i) {
        rusage before{};
        ::getrusage(RUSAGE_SELF, &before);
        QElapsedTimer clock;
        clock.start();
        const RelationshipParser::Result result = RelationshipParser::parseFile(path);
        const double wallMs = double(clock.nsecsElapsed()) / 1e6;
        rusage after{};
        ::getrusage(RUSAGE_SELF, &after);
        const auto ms = [](const timeval& a, const timeval& b) {
            return double(b.tv_sec - a.tv_sec) * 1e3 + double(b.tv_usec - a.tv_usec) / 1e3;
        };
        if (!result.ok) {
            err() << "relreview-benchmark: " << result.error.describe(path) << Qt::endl;
            return 1;
        }
        out << "parse " << (i + 1) << ": " << result.document.rows.size() << " rows, wall "
            << qint64(wallMs) << " ms, user " << qint64(ms(before.ru_utime, after.ru_utime))
            << " ms, system " << qint64(ms(before.ru_stime, after.ru_stime)) << " ms, load "
            << currentLoadAverage() << Qt::endl;
    }
    return 0;
}

// With RELREVIEW_BENCHMARK_SLOW_EVENTS=<ms>, every event the UI thread took longer than that to
// handle is printed with its receiver: which slot or timer a stall came from.
template<typename Application>
class TracingApplication : public Application
{
public:
    TracingApplication(int& argc, char** argv)
        : Application(argc, argv)
        , m_thresholdNs(qint64(qEnvironmentVariableIntValue("RELREVIEW_BENCHMARK_SLOW_EVENTS")) *
                        1000000)
    {}

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_thresholdNs <= 0)
            return Application::notify(receiver, event);
        if (m_depth > 0 && event->type() != QEvent::Paint)
            return Application::notify(receiver, event);
        ++m_depth;
        QElapsedTimer clock;
        clock.start();
        const double cpuBefore = threadCpuMs();
        const QEvent::Type type = event->type();
        const bool result = Application::notify(receiver, event);
        const qint64 elapsed = clock.nsecsElapsed();
        const double cpu = threadCpuMs() - cpuBefore;
        --m_depth;
        const qint64 threshold = m_depth > 0 ? m_thresholdNs / 3 : m_thresholdNs; // a paint
        if (elapsed >= threshold) {
            QString who = QString::fromLatin1(receiver->metaObject()->className());
            if (!receiver->objectName().isEmpty())
                who += u" \""_s + receiver->objectName() + u'"';
            if (QObject* parent = receiver->parent())
                who += u" in "_s + QString::fromLatin1(parent->metaObject()->className());
            err() << "slow event: " << double(elapsed) / 1e6 << " ms (" << cpu << " ms CPU), type "
                  << int(type) << ", " << who << Qt::endl;
        }
        return result;
    }

private:
    qint64 m_thresholdNs;
    int m_depth = 0;
};

bool wantsSingle(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--single") == 0 || qstrcmp(argv[i], "--window") == 0 ||
            qstrcmp(argv[i], "--live-list") == 0)
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char* argv[])
{
    // A child measures a window offscreen; the parent needs no window system at all.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application;
    if (wantsSingle(argc, argv))
        application = std::make_unique<TracingApplication<QApplication>>(argc, argv);
    else
        application = std::make_unique<TracingApplication<QCoreApplication>>(argc, argv);
    QCoreApplication::setApplicationName(u"relreview-benchmark"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Measures loading, sorting, filtering, binning, selecting and delivering 10^4 to 10^6 "
           "relationships, next to python3, jq and curl on the same files and server."));
    parser.addHelpOption();
    const QCommandLineOption sizesOption(
        u"sizes"_s, tr("Comma-separated list sizes (default 10000,100000,1000000)."), u"list"_s,
        u"10000,100000,1000000"_s);
    const QCommandLineOption decisionsOption(
        u"decisions"_s, tr("Comma-separated decision counts to deliver (default 10000,100000)."),
        u"list"_s, u"10000,100000"_s);
    const QCommandLineOption quickOption(
        u"quick"_s, tr("Small sizes only: 10,000 relationships and 10,000 decisions."));
    const QCommandLineOption outOption(
        u"out"_s,
        tr("Folder for the generated files (kept and reused; default: a folder in "
           "the temporary directory)."),
        u"dir"_s);
    const QCommandLineOption jsonOption(u"json"_s, tr("Write every number as JSON to <file>."),
                                        u"file"_s);
    const QCommandLineOption repeatOption(
        u"repeat"_s, tr("Measure each size this many times and report the medians (default 1)."),
        u"n"_s, u"1"_s);
    const QCommandLineOption seedOption(u"seed"_s, tr("Seed of the generated data."), u"seed"_s,
                                        QString::number(DemoDataGenerator::Options{}.seed));
    const QCommandLineOption noDeliveryOption(u"no-delivery"_s,
                                              tr("Skip the delivery measurements."));
    const QCommandLineOption noPeersOption(u"no-peers"_s, tr("Skip python3, jq and curl."));
    const QCommandLineOption noWanOption(
        u"no-wan"_s, tr("Skip the deliveries through nginx (TLS, HTTP/2, gzip) with latency."));
    const QCommandLineOption wanOnlyOption(
        u"wan-only"_s,
        tr("Only the deliveries through nginx with latency (the largest of --decisions)."));
    const QCommandLineOption latencyOption(
        u"latency-ms"_s, tr("The server's delay per answer behind nginx (default 50)."), u"ms"_s,
        u"50"_s);
    const QCommandLineOption singleOption(
        u"single"_s, tr("Internal: measure one file in this process."), u"file"_s);
    const QCommandLineOption windowOption(
        u"window"_s, tr("Internal: measure the main window on one file in this process."),
        u"file"_s);
    const QCommandLineOption parseOnlyOption(
        u"parse-only"_s, tr("Only parse <file> (see --repeat) and print the times, for profiling."),
        u"file"_s);
    const QCommandLineOption diffOption(
        u"diff"_s,
        tr("Only diff two generated lists of <n> relationships each (SnapshotDiff), see --repeat."),
        u"n"_s);
    const QCommandLineOption resultOption(
        u"result"_s, tr("Internal: where --single writes its numbers."), u"file"_s);
    // Issue 13's live list: only that, with its own table (see LiveListBenchmark.h).
    const QCommandLineOption liveListOption(
        u"live-list"_s,
        tr("Only load a live list of <n> relationships over a modelled WAN link (see "
           "--bandwidth-kbit, --latency-ms, --front), next to curl."),
        u"n"_s);
    const QCommandLineOption bandwidthOption(
        u"bandwidth-kbit"_s, tr("The live list's link, per connection (default 100000)."), u"n"_s,
        u"100000"_s);
    const QCommandLineOption frontOption(
        u"front"_s,
        tr("The live list from \"direct\" (the development server) or \"tls\" (nginx with TLS "
           "and HTTP/2 in front of it)."),
        u"front"_s, u"direct"_s);
    parser.addOptions({sizesOption,    decisionsOption, quickOption,     outOption,
                       jsonOption,     repeatOption,    seedOption,      noDeliveryOption,
                       noPeersOption,  noWanOption,     wanOnlyOption,   latencyOption,
                       singleOption,   windowOption,    parseOnlyOption, resultOption,
                       liveListOption, bandwidthOption, frontOption,     diffOption});
    parser.process(*application);

    if (parser.isSet(liveListOption)) {
        const auto records = parseCounts(parser.value(liveListOption));
        const QString directory = parser.isSet(outOption)
                                      ? parser.value(outOption)
                                      : QDir::tempPath() + u"/relreview-benchmark"_s;
        if (!records || records->size() != 1 || !QDir().mkpath(directory)) {
            err() << "relreview-benchmark: " << tr("--live-list takes one positive count")
                  << Qt::endl;
            return 2;
        }
        const DataFile file = ensureDataFile(directory, records->constFirst(),
                                             parser.value(seedOption).toULongLong());
        if (!file.error.isEmpty()) {
            err() << "relreview-benchmark: " << file.error << Qt::endl;
            return 1;
        }
        LiveListOptions options;
        options.dataFile = file.path;
        options.bandwidthKbit = parser.value(bandwidthOption).toInt();
        options.latencyMs = parser.value(latencyOption).toInt();
        options.front = parser.value(frontOption);
        options.repeat = std::clamp(
            parser.isSet(repeatOption) ? parser.value(repeatOption).toInt() : 3, 1, MaxRepeat);
        const QJsonObject result = runLiveListBenchmark(options, err());
        QTextStream out(stdout);
        printLiveListResults(result, out);
        if (parser.isSet(jsonOption)) {
            QSaveFile json(parser.value(jsonOption));
            if (!json.open(QIODevice::WriteOnly) ||
                json.write(QJsonDocument(QJsonObject{{u"liveList"_s, result},
                                                     {u"machine"_s, machineInfo().toJson()}})
                               .toJson()) < 0 ||
                !json.commit())
                err() << "relreview-benchmark: cannot write " << parser.value(jsonOption)
                      << Qt::endl;
        }
        return result.contains(u"error"_s) ? 1 : 0;
    }

    if (parser.isSet(singleOption) || parser.isSet(windowOption)) {
        if (!parser.isSet(resultOption)) {
            err() << "relreview-benchmark: --single and --window need --result FILE" << Qt::endl;
            return 2;
        }
        const bool window = parser.isSet(windowOption);
        return runSingle(parser.value(window ? windowOption : singleOption),
                         parser.value(resultOption), window);
    }

    if (parser.isSet(diffOption)) {
        const auto count = parseCounts(parser.value(diffOption));
        if (!count || count->size() != 1) {
            err() << "relreview-benchmark: " << tr("--diff takes one positive count") << Qt::endl;
            return 2;
        }
        QTextStream out(stdout);
        return runDiffBenchmark(count->first(),
                                std::clamp(parser.value(repeatOption).toInt(), 1, MaxRepeat), out);
    }

    if (parser.isSet(parseOnlyOption))
        return runParseOnly(parser.value(parseOnlyOption),
                            std::clamp(parser.value(repeatOption).toInt(), 1, MaxRepeat));

    const bool quick = parser.isSet(quickOption);
    const auto sizes =
        parseCounts(quick && !parser.isSet(sizesOption) ? u"10000"_s : parser.value(sizesOption));
    const auto decisions = parseCounts(
        quick && !parser.isSet(decisionsOption) ? u"10000"_s : parser.value(decisionsOption));
    bool ok = false;
    const int repeat = parser.value(repeatOption).toInt(&ok);
    const quint64 seed = parser.value(seedOption).toULongLong(&ok);
    if (!sizes || !decisions || repeat < 1 || repeat > MaxRepeat || !ok) {
        err() << "relreview-benchmark: "
              << tr("--sizes and --decisions take positive counts, --repeat 1 to %1").arg(MaxRepeat)
              << Qt::endl;
        return 2;
    }
    const QString outDirectory = parser.isSet(outOption)
                                     ? parser.value(outOption)
                                     : QDir::tempPath() + u"/relreview-benchmark"_s;
    if (!QDir().mkpath(outDirectory)) {
        err() << "relreview-benchmark: " << tr("cannot create %1").arg(outDirectory) << Qt::endl;
        return 2;
    }
    const bool runPeers = !parser.isSet(noPeersOption);
    const bool runDelivery = !parser.isSet(noDeliveryOption);
    for (const QString& tool : {u"python3"_s, u"jq"_s, u"curl"_s}) {
        if (runPeers && QStandardPaths::findExecutable(tool).isEmpty())
            err() << "relreview-benchmark: " << tr("%1 not found; its column shows n/a").arg(tool)
                  << Qt::endl;
    }

    const MachineInfo machine = machineInfo();
    QElapsedTimer total;
    total.start();

    const bool wanOnly = parser.isSet(wanOnlyOption);
    QList<SizeResult> results;
    for (const int records : wanOnly ? QList<int>() : *sizes) {
        const DataFile file = ensureDataFile(outDirectory, records, seed);
        if (!file.error.isEmpty()) {
            err() << "relreview-benchmark: " << file.error << Qt::endl;
            return 1;
        }
        results.append(measureSize(file, repeat, runPeers));
        if (!results.last().error.isEmpty())
            err() << "relreview-benchmark: " << formatCount(records) << ": " << results.last().error
                  << Qt::endl;
    }

    QJsonObject delivery;
    DataFile deliveryFile;
    if (runDelivery) {
        const int needed = *std::max_element(decisions->cbegin(), decisions->cend());
        // The smallest measured file that holds every decision, else one made for it.
        int records = -1;
        for (const int size : *sizes) {
            if (size >= needed && (records < 0 || size < records))
                records = size;
        }
        if (records < 0)
            records = needed;
        deliveryFile = ensureDataFile(outDirectory, records, seed);
        if (!deliveryFile.error.isEmpty()) {
            delivery.insert(u"error"_s, deliveryFile.error);
        } else {
            DeliveryOptions options;
            options.dataFile = deliveryFile.path;
            options.decisionCounts = *decisions;
            options.runCurl = runPeers && !QStandardPaths::findExecutable(u"curl"_s).isEmpty();
            if (!wanOnly)
                delivery = runDeliveryBenchmark(options, err());
            delivery.insert(u"file"_s, deliveryFile.toJson());
            if (wanOnly || !parser.isSet(noWanOption)) {
                WanDeliveryOptions wan;
                wan.dataFile = deliveryFile.path;
                wan.bulkDecisions = needed;
                wan.latencyMs = std::clamp(parser.value(latencyOption).toInt(), 0, 10000);
                wan.runCurl = options.runCurl;
                delivery.insert(u"wan"_s, runWanDeliveryBenchmark(wan, err()));
            }
        }
    }

    const SizeResult* largest = nullptr;
    for (const SizeResult& result : std::as_const(results)) {
        if (!result.runs.isEmpty() && (!largest || result.file.records > largest->file.records))
            largest = &result;
    }
    const QList<Verdict> verdicts = judge(largest, delivery);
    const QString loadAtEnd = currentLoadAverage();
    printResults(machine, results, delivery, verdicts, loadAtEnd);

    if (parser.isSet(jsonOption)) {
        QJsonArray sizeArray;
        for (const SizeResult& result : std::as_const(results)) {
            QJsonObject entry{{u"file"_s, result.file.toJson()},
                              {u"median"_s, result.median},
                              {u"python3"_s, result.python},
                              {u"jq"_s, result.jq},
                              {u"window"_s, result.window}};
            QJsonArray runs;
            for (const QJsonObject& run : result.runs)
                runs.append(run);
            entry.insert(u"runs"_s, runs);
            if (!result.error.isEmpty())
                entry.insert(u"error"_s, result.error);
            sizeArray.append(entry);
        }
        QJsonArray verdictArray;
        for (const Verdict& verdict : verdicts)
            verdictArray.append(verdictJson(verdict));
        QJsonObject machineJson = machine.toJson();
        machineJson.insert(u"loadAverageAtEnd"_s, loadAtEnd);
        const QJsonObject document{
            {u"machine"_s, machineJson},
            {u"seed"_s, QString::number(seed)},
            {u"repeat"_s, repeat},
            {u"sizes"_s, sizeArray},
            {u"delivery"_s, delivery},
            {u"targets"_s, verdictArray},
            {u"totalMs"_s, double(total.elapsed())},
        };
        QSaveFile output(parser.value(jsonOption));
        if (!output.open(QIODevice::WriteOnly) ||
            output.write(QJsonDocument(document).toJson()) < 0 || !output.commit()) {
            err() << "relreview-benchmark: "
                  << tr("cannot write %1: %2").arg(parser.value(jsonOption), output.errorString())
                  << Qt::endl;
            return 1;
        }
    }
    bool allMeasured = true;
    for (const SizeResult& result : std::as_const(results))
        allMeasured = allMeasured && !result.runs.isEmpty();
    return allMeasured ? 0 : 1;
}
