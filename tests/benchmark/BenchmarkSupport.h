#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>

// Measures how late a 5 ms timer fires on the thread it lives on: the worst lateness while an
// operation runs is the longest time the event loop could not react, i.e. the UI-thread stall a
// user would feel (a key press or a repaint waits that long).
class Heartbeat : public QObject
{
public:
    static constexpr int IntervalMs = 5;

    explicit Heartbeat(QObject* parent = nullptr);
    void start();
    void reset();                   // forget the worst lateness so far
    double worstLatenessMs() const; // since reset(), including the current gap
    qint64 ticksSinceReset() const { return m_ticks; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTickNs = 0;
    qint64 m_worstGapNs = 0;
    qint64 m_ticks = 0;
};

// Runs the event loop until `done()` is true or `timeoutMs` has passed; true when done.
bool spinUntil(const std::function<bool()>& done, int timeoutMs);

// What a UI-thread operation cost: its own duration and the worst heartbeat lateness around it.
struct UiCost
{
    double durationMs = -1;
    double cpuMs = -1; // the UI thread's CPU time for it: what preemption by others cannot inflate
    double stallMs = -1;
    bool ok = false;
    QJsonObject toJson() const;
};

// Runs `operation` from the event loop (as a slot would run after a click or key press), then
// keeps the loop spinning until the heartbeat has ticked after it, so that the stall it caused is
// seen. Synchronous operations stall the UI for their whole duration, and the numbers show that.
// With `done`, the operation only starts the work (e.g. on a worker thread): it lasts until
// done() is true, as the event loop sees it.
UiCost measureOnEventLoop(Heartbeat& heartbeat, const std::function<void()>& operation,
                          int timeoutMs = 120000, const std::function<bool()>& done = {});

// Peak and current resident memory of this process (VmHWM / VmRSS), in bytes; -1 when unknown.
qint64 peakResidentBytes();
qint64 residentBytes();
// CPU time (user + system, all threads) this process has used so far.
double processCpuMs();
double processUserCpuMs();
double processSystemCpuMs();
double threadCpuMs(); // the calling thread's

// A program run to completion with a time limit, for the peers and the child measurements.
struct ProcessRun
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1; // -1 when killed by a signal
    double wallMs = 0;
    qint64 peakResidentBytes = -1; // the child's (wait4 ru_maxrss)
    double cpuMs = 0;              // the child's user + system time
    QByteArray standardOutput;     // at most a few MB kept
    QByteArray standardError;
    bool ok() const { return started && !timedOut && exitCode == 0; }
    QString describeFailure() const;
};

// fork/exec without a shell (arguments are never interpreted), stdout and stderr to temporary
// files, killed after `timeLimitMs`. Blocks the calling thread; the child runs on its own.
ProcessRun runProcess(const QString& program, const QStringList& arguments, int timeLimitMs);

// The machine the numbers come from.
struct MachineInfo
{
    int cores = 0;
    QString cpuModel;
    qint64 memoryBytes = 0;
    QString loadAverage; // "1.02 0.88 0.75"
    QString kernel;
    // What fresh memory costs here: the time to touch 256 MiB never touched before (the kernel
    // zeroes each page; a virtual machine may also have to back it on the host), per GiB, on
    // pages advised as huge as the row store's are; and a memset of the same memory afterwards.
    double firstTouchMsPerGiB = -1;
    double rewriteMsPerGiB = -1;
    QJsonObject toJson() const;
};
MachineInfo machineInfo();
QString currentLoadAverage();

// Formatting for the table.
QString formatMs(double ms);          // "1,234 ms", "12.3 ms", "n/a"
QString formatCount(qint64 count);    // "1,000,000"
QString formatBytes(qint64 bytes);    // "932.1 MB"
QString formatRate(double perSecond); // "12,345/s"
QString formatRatio(double ratio);    // "3.4×"
