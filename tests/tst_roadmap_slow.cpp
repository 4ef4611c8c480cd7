// The full acceptance run: the 01 monolith's roadmap with every phase's
// breaking point placed by the simulation (it holds at last_good_users and
// fails at users, within 2%) and the final architecture verified by the
// simulation at 100,000 users. ~30 s in Release; labelled 'slow'.
#include "io/loader.h"
#include "roadmap/planner.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/solvers.h"

#include <QtTest>

using namespace headroom;
using namespace headroom::roadmap;

class TestRoadmapSlow : public QObject {
    Q_OBJECT
private slots:
    void monolithRoadmapConfirmedBySimulation() {
        const auto a = io::loadFile(std::string(HEADROOM_SOURCE_DIR) + "/architectures/01-monolith.yaml");
        DesBudget budget;
        budget.seed = 11;
        PlannerOptions options;
        options.scenarios = false;
        const auto r = plan(a, options, Solvers{analyticSolver(), desSolver(budget)});
        QVERIFY2(r.targetMet, r.reason.c_str());
        QVERIFY(r.finalVerified);
        QVERIFY(r.phases.size() >= 3);
        for (const auto& p : r.phases) {
            QVERIFY2(p.breaks.confirmed, p.breaks.check.why.c_str());
            QCOMPARE(QString::fromStdString(p.breaks.method), QString("des"));
            // Simulation bisection: fails at `users`, holds at `lastGoodUsers`, 2% apart.
            QVERIFY(p.breaks.lastGoodUsers > 0);
            QVERIFY(p.breaks.users / p.breaks.lastGoodUsers <= 1.02 + 1e-9);
        }
    }
};

QTEST_GUILESS_MAIN(TestRoadmapSlow)
#include "tst_roadmap_slow.moc"
