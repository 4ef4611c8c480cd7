#include "analysis_controller.h"

#include "roadmap/study.h"

#include "worker_priority.h"

#include <QtConcurrent>

namespace headroom::ui {

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
    const bool confirming = confirming_;
    const roadmap::StudyOptions options = options_;
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
    job->watcher.setFuture(QtConcurrent::run(&pool_, [architecture, options, points, planning, confirming, raw, deliver] {
        lowerWorkerPriority();
        try {
            // First the instant answer (analytic), then the same study with every
            // break placed by simulation: the panels show the study's answer, and
            // the CLI and the report show the same one.
            roadmap::StudyOptions instant = options;
            instant.confirm = roadmap::Confirmation::None;
            instant.planner.scenarios = false;
            instant.chartPoints = points;
            instant.cancelled = [raw] { return raw->cancel.load(); };
            roadmap::Study study(architecture, instant);
            SweepData sweep;
            sweep.sloP95 = architecture.slo.p95;
            sweep.sloP99 = architecture.slo.p99;
            sweep.sloUtilization = architecture.slo.utilization;
            sweep.sloErrorRate = architecture.slo.errorRate;
            for (const auto& p : study.sweep()) {
                sweep.users.push_back(p.results.users.value_or(p.users));  // the load actually solved (whole users)
                sweep.results.push_back(p.results);
            }
            deliver([sweep](AnalysisController* c) {
                c->sweep_ = sweep;
                emit c->sweepReady(c->sweep_);
            });
            auto deliverStudy = [&](roadmap::Study& s) {
                auto crossings = s.crossings();
                deliver([crossings](AnalysisController* c) {
                    c->breaking_ = crossings;
                    emit c->breakingPointsReady(c->breaking_);
                });
                if (!planning) return;
                roadmap::Roadmap plan = s.plan();
                deliver([plan](AnalysisController* c) {
                    c->plan_ = plan;
                    emit c->planReady(*c->plan_);
                });
            };
            deliverStudy(study);
            if (!confirming) return;
            roadmap::StudyOptions confirmed = instant;
            confirmed.confirm = roadmap::Confirmation::Des;
            roadmap::Study byDes(architecture, confirmed);
            deliverStudy(byDes);
        } catch (const roadmap::StudyCancelled&) {
            // superseded by a newer architecture
        } catch (const std::exception& e) {
            const QString error = QString::fromStdString(e.what());
            deliver([error](AnalysisController* c) { emit c->failed(error); });
        }
    }));
}

}  // namespace headroom::ui
