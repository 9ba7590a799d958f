#include "ui/jobs/job_runner.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>

namespace casebook::ui {

namespace {

// Jobs get a pool of their own. Qt's raster paint engine hands pieces of painting to
// the global pool and waits for them; with a long query in each of its threads a paint
// waited seconds for one (measured with casebook-bench-gui-import).
QThreadPool* jobPool() {
    static QPointer<QThreadPool> pool;
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance());
        pool->setObjectName(QStringLiteral("casebookJobs"));
        pool->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    }
    return pool;
}

} // namespace

JobRunner::JobRunner(QThreadPool* pool, QObject* parent)
    : QObject(parent), pool_(pool ? pool : jobPool()) {}

JobRunner::~JobRunner() {
    for (auto& state : jobSlots_)
        state.stop.request_stop();
    // Engine calls check their stop token often, so this wait is short. Results posted
    // meanwhile are discarded together with this object's event queue.
    for (auto& future : futures_)
        future.waitForFinished();
}

quint64 JobRunner::start(JobSlot slot, std::stop_token& token) {
    SlotState& state = jobSlots_[slot];
    state.stop.request_stop(); // the superseded job need not finish its work
    state.stop = std::stop_source();
    state.running = true;
    token = state.stop.get_token();
    if (pending_++ == 0)
        emit busyChanged(true);
    return ++state.generation;
}

bool JobRunner::isCurrent(JobSlot slot, quint64 generation) const {
    const auto it = jobSlots_.constFind(slot);
    return it != jobSlots_.constEnd() && it->generation == generation;
}

void JobRunner::markDelivered(JobSlot slot, quint64 generation) {
    const auto it = jobSlots_.find(slot);
    if (it != jobSlots_.end() && it->generation == generation)
        it->running = false;
}

void JobRunner::release() {
    if (--pending_ == 0)
        emit busyChanged(false);
}

void JobRunner::requestStop(JobSlot slot) {
    const auto it = jobSlots_.find(slot);
    if (it != jobSlots_.end())
        it->stop.request_stop();
}

void JobRunner::cancel(JobSlot slot) {
    const auto it = jobSlots_.find(slot);
    if (it == jobSlots_.end())
        return;
    it->stop.request_stop();
    ++it->generation;
    it->running = false;
}

bool JobRunner::isRunning(JobSlot slot) const {
    const auto it = jobSlots_.constFind(slot);
    return it != jobSlots_.constEnd() && it->running;
}

void JobRunner::track(QFuture<void> future) {
    futures_.removeIf([](const QFuture<void>& f) { return f.isFinished(); });
    futures_.append(std::move(future));
}

} // namespace casebook::ui
