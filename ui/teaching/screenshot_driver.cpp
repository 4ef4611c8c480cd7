// Takes the teaching-mode screenshots of docs/images (run under xvfb-run):
//   teaching_screenshots OUTDIR
// Two stages at the load where they break, the request-flow animation and
// the presenter view, each grabbed from the real window with QWidget::grab.
#include "request_flow_animator.h"
#include "teaching_window.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

using headroom::teaching::TeachingWindow;

namespace {

void pump(int milliseconds) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < milliseconds) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget* w, const QString& path) {
    const bool ok = w->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QDir out(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("."));
    TeachingWindow w;
    if (!w.loadError().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(w.loadError()));
        return 1;
    }
    w.resize(1500, 900);
    w.show();
    QElapsedTimer t;
    t.start();
    while (!w.analysisReady(w.stageCount() - 1) && t.elapsed() < 60000) pump(50);
    bool ok = true;

    // Stage 1 at its breaking load: the shared VM outlined in red.
    w.setStage(0);
    w.setUsers(w.analysis(0).breakingUsers);
    pump(600);
    ok &= save(&w, out.filePath(QStringLiteral("teaching-stage-01.png")));

    // Stage 3 (load balancer) with the comparison against stage 2.
    w.setStage(2);
    w.setUsers(w.analysis(2).comfortableUsers * 1.6);
    w.showComparison(true);
    pump(600);
    ok &= save(&w, out.filePath(QStringLiteral("teaching-stage-03.png")));
    w.showComparison(false);

    // The request flow near the break of stage 3.
    w.setUsers(w.analysis(2).breakingUsers * 0.97);
    w.startFlow();
    pump(5000);
    ok &= save(&w, out.filePath(QStringLiteral("teaching-flow.png")));
    w.stopFlow();

    // Presenter view of stage 4 with requests.
    w.setStage(3);
    w.setPresenterMode(true);
    w.resize(1500, 900);
    w.startFlow();
    pump(4000);
    ok &= save(&w, out.filePath(QStringLiteral("teaching-presenter.png")));
    w.stopFlow();
    return ok ? 0 : 1;
}
