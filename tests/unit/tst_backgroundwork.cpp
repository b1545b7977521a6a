// BackgroundWork, the one way work runs off the UI thread: results arrive on the receiver's
// thread, superseded or cancelled ones never do, InOrder jobs run and arrive in order, and pool
// threads give way to the UI thread while the UI thread keeps its priority.
#include "BackgroundWork.h"

#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QThreadPool>

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
    void deliversOnTheReceiversThread()
    {
        QObject receiver;
        BackgroundWork work(&receiver);
        QThread* ranOn = nullptr;
        QThread* deliveredOn = nullptr;
        int delivered = 0;
        work.run(
            [&](const std::atomic_bool&) {
                ranOn = QThread::currentThread();
                return 42;
            },
            [&](int value) {
                deliveredOn = QThread::currentThread();
                delivered = value;
            });
        QVERIFY(work.isBusy());
        QTRY_COMPARE(delivered, 42);
        QVERIFY(ranOn != QThread::currentThread());
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(!work.isBusy());
        QCOMPARE(work.jobsStarted(), 1);
    }

    void aNewerJobSupersedesAnOlderOne()
    {
        QObject receiver;
        BackgroundWork work(&receiver);
        QSemaphore started;
        QSemaphore release;
        bool firstSawStop = false;
        QList<int> delivered;
        work.run(
            [&](const std::atomic_bool& stop) {
                started.release();
                release.acquire();
                firstSawStop = stop;
                return 1;
            },
            [&](int value) { delivered.append(value); });
        started.acquire();
        work.run([](const std::atomic_bool&) { return 2; },
                 [&](int value) { delivered.append(value); });
        release.release();
        QTRY_VERIFY(!work.isBusy());
        work.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(delivered, QList<int>{2});
        QVERIFY(firstSawStop);
    }

    void cancelDropsTheResult()
    {
        QObject receiver;
        BackgroundWork work(&receiver);
        QSemaphore release;
        bool delivered = false;
        work.run(
            [&](const std::atomic_bool&) {
                release.acquire();
                return 1;
            },
            [&](int) { delivered = true; });
        work.cancel();
        QVERIFY(!work.isBusy());
        release.release();
        work.waitForIdle();
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }

    void nothingArrivesAfterTheReceiverIsGone()
    {
        bool delivered = false;
        QSemaphore release;
        {
            auto* receiver = new QObject;
            auto* work = new BackgroundWork(receiver);
            work->run(
                [&](const std::atomic_bool&) {
                    release.acquire();
                    return 1;
                },
                [&](int) { delivered = true; });
            delete work;
            delete receiver;
        }
        release.release();
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }

    void inOrderRunsEveryJobInTurnOnOneThread()
    {
        QObject receiver;
        BackgroundWork work(&receiver, BackgroundWork::Order::InOrder);
        QList<int> ran;
        QList<int> delivered;
        QSet<QThread*> threads;
        std::atomic_int concurrent = 0;
        bool overlapped = false;
        for (int i = 0; i < 50; ++i) {
            work.run(
                [&, i](const std::atomic_bool&) {
                    if (++concurrent > 1)
                        overlapped = true;
                    ran.append(i); // safe: one job at a time
                    threads.insert(QThread::currentThread());
                    --concurrent;
                    return i;
                },
                [&](int value) { delivered.append(value); });
        }
        work.waitForIdle();
        QCOMPARE(ran.size(), 50); // waitForIdle() is a barrier for the work itself
        QTRY_COMPARE(delivered.size(), 50);
        QVERIFY(!overlapped);
        QCOMPARE(threads.size(), 1);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(ran.at(i), i);
            QCOMPARE(delivered.at(i), i);
        }
    }

    void inOrderFinishesWhatWasHandedOverWhenDestroyed()
    {
        QObject receiver;
        std::atomic_int ran = 0;
        {
            BackgroundWork work(&receiver, BackgroundWork::Order::InOrder);
            for (int i = 0; i < 20; ++i)
                work.post([&](const std::atomic_bool&) { ++ran; });
        }
        QCOMPARE(ran.load(), 20);
    }

    void poolThreadsGiveWayButTheUiThreadDoesNot()
    {
        const int before = niceOfThisThread();
        QObject receiver;
        BackgroundWork work(&receiver, BackgroundWork::Order::InOrder);
        int worker = 0;
        int child = 0;
        work.post([&](const std::atomic_bool&) {
            worker = niceOfThisThread();
            std::thread started([&] { child = niceOfThisThread(); });
            started.join();
        });
        work.waitForIdle();
        QCOMPARE(worker, BackgroundWork::backgroundNice(before));
        QCOMPARE(child, worker); // the parser's own threads inherit the job's priority
        QCOMPARE(niceOfThisThread(), before);
    }
};

QTEST_GUILESS_MAIN(TestBackgroundWork)
#include "tst_backgroundwork.moc"
