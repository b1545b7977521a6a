#include "BenchmarkSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

// ---- heartbeat ---------------------------------------------------------------------------------

Heartbeat::Heartbeat(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(IntervalMs);
    QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    m_clock.start();
}

void Heartbeat::start()
{
    reset();
    m_timer.start();
}

void Heartbeat::reset()
{
    m_lastTickNs = m_clock.nsecsElapsed();
    m_worstGapNs = 0;
    m_ticks = 0;
}

void Heartbeat::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_worstGapNs = std::max(m_worstGapNs, now - m_lastTickNs);
    m_lastTickNs = now;
    ++m_ticks;
}

double Heartbeat::worstLatenessMs() const
{
    const qint64 gap = std::max(m_worstGapNs, m_clock.nsecsElapsed() - m_lastTickNs);
    return std::max(0.0, double(gap) / 1e6 - IntervalMs);
}

bool spinUntil(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    return done();
}

QJsonObject UiCost::toJson() const
{
    if (!ok)
        return QJsonObject{{u"ok"_s, false}};
    return QJsonObject{{u"ok"_s, true},
                       {u"durationMs"_s, durationMs},
                       {u"cpuMs"_s, cpuMs},
                       {u"stallMs"_s, stallMs}};
}

UiCost measureOnEventLoop(Heartbeat& heartbeat, const std::function<void()>& operation,
                          int timeoutMs, const std::function<bool()>& done)
{
    struct State
    {
        bool started = false;
        bool finished = false;
        double cpuBeforeMs = 0;
        double durationMs = 0;
        double cpuMs = 0;
        qint64 ticksAtEnd = 0;
        QElapsedTimer clock;
    };
    // Shared, so that an operation that outlives the timeout writes into live memory.
    auto state = std::make_shared<State>();
    const auto finish = [state, &heartbeat] {
        state->durationMs = double(state->clock.nsecsElapsed()) / 1e6;
        state->cpuMs = threadCpuMs() - state->cpuBeforeMs;
        state->finished = true;
        state->ticksAtEnd = heartbeat.ticksSinceReset();
    };
    heartbeat.reset();
    QTimer::singleShot(0, &heartbeat, [state, operation, done, finish] {
        state->cpuBeforeMs = threadCpuMs();
        state->clock.start();
        state->started = true;
        operation();
        if (!done || done())
            finish();
    });
    const bool completed = spinUntil(
        [&] {
            if (state->started && !state->finished && done && done())
                finish();
            return state->finished && heartbeat.ticksSinceReset() >= state->ticksAtEnd + 2;
        },
        timeoutMs);
    UiCost cost;
    cost.ok = completed;
    cost.durationMs = state->durationMs;
    cost.cpuMs = state->cpuMs;
    cost.stallMs = heartbeat.worstLatenessMs();
    return cost;
}

// ---- memory ------------------------------------------------------------------------------------

namespace {

qint64 statusField(const char* name)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(name) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(prefix)) {
            const QByteArray value = line.mid(prefix.size()).trimmed(); // "123456 kB"
            bool ok = false;
            const qint64 kilobytes = value.split(' ').value(0).toLongLong(&ok);
            return ok ? kilobytes * 1024 : -1;
        }
    }
    return -1;
}

} // namespace

qint64 peakResidentBytes()
{
    return statusField("VmHWM");
}

qint64 residentBytes()
{
    return statusField("VmRSS");
}

namespace {

double milliseconds(const timeval& time)
{
    return double(time.tv_sec) * 1e3 + double(time.tv_usec) / 1e3;
}

} // namespace

double processUserCpuMs()
{
    rusage usage{};
    return ::getrusage(RUSAGE_SELF, &usage) == 0 ? milliseconds(usage.ru_utime) : -1;
}

double processSystemCpuMs()
{
    rusage usage{};
    return ::getrusage(RUSAGE_SELF, &usage) == 0 ? milliseconds(usage.ru_stime) : -1;
}

double processCpuMs()
{
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    return milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime);
}

double threadCpuMs()
{
    timespec now{};
    if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0)
        return -1;
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// ---- child processes ---------------------------------------------------------------------------

QString ProcessRun::describeFailure() const
{
    if (!started)
        return u"could not start"_s;
    if (timedOut)
        return u"timed out after %1 ms"_s.arg(qint64(wallMs));
    QString message = exitCode < 0 ? u"killed by a signal"_s : u"exit code %1"_s.arg(exitCode);
    const QByteArray tail = standardError.trimmed().right(400);
    if (!tail.isEmpty())
        message += u": "_s + QString::fromUtf8(tail);
    return message;
}

namespace {

constexpr qint64 MaxKeptOutput = 4 * 1024 * 1024;

QByteArray readAndRemove(const QByteArray& path)
{
    QFile file(QString::fromLocal8Bit(path));
    QByteArray contents;
    if (file.open(QIODevice::ReadOnly))
        contents = file.read(MaxKeptOutput);
    file.close();
    ::unlink(path.constData());
    return contents;
}

QByteArray makeTemporaryFile(int* fd)
{
    QByteArray pattern = QDir::tempPath().toLocal8Bit() + "/relreview-benchmark-XXXXXX";
    *fd = ::mkstemp(pattern.data());
    return *fd >= 0 ? pattern : QByteArray();
}

} // namespace

ProcessRun runProcess(const QString& program, const QStringList& arguments, int timeLimitMs)
{
    ProcessRun run;
    const QString resolved =
        program.contains(u'/') ? program : QStandardPaths::findExecutable(program);
    if (resolved.isEmpty())
        return run;

    // Everything the child needs is prepared before fork(): between fork and exec only
    // async-signal-safe calls are allowed in a multi-threaded process.
    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(resolved));
    for (const QString& argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& value : storage)
        argv.push_back(value.data());
    argv.push_back(nullptr);

    int outFd = -1;
    int errFd = -1;
    const QByteArray outPath = makeTemporaryFile(&outFd);
    const QByteArray errPath = makeTemporaryFile(&errFd);
    if (outFd < 0 || errFd < 0) {
        if (outFd >= 0) {
            ::close(outFd);
            ::unlink(outPath.constData());
        }
        if (errFd >= 0) {
            ::close(errFd);
            ::unlink(errPath.constData());
        }
        return run;
    }

    QElapsedTimer clock;
    clock.start();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0)
            ::dup2(devNull, 0);
        ::dup2(outFd, 1);
        ::dup2(errFd, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(outFd);
    ::close(errFd);
    if (pid < 0) {
        ::unlink(outPath.constData());
        ::unlink(errPath.constData());
        return run;
    }
    run.started = true;

    int status = 0;
    rusage usage{};
    for (;;) {
        const pid_t waited = ::wait4(pid, &status, WNOHANG, &usage);
        if (waited == pid)
            break;
        if (waited < 0 && errno != EINTR)
            break;
        if (clock.elapsed() > timeLimitMs) {
            run.timedOut = true;
            ::kill(pid, SIGKILL);
            ::wait4(pid, &status, 0, &usage);
            break;
        }
        // A millisecond of polling granularity is noise against runs of 100 ms and more.
        const timespec pause{0, 500 * 1000};
        ::nanosleep(&pause, nullptr);
    }
    run.wallMs = double(clock.nsecsElapsed()) / 1e6;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakResidentBytes = qint64(usage.ru_maxrss) * 1024;
    run.cpuMs = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
    run.standardOutput = readAndRemove(outPath);
    run.standardError = readAndRemove(errPath);
    return run;
}

// ---- machine -----------------------------------------------------------------------------------

QString currentLoadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = file.readAll().split(' ');
    if (fields.size() < 3)
        return {};
    return QString::fromLatin1(fields[0] + ' ' + fields[1] + ' ' + fields[2]);
}

MachineInfo machineInfo()
{
    MachineInfo info;
    info.cores = int(::sysconf(_SC_NPROCESSORS_ONLN));
    QFile cpu(u"/proc/cpuinfo"_s);
    if (cpu.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : cpu.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                info.cpuModel = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    QFile memory(u"/proc/meminfo"_s);
    if (memory.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : memory.readAll().split('\n')) {
            if (line.startsWith("MemTotal:")) {
                const QByteArray value = line.mid(9).trimmed();
                info.memoryBytes = value.split(' ').value(0).toLongLong() * 1024;
                break;
            }
        }
    }
    info.loadAverage = currentLoadAverage();

    constexpr size_t CalibrationBytes = size_t(256) << 20;
    constexpr double PerGiB = double(size_t(1) << 30) / double(CalibrationBytes);
    void* scratch = nullptr;
    if (::posix_memalign(&scratch, size_t(2) << 20, CalibrationBytes) == 0) {
#ifdef MADV_HUGEPAGE
        ::madvise(scratch, CalibrationBytes, MADV_HUGEPAGE);
#endif
        auto* bytes = static_cast<volatile char*>(scratch);
        QElapsedTimer clock;
        clock.start();
        for (size_t offset = 0; offset < CalibrationBytes; offset += 4096)
            bytes[offset] = 1;
        info.firstTouchMsPerGiB = double(clock.nsecsElapsed()) / 1e6 * PerGiB;
        clock.restart();
        std::memset(scratch, 2, CalibrationBytes);
        info.rewriteMsPerGiB = double(clock.nsecsElapsed()) / 1e6 * PerGiB;
        ::free(scratch);
    }
    info.kernel = QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    return info;
}

QJsonObject MachineInfo::toJson() const
{
    return QJsonObject{{u"cores"_s, cores},
                       {u"cpuModel"_s, cpuModel},
                       {u"memoryBytes"_s, double(memoryBytes)},
                       {u"loadAverageAtStart"_s, loadAverage},
                       {u"firstTouchMsPerGiB"_s, firstTouchMsPerGiB},
                       {u"rewriteMsPerGiB"_s, rewriteMsPerGiB},
                       {u"kernel"_s, kernel}};
}

// ---- formatting --------------------------------------------------------------------------------

namespace {

const QLocale& numbers()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

} // namespace

QString formatMs(double ms)
{
    if (ms < 0 || std::isnan(ms))
        return u"n/a"_s;
    if (ms < 10)
        return numbers().toString(ms, 'f', 1) + u" ms"_s;
    return numbers().toString(qint64(std::llround(ms))) + u" ms"_s;
}

QString formatCount(qint64 count)
{
    return numbers().toString(count);
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return u"n/a"_s;
    return numbers().toString(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
}

QString formatRate(double perSecond)
{
    if (perSecond <= 0 || std::isnan(perSecond))
        return u"n/a"_s;
    return numbers().toString(qint64(std::llround(perSecond))) + u"/s"_s;
}

QString formatRatio(double ratio)
{
    if (ratio <= 0 || std::isnan(ratio) || std::isinf(ratio))
        return u"n/a"_s;
    return numbers().toString(ratio, 'f', ratio < 10 ? 2 : 1) + u"×"_s;
}
