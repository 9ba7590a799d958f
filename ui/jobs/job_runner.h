#pragma once
// The one way ui/ runs engine work off the GUI thread (after Hotspot's JobTracker).
//
// Every job runs in a *slot*. Starting a job in a slot supersedes the one before it: the
// old job is asked to stop and its result is dropped, so a pane that reloads quickly
// never shows an older answer after a newer one. Results and progress reach the GUI
// thread queued, and only while the job is still current and its receiver alive (a
// QPointer guard). Jobs get a std::stop_token that the engine's long calls understand.
//
// Jobs must not touch GUI objects or the GUI's SQLite connection: a job that reads the
// workspace opens its own Workspace.

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

namespace casebook::ui {

// What a job sees on its worker thread.
class JobControl {
public:
    const std::stop_token& stopToken() const { return stop_; }
    bool stopRequested() const { return stop_.stop_requested(); }
    // Runs `update` on the GUI thread later, if the job is still current by then.
    // Meant for throttled progress, not for every record.
    void post(std::function<void()> update) const { post_(std::move(update)); }

private:
    friend class JobRunner;
    std::stop_token stop_;
    std::function<void(std::function<void()>)> post_;
};

// A job's answer: its value, or the message of the exception that ended it.
template <typename R> struct JobResult {
    std::optional<R> value;
    QString error;
    bool ok() const { return value.has_value(); }
};

using JobSlot = int;

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Jobs run on `pool` (when null, a pool of Casebook's own, never Qt's global one);
    // tests pass their own to control when a job may start.
    explicit JobRunner(QThreadPool* pool = nullptr, QObject* parent = nullptr);
    // Asks every job to stop and waits for them, so no job outlives the runner.
    ~JobRunner() override;

    // A fresh slot; each model or controller takes its own.
    JobSlot newSlot() { return ++lastSlot_; }

    // Runs `job(const JobControl&) -> R` on a worker thread and then `done(JobResult<R>)`
    // on the GUI thread, unless a newer job started in `slot`, the slot was cancelled, or
    // `receiver` was destroyed meanwhile. Returns the job's generation in its slot.
    template <typename Job, typename Done>
    quint64 run(JobSlot slot, QObject* receiver, Job job, Done done);

    // Asks the slot's job to stop; its result (e.g. "cancelled") is still delivered.
    void requestStop(JobSlot slot);
    // Asks the slot's job to stop and drops its result.
    void cancel(JobSlot slot);
    // A current (not superseded, not cancelled) job of the slot has not delivered yet.
    bool isRunning(JobSlot slot) const;
    // Jobs still running, including superseded ones.
    int pendingJobs() const { return pending_; }
    bool isIdle() const { return pending_ == 0; }
    // The pool jobs run on: a job that reads in parallel starts its helpers here too.
    QThreadPool* pool() const { return pool_; }

signals:
    // True when the first job starts, false when the last one has been delivered.
    void busyChanged(bool busy);

private:
    struct SlotState {
        quint64 generation = 0;
        std::stop_source stop;
        bool running = false;
    };

    quint64 start(JobSlot slot, std::stop_token& token);
    bool isCurrent(JobSlot slot, quint64 generation) const;
    // Before delivery: the slot is free again, so `done` may start the next job.
    void markDelivered(JobSlot slot, quint64 generation);
    // After delivery: one job fewer in flight.
    void release();
    void track(QFuture<void> future);

    QThreadPool* pool_;
    QHash<JobSlot, SlotState> jobSlots_;
    QList<QFuture<void>> futures_;
    JobSlot lastSlot_ = 0;
    int pending_ = 0;
};

template <typename Job, typename Done>
quint64 JobRunner::run(JobSlot slot, QObject* receiver, Job job, Done done) {
    using R = std::invoke_result_t<Job&, const JobControl&>;
    static_assert(!std::is_void_v<R>, "a job returns its result");

    JobControl control;
    const quint64 generation = start(slot, control.stop_);
    const QPointer<QObject> target(receiver);
    // Posting to `this` is safe from a worker: the runner outlives its jobs (see the
    // destructor), and a functor still queued when it dies is discarded with it.
    control.post_ = [this, target, slot, generation](std::function<void()> update) {
        QMetaObject::invokeMethod(
            this,
            [this, target, slot, generation, update = std::move(update)] {
                if (target && isCurrent(slot, generation))
                    update();
            },
            Qt::QueuedConnection);
    };

    auto task = [this, target, slot, generation, control, job = std::move(job),
                 done = std::move(done)]() mutable {
        JobResult<R> result;
        try {
            result.value.emplace(job(std::as_const(control)));
        } catch (const std::exception& e) {
            result.error = QString::fromUtf8(e.what());
        } catch (...) {
            result.error = QStringLiteral("unexpected error");
        }
        QMetaObject::invokeMethod(
            this,
            [this, target, slot, generation, done = std::move(done),
             result = std::move(result)]() mutable {
                const bool deliver = target && isCurrent(slot, generation);
                markDelivered(slot, generation);
                if (deliver)
                    done(std::move(result));
                release();
            },
            Qt::QueuedConnection);
    };
    track(QtConcurrent::run(pool_, std::move(task)));
    return generation;
}

} // namespace casebook::ui
