// headroom: the desktop app. Thin: the window and everything in it live in
// ui/ (headroom_ui). Options: a file to open; --preset NAME; --users N;
// --dark; --raise DOCK (bring a dock to the front); --screenshot FILE (wait
// for the simulation, save a picture of the
// window, quit: used by scripts/screenshots.sh under Xvfb).
#include "analysis_controller.h"
#include "architecture_document.h"
#include "calibrate_dialog.h"
#include "dark_palette.h"
#include "export_report_action.h"
#include "main_window.h"
#include "preset_catalogue.h"
#include "scenario_dialog.h"
#include "solver_controller.h"
#include "study_dialog.h"
#include "teaching_action.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>
#include <map>

namespace {

// Pictures `dialog` into `path` once it reports `finished` (its run, study
// or fit ended), then quits: the screenshots of docs/images.
template <typename Dialog>
int pictureWhenDone(QApplication& app, Dialog* dialog, const QString& path) {
    QObject::connect(dialog, &Dialog::finished, dialog, [dialog, path] {
        QTimer::singleShot(600, dialog, [dialog, path] {
            const bool ok = dialog->grab().save(path);
            std::fprintf(stderr, "headroom: %s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
            QApplication::exit(ok ? 0 : 1);
        });
    });
    return app.exec();
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Headroom"));
    QApplication::setOrganizationName(QStringLiteral("Headroom"));
    QApplication::setApplicationVersion(QString::fromLatin1(headroom::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("What breaks when we grow, and what do we build next?"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("Architecture YAML file to open."));
    QCommandLineOption preset(QStringLiteral("preset"), QStringLiteral("Open the preset whose file name starts with NAME."), QStringLiteral("NAME"));
    QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Start the users slider at N."), QStringLiteral("N"));
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Wait for the simulation, save a picture of the window to FILE and quit."),
                                  QStringLiteral("FILE"));
    QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size WxH (screenshots)."), QStringLiteral("WxH"));
    QCommandLineOption teach(QStringLiteral("teach"), QStringLiteral("Open teaching mode (the scaling stages)."));
    QCommandLineOption raise(QStringLiteral("raise"),
                             QStringLiteral("Bring the dock NAME (its object name, e.g. roadmapDock) to the front (screenshots)."),
                             QStringLiteral("NAME"));
    QCommandLineOption scenario(QStringLiteral("scenario"),
                                QStringLiteral("Run a scenario in its window (Simulate menu): spike, cache_flush or "
                                               "retry_storm; with --screenshot, picture it when its run ends."),
                                QStringLiteral("KIND"));
    QCommandLineOption study(QStringLiteral("study"),
                             QStringLiteral("Run the uncertainty study window (Simulate menu); with --screenshot, "
                                            "picture it when the study ends."));
    QCommandLineOption calibrate(QStringLiteral("calibrate"),  // issue 19
                                 QStringLiteral("Open File > Calibrate from Measurements on the CSV FILE; with --screenshot, "
                                                "picture it when its fit ends."),
                                 QStringLiteral("FILE"));
    parser.addOptions({preset, users, dark, screenshot, size, teach, raise, scenario, study, calibrate});
    parser.process(app);

    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.isSet(dark)) QApplication::setPalette(headroom::ui::darkPalette());
    const bool capturing = parser.isSet(screenshot);
    headroom::ui::MainWindow window;  // registers the ui library's resources
    headroom::report::installExportReportAction(window);
    headroom::teaching::installTeachingAction(window);
    QFile style(QStringLiteral(":/style/headroom.qss"));
    if (style.open(QIODevice::ReadOnly)) app.setStyleSheet(QString::fromUtf8(style.readAll()));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/headroom.svg")));
    window.setInteractive(!capturing);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split('x');
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    bool opened = true;
    if (!parser.positionalArguments().isEmpty()) {
        opened = window.openFile(parser.positionalArguments().constFirst());
    } else if (parser.isSet(preset)) {
        opened = false;
        for (const auto& p : headroom::ui::presets()) {
            if (QFileInfo(p.path).fileName().startsWith(parser.value(preset))) {
                opened = window.openPreset(p.path);
                break;
            }
        }
        if (!opened) std::fprintf(stderr, "headroom: error: no preset matches '%s'\n", qPrintable(parser.value(preset)));
    } else if (!capturing) {
        window.offerRecovery();
    }
    if (parser.isSet(users)) window.setUsers(parser.value(users).toInt());
    if (parser.isSet(teach)) headroom::teaching::openTeachingWindow(window);
    if (parser.isSet(raise)) {
        if (auto* dock = window.findChild<QDockWidget*>(parser.value(raise))) dock->raise();
        else std::fprintf(stderr, "headroom: error: no dock named '%s'\n", qPrintable(parser.value(raise)));
    }

    if (parser.isSet(scenario) && opened) {
        const QString kind = parser.value(scenario);
        const std::map<QString, headroom::ui::ScenarioKind> kinds{{QStringLiteral("spike"), headroom::ui::ScenarioKind::Spike},
                                                                  {QStringLiteral("cache_flush"), headroom::ui::ScenarioKind::CacheFlush},
                                                                  {QStringLiteral("retry_storm"), headroom::ui::ScenarioKind::RetryStorm}};
        const auto found = kinds.find(kind);
        if (found == kinds.end()) {
            std::fprintf(stderr, "headroom: error: --scenario '%s': expected spike, cache_flush or retry_storm\n", qPrintable(kind));
            return 2;
        }
        auto* dialog = window.runScenario(found->second);
        if (capturing) return pictureWhenDone(app, dialog, parser.value(screenshot));
    }
    if (parser.isSet(study) && opened) {
        auto* dialog = headroom::ui::StudyDialog::openFor(&window, window.document()->yamlText(), window.document()->displayName());
        if (capturing) return pictureWhenDone(app, dialog, parser.value(screenshot));
    }
    if (parser.isSet(calibrate) && opened) {  // issue 19
        auto* dialog = new headroom::ui::CalibrateDialog(window.document(), &window);
        dialog->run(parser.value(calibrate));
        dialog->show();
        if (capturing) return pictureWhenDone(app, dialog, parser.value(screenshot));
    }

    if (capturing) {
        if (!opened) return 2;
        const QString path = parser.value(screenshot);
        auto* solver = window.solver();
        // Wait for the simulation at the slider's users (and the analysis),
        // then give the charts a moment to replot.
        auto* poll = new QTimer(&window);
        auto* deadline = new QTimer(&window);
        deadline->setSingleShot(true);
        auto shoot = [&window, path, poll] {
            poll->stop();
            QTimer::singleShot(600, &window, [&window, path] {
                const bool ok = window.saveScreenshot(path);
                std::fprintf(stderr, "headroom: %s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
                QApplication::exit(ok ? 0 : 1);
            });
        };
        QObject::connect(poll, &QTimer::timeout, &window, [solver, &window, shoot] {
            if (solver->simulated() && !solver->isSimulating() && !window.analysis()->isBusy()) shoot();
        });
        QObject::connect(deadline, &QTimer::timeout, &window, shoot);
        poll->start(200);
        deadline->start(120000);
    }
    return app.exec();
}
