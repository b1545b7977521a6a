#pragma once

#include <QList>
#include <QMetaObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

class QThreadPool;

// The one way relreview runs work off the UI thread (parsing, sorting, filter passes, hashing,
// journal bookkeeping). A job runs on a pool thread at background priority, and its result is
// delivered on the receiver's thread, unless it was superseded or cancelled meanwhile, in which
// case it is dropped (and the job's stop flag told it so, to end early). The parser's own
// scanning pipeline is the one exception: it runs inside a job and its threads inherit the job's
// priority (see RelationshipParser).
//
// Priority: work a user is not watching the UI thread for gives way to it. On two cores, a
// loader's two threads and a sort would otherwise take turns with the UI thread, and every turn
// lost is a frame late. A pool thread's nice value goes up by BackgroundNiceIncrement, once (a
// thread cannot take it back without privileges, and these pool threads only run such work);
// threads it starts inherit it. +5 weighs a worker at a third of the UI thread, so that the UI
// thread runs its bursts through; more would also starve the load the user waits for whenever
// other programs keep the cores busy. This policy lives here and nowhere else.
//
//   LatestWins: a new run() supersedes the jobs before it (a sort, a filter pass, the evidence of
//               the row shown); they run on the shared pool.
//   InOrder:    every job runs, one at a time and in the order handed over, on a thread of the
//               lane's own that lives as long as it (journal bookkeeping, which keeps a database
//               connection per thread); results are delivered in the same order.
class BackgroundWork
{
public:
    enum class Order { LatestWins, InOrder };
    static constexpr int BackgroundNiceIncrement = 5;

    // Results are delivered on `receiver`'s thread, never after it is destroyed.
    explicit BackgroundWork(QObject* receiver, Order order = Order::LatestWins);
    // LatestWins: cancels (work still running finishes on its own, its result dropped). InOrder:
    // runs everything handed over first, then lets its thread go.
    ~BackgroundWork();
    BackgroundWork(const BackgroundWork&) = delete;
    BackgroundWork& operator=(const BackgroundWork&) = delete;

    // Runs work(stop) off this thread, then deliver(result) on the receiver's thread if the job is
    // still current. `stop` turns true once the result is no longer wanted. Work returning void is
    // delivered with deliver().
    template<typename Work, typename Deliver>
    void run(Work work, Deliver deliver);
    // Work with no result to deliver (InOrder bookkeeping).
    template<typename Work>
    void post(Work work)
    {
        run(std::move(work), [] {});
    }

    // Drops the results of every job handed over so far and tells them to stop.
    void cancel();
    // A result is still to come (handed over, neither delivered nor dropped).
    bool isBusy() const;
    int jobsStarted() const { return m_started; }
    // Blocks until every job handed over so far has run (not necessarily been delivered). A
    // barrier for InOrder lanes (reading what the bookkeeping wrote) and for shutting down.
    void waitForIdle();

    // For tests: the nice value the policy gives a thread that starts at `before`.
    static int backgroundNice(int before);

private:
    struct Job
    {
        std::atomic_bool stop = false;
    };
    struct Shared; // what pool tasks share with the lane; outlives it while they run

    std::shared_ptr<Job> begin();
    void start(std::function<void()> task);
    // Posts `deliver` to the receiver's thread; it runs there if `job` is still outstanding.
    static void finish(const std::shared_ptr<Shared>& shared, const std::shared_ptr<Job>& job,
                       std::function<void()> deliver);
    static void lowerThisThreadOnce();

    Order m_order;
    std::shared_ptr<Shared> m_shared;
    int m_started = 0;
    std::unique_ptr<QThreadPool> m_ownThread; // InOrder only
};

template<typename Work, typename Deliver>
void BackgroundWork::run(Work work, Deliver deliver)
{
    std::shared_ptr<Job> job = begin();
    std::shared_ptr<Shared> shared = m_shared;
    start([shared, job, work = std::move(work), deliver = std::move(deliver)]() mutable {
        lowerThisThreadOnce();
        const std::atomic_bool& stop = job->stop;
        using Result = std::invoke_result_t<Work&, const std::atomic_bool&>;
        if constexpr (std::is_void_v<Result>) {
            if (!stop)
                work(stop);
            finish(shared, job, [deliver = std::move(deliver)]() mutable { deliver(); });
        } else {
            if (stop) {
                finish(shared, job, {});
                return;
            }
            auto result = std::make_shared<Result>(work(stop));
            finish(shared, job, [deliver = std::move(deliver), result]() mutable {
                deliver(std::move(*result));
            });
        }
    });
}
