// headroom-cli report FILE -o OUT.pdf|OUT.html: the audit report (issue 7),
// computed and written by ui/report (the same generator as the desktop
// app's File -> Export report). Built only with HEADROOM_BUILD_GUI; the one
// command that starts Qt, and it does so headless.
#include "cli/cli.h"

#include "io/loader.h"
#include "report.h"

#include <fstream>
#include <sstream>
#include <QApplication>
#include <QFileInfo>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace headroom::cli {
namespace {

int runReport(const std::vector<std::string>& rawArgs) {
    std::vector<std::string> args;
    for (const auto& a : rawArgs) args.push_back(a == "-o" ? std::string("--output") : a);
    Options options(args, {"output", "target", "from", "title", "author", "seed", "budget", "threads", "confirm", "growth", "today", "max-wall", "target-rate", "measurements", "catalogue"}, {"no-scenarios"});
    if (options.positional().size() != 1) throw UsageError("report needs exactly one FILE");
    const auto output = options.value("output");
    if (!output || output->empty()) throw UsageError("report needs -o OUT.pdf or -o OUT.html");
    const QString suffix = QFileInfo(QString::fromStdString(*output)).suffix().toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html") && suffix != QLatin1String("htm")) {
        throw UsageError("the output must end in .pdf or .html: " + *output);
    }
    report::ReportOptions ro;
    ro.title = options.value("title").value_or("");
    ro.author = options.value("author").value_or("");
    ro.setSeed(static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1)));
    const int threads = static_cast<int>(options.integer("threads", 0).value_or(0));
    ro.plannerBudget.threads = threads;
    ro.confirmationBudget.threads = threads;
    ro.scenarios = !options.flag("no-scenarios");
    ro.measurementsFile = options.value("measurements").value_or("");  // issue 19: the Calibration section
    ro.confirm = options.choice("confirm", {"des", "none"}, "des") == "des" ? roadmap::Confirmation::Des
                                                                           : roadmap::Confirmation::None;
    if (auto b = options.number("budget")) {
        if (!(*b > 0)) throw UsageError("--budget must be positive");
        ro.budgetMonth = *b;
    }
    const std::string& file = options.positional().front();
    const double wall = maxWall(options, kPlanningMaxWall);
    ro.sourceFile = QFileInfo(QString::fromStdString(file)).fileName().toStdString();
    graph::Graph graph = loadGraph(file);  // InputError -> exit 2 before Qt starts
    ro.sourceText = (std::ostringstream() << std::ifstream(file, std::ios::binary).rdbuf()).str();  // its ranges (issue 20)
    spec::Architecture spec = graph.spec();
    if (applyCatalogueOption(options, spec)) {  // issue 21: the plan's technology catalogue
        spec::Architecture withCatalogue = graph.spec();
        withCatalogue.catalogue = spec.catalogue;
        graph = graph::build(withCatalogue);
    }
    applyGrowthOptions(options, spec);
    if (options.value("growth") || options.value("today")) ro.growth = spec.growth;
    if (spec.workload.arrivalRate) {
        throw spec::InputError(spec.workload.keys.at("arrival_rate", spec.workload.where),
                               "the report is written for a closed population of users and does not yet plan an "
                               "open workload ('arrival_rate'): use 'roadmap --target-rate' for its plan");
    }
    planRange(options, spec, ro.from, ro.target);

    // Headless unless a display is there; set before the application exists.
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM")) {
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    }
    static int argc = 1;
    static char name[] = "headroom-cli";
    static char* argv[] = {name, nullptr};
    const auto app = std::make_unique<QApplication>(argc, argv);

    StudyStatus status(wall);
    if (showProgress()) ro.progress = status.stepHook();
    ro.studyProgress = status.solveHook();
    ro.cancelled = status.cancelHook();
    ro.plannerBudget.maxWallSeconds = wall;
    ro.confirmationBudget.maxWallSeconds = wall;
    ro.plannerBudget.deadline = status.deadline();
    ro.confirmationBudget.deadline = status.deadline();
    report::ReportData data;
    try {
        data = report::compute(graph, ro);
    } catch (const roadmap::StudyCancelled&) {
        status.clear();
        std::cerr << status.budgetError(file) << '\n';
        return kBadInput;
    }
    status.clear();
    QString error;
    if (!report::write(data, QString::fromStdString(*output), &error)) {
        std::cerr << "headroom-cli report: error: cannot write " << *output << ": " << error.toStdString() << '\n';
        return kRuntimeFailure;
    }
    std::cerr << "wrote " << *output << " (" << data.roadmap.phases.size() << " phases, target "
              << (data.roadmap.targetMet ? "met" : "not met") << ")\n";
    return kOk;
}

const Registration registration{Command{
    "report", "the audit report for a client: PDF or self-contained HTML",
    "Usage: headroom-cli report FILE -o OUT.pdf|OUT.html [--target N] [--from N] [--title T]\n"
    "                           [--author A] [--seed S] [--budget B] [--threads N]\n"
    "                           [--growth RATE] [--today YYYY-MM-DD]\n"
    "                           [--confirm des|none] [--no-scenarios] [--max-wall SECONDS]\n"
    "                           [--measurements M.csv] [--catalogue FILE]\n"
    "\n"
    "Plans the roadmap to --target users (as 'roadmap' does), sweeps today's\n"
    "architecture and the plan's path for the charts, confirms the key loads by\n"
    "simulation, and writes a report a client can read without the tool: title\n"
    "page, executive summary, assumptions, the architecture diagram, breaking\n"
    "points, the roadmap with costs, charts, scenario checks (x10 spike, loss of an\n"
    "instance) and an appendix on method, seeds and confidence intervals. With a\n"
    "growth forecast (growth: in the file, or --growth) the phases are dated: a\n"
    "timeline chart and a one-page \"What to start this quarter\".\n"
    "Runs headless (no display needed).\n"
    "\n"
    "  -o, --output F  OUT.pdf (paginated A4) or OUT.html (one self-contained file)\n"
    "  --target N      users to reach (default 100000)\n"
    "  --from N        lowest load considered (default: today's load with a growth\n"
    "                  forecast, else 100)\n"
    "  --growth RATE   monthly compound growth (15%), replacing the file's growth\n"
    "  --today DATE    the date of today's load (default growth.today, else today)\n"
    "  --title T       report title (default \"Scalability audit: <name>\")\n"
    "  --author A      shown on the title page\n"
    "  --max-wall S    wall-clock budget in seconds (default 300; 0 = none): past it\n"
    "                  the report stops with a one-line error (exit 2)\n"
    "  --seed S        simulation seed (default 1); same seed, same figures\n"
    "  --budget B      monthly budget (overrides slo.budget_month)\n"
    "  --threads N     simulation threads (default: all cores)\n"
    "  --confirm       des (default: breaks placed by simulation, as 'roadmap') or none\n"
    "  --no-scenarios  skip the spike and instance-loss checks\n"
    "  --measurements M.csv  add a Calibration section: the file against the\n"
    "                  measurements (measured vs predicted, fitted demands, residuals)\n"
    "For Markdown to paste into tickets use 'headroom-cli roadmap FILE --format markdown'.\n"
    "Exit code 0 when written, 1 when the file cannot be written, 2 on bad input.\n",
    runReport}};

}  // namespace
}  // namespace headroom::cli
