#include "DiffBenchmark.h"

#include "BenchmarkSupport.h"
#include "DemoDataGenerator.h"
#include "SnapshotDiff.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double mebibytes(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

// Forgets the peak resident memory so far (Linux: "5" to clear_refs), so that VmHWM afterwards is
// the peak of what follows.
bool resetPeakResident()
{
    QFile file(u"/proc/self/clear_refs"_s);
    return file.open(QIODevice::WriteOnly) && file.write("5") == 1;
}

// The generator draws its links from a model warehouse and repeats column pairs; a pipeline's
// list has each pair once. A from column per row keeps the pairs apart (and the string pool as
// small as the generator's).
Relationship withOwnPair(Relationship r, int index)
{
    r.fromColumnId.data1 ^= uint(index) * 2654435761u;
    r.fromColumnId.data2 ^= quint16(index >> 16);
    return r;
}

} // namespace

int runDiffBenchmark(int count, int repeat, QTextStream& out)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    const DemoDataGenerator generator(options);
    DemoDataGenerator::Options otherOptions = options;
    otherOptions.seed = options.seed + 1;
    otherOptions.relationshipCount = count / 20;
    const DemoDataGenerator newcomers(otherOptions);

    const qint64 residentAtStart = residentBytes();
    QElapsedTimer timer;
    timer.start();
    RelationshipRows before;
    RelationshipRows after;
    before.reserve(count);
    after.reserve(count);
    int expectedMatched = 0;
    for (int i = 0; i < count; ++i) {
        Relationship r = withOwnPair(generator.relationship(i), i);
        before.append(r);
        if (i % 10 == 3)
            continue; // dropped by the re-run
        if (i % 3 == 0)
            r.id = QUuid::createUuid();
        if (i % 7 == 0) {
            r.score = double((i * 7919) % 1000) / 1000.0;
            r.hasScore = true;
        }
        if (i % 11 == 0) {
            r.status = RelationshipStatus::Approved;
            r.statusText = statusName(r.status);
        }
        if (i % 13 == 0)
            r.evidenceJson = "{\"rerun\":" + QByteArray::number(i) + "}";
        after.append(r);
        ++expectedMatched;
    }
    for (int i = 0; i < otherOptions.relationshipCount && after.size() < count; ++i)
        after.append(withOwnPair(newcomers.relationship(i), count + i));
    const double generateMs = double(timer.elapsed());
    const qint64 holding = residentBytes() - residentAtStart;

    out << "SnapshotDiff: " << before.size() << " old rows against " << after.size()
        << " new rows (generated in " << qRound(generateMs) << " ms)\n";
    out << "  holding both lists: " << QString::number(mebibytes(holding), 'f', 0)
        << " MiB resident (rows " << QString::number(mebibytes(before.memoryBytes()), 'f', 0)
        << " + " << QString::number(mebibytes(after.memoryBytes()), 'f', 0) << " MiB)\n";
    out.flush();

    std::vector<double> times;
    bool agreed = true;
    for (int run = 0; run < repeat; ++run) {
        const bool peakReset = resetPeakResident();
        const qint64 residentBefore = residentBytes();
        timer.restart();
        const double cpuBefore = processCpuMs();
        const SnapshotDiff diff = SnapshotDiff::compute(before, after);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const double cpuMs = processCpuMs() - cpuBefore;
        const qint64 peak = peakResidentBytes();
        times.push_back(ms);
        // Every pair is its own (see withOwnPair): each row the re-run kept is matched.
        const int matched = int(diff.changed().size()) + diff.unchangedCount();
        agreed = agreed && matched == expectedMatched && diff.duplicates().empty() &&
                 matched + int(diff.removedRows().size()) == before.size() &&
                 matched + int(diff.addedRows().size()) == after.size();
        out << "  run " << (run + 1) << ": " << QString::number(ms, 'f', 0) << " ms wall, "
            << QString::number(cpuMs, 'f', 0) << " ms CPU; added " << diff.addedRows().size()
            << ", removed " << diff.removedRows().size() << ", changed " << diff.changed().size()
            << ", unchanged " << diff.unchangedCount() << ", repeated pairs "
            << diff.duplicates().size() << "\n";
        out << "    resident before " << QString::number(mebibytes(residentBefore), 'f', 0)
            << " MiB, peak during the diff "
            << (peakReset ? QString::number(mebibytes(peak), 'f', 0) + u" MiB"_s
                          : u"n/a (clear_refs not writable)"_s)
            << " (+" << QString::number(mebibytes(peak - residentBefore), 'f', 0)
            << " MiB over holding both lists, "
            << QString::number(100.0 * double(peak - residentBefore) /
                                   double(std::max<qint64>(1, holding)),
                               'f', 0)
            << "%); the result holds " << QString::number(mebibytes(diff.memoryBytes()), 'f', 0)
            << " MiB\n";
        out.flush();
    }
    std::sort(times.begin(), times.end());
    out << "  median " << QString::number(times[times.size() / 2], 'f', 0) << " ms; "
        << (agreed ? "counts agree with how the lists were made" : "COUNTS DISAGREE") << "\n";
    out.flush();
    return agreed ? 0 : 1;
}
