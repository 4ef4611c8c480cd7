#include "analysis_controller.h"

#include "analytic/solver.h"
#include "roadmap/planner.h"
#include "roadmap/sweep.h"

#include "worker_priority.h"

#include <QtConcurrent>

namespace headroom::ui {

namespace {
struct Cancelled {};
}  // namespace

struct AnalysisController::Job {
    int generation = 0;
    std::atomic<bool> cancel{false};
    QFutureWatcher<void> watcher;
};

AnalysisController::AnalysisController(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(2);  // the live job and a cancelled one returning
    debounce_.setSingleShot(true);
    debounce_.setInterval(250);
    connect(&debounce_, &QTimer::timeout, this, &AnalysisController::start);
}

AnalysisController::~AnalysisController() {
    debounce_.stop();
    if (job_) finishing_.push_back(job_);
    for (auto& job : finishing_) {
        job->cancel = true;
        job->watcher.disconnect();
        job->watcher.waitForFinished();
    }
}

void AnalysisController::setArchitecture(const spec::Architecture& architecture) {
    architecture_ = architecture;
    ++generation_;
    if (job_) {
        job_->cancel = true;
        finishing_.push_back(job_);
        job_.reset();
    }
    debounce_.start();
}

void AnalysisController::start() {
    if (!architecture_ || job_) return;
    auto job = std::make_shared<Job>();
    job->generation = generation_;
    Job* raw = job.get();
    AnalysisController* owner = this;  // outlives the worker: the destructor waits
    const spec::Architecture architecture = *architecture_;
    const int points = sweepPoints_;
    const bool planning = planning_;
    const int generation = generation_;
    connect(&job->watcher, &QFutureWatcher<void>::finished, this, [this, raw] {
        auto it = std::find_if(finishing_.begin(), finishing_.end(), [raw](const auto& j) { return j.get() == raw; });
        if (it != finishing_.end()) {
            finishing_.erase(it);
        } else if (job_ && job_.get() == raw) {
            job_.reset();
            emit finished();
        }
        if (!job_ && architecture_ && generation_ != raw->generation) debounce_.start();
    });
    job_ = job;
    emit started();
    // Each stage posts its value back to the UI thread; the posted call checks
    // the generation again because a newer edit may have arrived meanwhile.
    auto deliver = [owner, generation](auto apply) {
        QMetaObject::invokeMethod(
            owner,
            [owner, generation, apply] {
                if (owner->generation_ == generation) apply(owner);
            },
            Qt::QueuedConnection);
    };
    job->watcher.setFuture(QtConcurrent::run(&pool_, [architecture, points, planning, raw, deliver] {
        lowerWorkerPriority();
        const roadmap::Solver screen = [raw](const graph::Graph& g, double users) {
            if (raw->cancel) throw Cancelled{};
            return analytic::solve(g, users);
        };
        try {
            SweepData sweep;
            sweep.sloP95 = architecture.slo.p95;
            sweep.sloP99 = architecture.slo.p99;
            sweep.sloUtilization = architecture.slo.utilization;
            sweep.sloErrorRate = architecture.slo.errorRate;
            for (const auto& p : roadmap::sweep(architecture, roadmap::logGrid(100, 100000, points), screen)) {
                sweep.users.push_back(p.results.users.value_or(p.users));  // the load actually solved (whole users)
                sweep.results.push_back(p.results);
            }
            deliver([sweep](AnalysisController* c) {
                c->sweep_ = sweep;
                emit c->sweepReady(c->sweep_);
            });
            roadmap::SearchOptions search;
            auto crossings = roadmap::crossings(architecture, search, screen);
            deliver([crossings](AnalysisController* c) {
                c->breaking_ = crossings;
                emit c->breakingPointsReady(c->breaking_);
            });
            if (!planning) return;
            roadmap::PlannerOptions options;
            options.search = search;
            options.scenarios = false;
            roadmap::Solvers solvers;
            solvers.screen = screen;
            roadmap::Roadmap plan = roadmap::plan(architecture, options, solvers);
            deliver([plan](AnalysisController* c) {
                c->plan_ = plan;
                emit c->planReady(*c->plan_);
            });
        } catch (const Cancelled&) {
            // superseded by a newer architecture
        } catch (const std::exception& e) {
            const QString error = QString::fromStdString(e.what());
            deliver([error](AnalysisController* c) { emit c->failed(error); });
        }
    }));
}

}  // namespace headroom::ui
