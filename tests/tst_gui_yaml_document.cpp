// Comment- and order-preserving save (model/io/yaml_document): what the
// desktop app writes when the user presses Save. Every test loads a text,
// edits the spec the way the editor does, saves, and checks both the exact
// text (comments and untouched lines byte for byte) and that the saved text
// loads back to the edited architecture.
#include "io/loader.h"
#include "io/yaml_document.h"

#include <QtTest>

using namespace headroom;

namespace {

const char* const kSample = R"(# Stage 3: LB + app servers, cache, one database.
name: LB + 3 app servers   # shown in the title bar
workload:
  users: 5000                 # closed population
  think_time: 10s
  mix:
    - {class: page, share: 0.8}
    - {class: write, share: 20%, write: true}
slo:
  p95: 300ms
  utilization: 80%
hosts:
  - {id: vm1, cores: 4, instances: 3, cost_month: 80}
components:
  # the front door
  - id: lb
    kind: load_balancer
    cores: 1
    demand: 250us
    calls: [{to: app}]
  - id: app
    kind: service
    host: vm1
    threads: 200              # per instance
    demand: {page: 12ms, write: 20ms}
    calls:
      - {to: cache}
      - {to: db, classes: [write], visits: 1}
  - id: cache
    kind: cache
    demand: 300us
    hit_ratio: 90%
    on_miss: db
  # the one database everybody shares
  - id: db
    kind: database
    cores: 8
    connections: 100
    demand: {page: 4ms, write: 9ms}
    cost_month: 200
)";

spec::Component& component(spec::Architecture& a, const std::string& id) {
    for (auto& c : a.components) {
        if (c.id == id) return c;
    }
    throw std::runtime_error("no component " + id);
}

// Lines of `text` that are not in `other` (a multiset difference, in order).
QStringList linesNotIn(const std::string& text, const std::string& other) {
    QStringList mine = QString::fromStdString(text).split('\n');
    QStringList theirs = QString::fromStdString(other).split('\n');
    QStringList out;
    for (const auto& line : mine) {
        const auto i = theirs.indexOf(line);
        if (i >= 0) theirs.removeAt(i);
        else out << line;
    }
    return out;
}

}  // namespace

class TestYamlDocument : public QObject {
    Q_OBJECT

private:
    spec::Architecture loaded_;
    io::YamlDocument doc_;

    // Saves `edited`, checks it loads back to the same architecture, returns the text.
    std::string saveAndCheck(const spec::Architecture& edited) {
        const std::string saved = doc_.save(edited);
        const auto reloaded = io::loadString(saved, "saved.yaml");
        if (!(io::toYamlValue(reloaded) == io::toYamlValue(edited))) {
            qWarning().noquote() << QString::fromStdString(saved);
            return {};
        }
        return saved;
    }

private slots:
    void init() {
        loaded_ = io::loadString(kSample, "sample.yaml");
        doc_ = io::YamlDocument(kSample, loaded_);
    }

    void unchangedSaveIsByteIdentical() { QCOMPARE(doc_.save(loaded_), std::string(kSample)); }

    void changedScalarTouchesOnlyItsValue() {
        auto edited = loaded_;
        component(edited, "app").threads = 300;
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        // Exactly one line differs, and its trailing comment survives.
        QCOMPARE(linesNotIn(saved, kSample), QStringList{"    threads: 300              # per instance"});
        QCOMPARE(linesNotIn(kSample, saved).size(), 1);
    }

    void valuesKeepTheirWrittenForm() {
        // Changing one key must not rewrite "20%" or "0.8" elsewhere.
        auto edited = loaded_;
        edited.slo.p95 = 0.25;
        const std::string saved = saveAndCheck(edited);
        QVERIFY(saved.find("  p95: 250ms") != std::string::npos);
        QVERIFY(saved.find("{class: page, share: 0.8}") != std::string::npos);
        QVERIFY(saved.find("# the one database everybody shares") != std::string::npos);
    }

    void addedKeyIsIndentedLikeItsSiblings() {
        auto edited = loaded_;
        component(edited, "app").timeout = 2.0;
        component(edited, "db").replicas = 2;
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        QCOMPARE(linesNotIn(saved, kSample), (QStringList{"    timeout: 2s", "    replicas: 2"}));
        QVERIFY(linesNotIn(kSample, saved).isEmpty());
        // The new app key lands after app's last key (its calls list), before cache.
        QVERIFY(saved.find("      - {to: db, classes: [write], visits: 1}\n    timeout: 2s\n  - id: cache") !=
                std::string::npos);
    }

    void flowMappingEdits() {
        auto edited = loaded_;
        edited.hosts[0].cores = 8;
        edited.hosts[0].costMonth = 0;  // written before: stays written
        edited.workload.mix[1].write = false;
        const std::string saved = saveAndCheck(edited);
        QVERIFY(saved.find("  - {id: vm1, cores: 8, instances: 3, cost_month: 0}") != std::string::npos);
        QVERIFY(saved.find("    - {class: write, share: 20%, write: false}") != std::string::npos);
    }

    void removedOptionalKeyLosesItsLine() {
        auto edited = loaded_;
        component(edited, "app").threads.reset();  // unlimited: the key goes
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        QCOMPARE(linesNotIn(kSample, saved), QStringList{"    threads: 200              # per instance"});
        QVERIFY(linesNotIn(saved, kSample).isEmpty());
    }

    void removedComponentLosesItsLines() {
        auto edited = loaded_;
        edited.components.erase(edited.components.begin() + 2);  // cache
        component(edited, "app").calls.erase(component(edited, "app").calls.begin());
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        QCOMPARE(linesNotIn(kSample, saved),
                 (QStringList{"      - {to: cache}", "  - id: cache", "    kind: cache", "    demand: 300us",
                              "    hit_ratio: 90%", "    on_miss: db"}));
        QVERIFY(saved.find("# the one database everybody shares\n  - id: db") != std::string::npos);
    }

    void addedComponentIsAppendedInBlockStyle() {
        auto edited = loaded_;
        spec::Component queue;
        queue.id = "jobs";
        queue.kind = spec::ComponentKind::Queue;
        queue.demand.fallback = 0.001;
        edited.components.push_back(queue);
        component(edited, "app").calls.push_back(spec::Call{"jobs", {"write"}, 1.0, {}, {}});
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        QVERIFY(saved.find("    cost_month: 200\n  - id: jobs\n    kind: queue\n    demand: 1ms\n") != std::string::npos);
        QVERIFY(saved.find("      - {to: db, classes: [write], visits: 1}\n      - {to: jobs, classes: [write]}\n") !=
                std::string::npos);
        QVERIFY(linesNotIn(kSample, saved).isEmpty());
    }

    void renamedComponentStaysInPlace() {
        auto edited = loaded_;
        component(edited, "db").id = "primary";
        for (auto& c : edited.components) {
            for (auto& call : c.calls) {
                if (call.to == "db") call.to = "primary";
            }
            if (c.onMiss == std::optional<std::string>("db")) c.onMiss = "primary";
        }
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        QCOMPARE(linesNotIn(saved, kSample),
                 (QStringList{"      - {to: primary, classes: [write], visits: 1}", "    on_miss: primary",
                              "  - id: primary"}));
    }

    void scalarBecomesPerClassMap() {
        auto edited = loaded_;
        auto& cache = component(edited, "cache");
        cache.demand.fallback.reset();
        cache.demand.byClass = {{"page", 0.0003}, {"write", 0.0005}};
        const std::string saved = saveAndCheck(edited);
        QVERIFY(saved.find("    demand: {page: 300us, write: 500us}\n    hit_ratio: 90%") != std::string::npos);
    }

    void sectionAddedWhenAbsent() {
        const std::string text = "# tiny\nworkload: {arrival_rate: 80/s}\ncomponents:\n  - {id: server, demand: 10ms}\n";
        const auto loaded = io::loadString(text, "tiny.yaml");
        io::YamlDocument doc(text, loaded);
        auto edited = loaded;
        edited.slo.p95 = 0.05;
        edited.components[0].cores = 2;
        const std::string saved = doc.save(edited);
        QCOMPARE(saved, std::string("# tiny\nworkload: {arrival_rate: 80/s}\ncomponents:\n"
                                    "  - {id: server, demand: 10ms, cores: 2}\nslo:\n  p95: 50ms\n"));
    }

    void fullEmitterRoundTrips() {
        // A new document (no text yet) is emitted in full and reads back equal.
        io::YamlDocument fresh;
        QVERIFY(fresh.isNew());
        const std::string text = fresh.save(loaded_);
        const auto reloaded = io::loadString(text, "emitted.yaml");
        QVERIFY(io::toYamlValue(reloaded) == io::toYamlValue(loaded_));
        QVERIFY(text.find("components:\n  - id: lb\n    kind: load_balancer\n") != std::string::npos);
    }

    void awkwardStringsAreQuoted() {
        auto edited = loaded_;
        edited.name = "Stage #3: {LB}, \"quoted\"";
        edited.description = "two\nlines";
        const std::string saved = saveAndCheck(edited);
        QVERIFY(!saved.empty());
        const auto back = io::loadString(saved, "saved.yaml");
        QCOMPARE(back.name, edited.name);
        QCOMPARE(back.description, edited.description);
    }

    // `layout:` (issue 18): card positions added, then one moved, keep every
    // other byte; the "@users" key is quoted; the text reads back to the same
    // positions (to a tenth of a unit) and the analysis-relevant parts unchanged.
    void layoutIsAddedThenPatched() {
        spec::Architecture placed = loaded_;
        placed.layout["@users"] = {0, 40};
        placed.layout["web"] = {254.04, 0};
        placed.layout["db"] = {508, 80.25};
        const std::string first = doc_.save(placed);
        QVERIFY2(first.rfind(std::string(kSample), 0) == 0, first.c_str());  // the file's text kept, layout appended
        QVERIFY2(first.find("\nlayout:\n") != std::string::npos, first.c_str());
        QVERIFY2(first.find("\"@users\": [0, 40]") != std::string::npos, first.c_str());
        QVERIFY2(first.find("web: [254, 0]") != std::string::npos, first.c_str());
        QVERIFY2(first.find("db: [508, 80.3]") != std::string::npos || first.find("db: [508, 80.2]") != std::string::npos, first.c_str());
        const spec::Architecture back = io::loadString(first, "placed.yaml");
        QCOMPARE(back.layout.size(), size_t(3));
        QCOMPARE(back.layout.at("web").x, 254.0);
        QCOMPARE(back.components.size(), loaded_.components.size());
        // Reopened, one card moved: only its line changes.
        io::YamlDocument reopened(first, back);
        spec::Architecture moved = back;
        moved.layout["web"] = {300, 10};
        const std::string second = reopened.save(moved);
        std::string expected = first;
        expected.replace(expected.find("web: [254, 0]"), std::string("web: [254, 0]").size(), "web: [300, 10]");
        QCOMPARE(second, expected);
        // A bad layout entry is refused with its place.
        try {
            (void)io::loadString(std::string(kSample) + "layout: {web: [1, two]}\n", "bad.yaml");
            QFAIL("a non-number coordinate loaded");
        } catch (const spec::InputError& e) {
            QVERIFY2(std::string(e.what()).find("bad.yaml:") == 0, e.what());
            QVERIFY2(std::string(e.what()).find("layout.web must be [x, y]") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestYamlDocument)
#include "tst_gui_yaml_document.moc"
