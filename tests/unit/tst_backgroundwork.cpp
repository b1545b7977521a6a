// Worker threads give way to the UI thread: yieldToTheUiThread() lowers the calling thread's
// priority, and only that thread's (and what it starts afterwards).
#include "BackgroundWork.h"

#include <QTest>

#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

int niceOfThisThread()
{
    return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

} // namespace

class TestBackgroundWork : public QObject
{
    Q_OBJECT
private slots:
    void lowersOnlyTheCallingThread()
    {
        const int before = niceOfThisThread();
        int worker = 0;
        int again = 0;
        int child = 0;
        std::thread thread([&] {
            yieldToTheUiThread();
            worker = niceOfThisThread();
            yieldToTheUiThread(); // once per thread
            again = niceOfThisThread();
            std::thread started([&] { child = niceOfThisThread(); });
            started.join();
        });
        thread.join();
        QCOMPARE(worker, std::min(before + BackgroundNiceIncrement, 19));
        QCOMPARE(again, worker);
        QCOMPARE(child, worker);
        QCOMPARE(niceOfThisThread(), before); // the UI thread keeps its own
    }
};

QTEST_GUILESS_MAIN(TestBackgroundWork)
#include "tst_backgroundwork.moc"
