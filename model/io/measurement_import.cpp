#include "io/measurement_import.h"

#include "io/json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

namespace headroom::io {
namespace {

using spec::InputError;
using spec::SourceLocation;

[[noreturn]] void fail(const std::string& file, int line, const std::string& message) {
    throw InputError(SourceLocation{file, line, line > 0 ? 1 : 0}, message);
}

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    // Nearest rank (the definition JMeter's aggregate report uses).
    const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

Json parseJson(const std::string& text, const std::string& file) {
    try {
        return Json::parse(text);
    } catch (const std::exception& e) {
        fail(file, 0, std::string("not valid JSON: ") + e.what());
    }
}

std::optional<double> number(const Json& object, const char* key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

std::vector<MeasurementRow> fromK6(const std::string& text, const std::string& file, const ImportOptions& o) {
    const Json j = parseJson(text, file);
    if (!j.is_object() || !j.contains("metrics") || !j["metrics"].is_object()) {
        fail(file, 0, "not a k6 summary export: no \"metrics\" object (write it with k6 run --summary-export=FILE)");
    }
    const Json& m = j["metrics"];
    std::vector<MeasurementRow> rows;
    const Json reqs = m.value("http_reqs", Json::object());
    const auto rate = number(reqs, "rate");
    if (!rate) fail(file, 0, "k6 summary without metrics.http_reqs.rate: no throughput to import");
    std::optional<double> users = number(m.value("vus_max", Json::object()), "max");
    if (!users) users = number(m.value("vus_max", Json::object()), "value");
    if (!users) users = number(m.value("vus", Json::object()), "max");
    if (!users) users = number(m.value("vus", Json::object()), "value");
    if (!users) fail(file, 0, "k6 summary without metrics.vus or metrics.vus_max: no users to import");
    rows.push_back({o.level, "users", "system", "", *users});
    if (o.thinkTime) rows.push_back({o.level, "think_time", "system", "", *o.thinkTime});
    rows.push_back({o.level, "throughput", "system", "", *rate});
    const Json d = m.value("http_req_duration", Json::object());
    if (auto avg = number(d, "avg")) rows.push_back({o.level, "response_time_mean", "system", "", *avg / 1000.0});
    if (auto med = number(d, "med")) rows.push_back({o.level, "p50", "system", "", *med / 1000.0});
    if (auto p95 = number(d, "p(95)")) rows.push_back({o.level, "p95", "system", "", *p95 / 1000.0});
    if (auto p99 = number(d, "p(99)")) rows.push_back({o.level, "p99", "system", "", *p99 / 1000.0});
    if (auto failed = number(m.value("http_req_failed", Json::object()), "value")) {
        rows.push_back({o.level, "error_rate", "system", "", *failed});
    }
    return rows;
}

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(field);
            field.clear();
        } else {
            field += c;
        }
    }
    out.push_back(field);
    return out;
}

std::vector<MeasurementRow> fromJmeter(const std::string& text, const std::string& file, const ImportOptions& o) {
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    std::map<std::string, size_t> column;
    std::vector<double> elapsed;
    std::map<std::string, double> perLabel;
    double first = INFINITY, last = -INFINITY, threads = 0.0, failed = 0.0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto f = splitCsv(line);
        if (column.empty()) {
            for (size_t i = 0; i < f.size(); ++i) column[f[i]] = i;
            for (const char* need : {"timeStamp", "elapsed"}) {
                if (!column.count(need)) fail(file, lineNo, std::string("not a JMeter CSV results file with a header: no '") + need + "' column");
            }
            continue;
        }
        auto get = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it != column.end() && it->second < f.size() ? f[it->second] : std::string();
        };
        double ts = 0.0, el = 0.0;
        try {
            ts = std::stod(get("timeStamp"));
            el = std::stod(get("elapsed"));
        } catch (const std::exception&) {
            fail(file, lineNo, "timeStamp and elapsed must be numbers (milliseconds)");
        }
        // timeStamp is the sample's start by default (jmeter.properties sampleresult.timestamp.start=false
        // means the end; either way the span below is off by at most one sample).
        first = std::min(first, ts);
        last = std::max(last, ts + el);
        elapsed.push_back(el / 1000.0);
        if (get("success") == "false") failed += 1.0;
        const std::string all = get("allThreads");
        if (!all.empty()) threads = std::max(threads, std::atof(all.c_str()));
        perLabel[get("label")] += 1.0;
    }
    if (elapsed.empty()) fail(file, lineNo, "no samples in the JMeter results file");
    const double span = (last - first) / 1000.0;
    if (!(span > 0.0)) fail(file, lineNo, "the samples span no time: cannot compute a throughput");
    const double n = static_cast<double>(elapsed.size());
    std::vector<MeasurementRow> rows;
    if (threads > 0.0) rows.push_back({o.level, "users", "system", "", threads});
    if (o.thinkTime) rows.push_back({o.level, "think_time", "system", "", *o.thinkTime});
    rows.push_back({o.level, "throughput", "system", "", n / span});
    if (o.labelsAsClasses)
        for (const auto& [label, count] : perLabel) rows.push_back({o.level, "throughput", "system", label, count / span});
    double sum = 0.0;
    for (double e : elapsed) sum += e;
    rows.push_back({o.level, "response_time_mean", "system", "", sum / n});
    rows.push_back({o.level, "p50", "system", "", percentile(elapsed, 0.50)});
    rows.push_back({o.level, "p95", "system", "", percentile(elapsed, 0.95)});
    rows.push_back({o.level, "p99", "system", "", percentile(elapsed, 0.99)});
    rows.push_back({o.level, "error_rate", "system", "", failed / n});
    return rows;
}

std::vector<MeasurementRow> fromPrometheus(const std::string& text, const std::string& file, const ImportOptions& o) {
    const Json j = parseJson(text, file);
    if (!j.is_object() || j.value("status", "") != "success" || !j.contains("data")) {
        fail(file, 0, "not a successful Prometheus API response: its status is not success or it has no data");
    }
    const Json& data = j["data"];
    if (data.value("resultType", "") != "matrix") fail(file, 0, "a query_range response has resultType matrix");
    double sum = 0.0;
    int count = 0;
    for (const auto& series : data.value("result", Json::array())) {
        for (const auto& sample : series.value("values", Json::array())) {
            if (!sample.is_array() || sample.size() != 2 || !sample[1].is_string()) continue;
            try {
                const double v = std::stod(sample[1].get<std::string>());
                if (std::isfinite(v)) {
                    sum += v;
                    ++count;
                }
            } catch (const std::exception&) {
            }
        }
    }
    if (count == 0) fail(file, 0, "no finite samples in the query_range result");
    return {{o.level, o.metric, o.where, "", sum / count}};
}

/// The number after the first `label` in `text` that is followed by a ':'
/// or '=' (blanks around), and then, if given, by `suffix` (blanks before):
/// how pgbench prints its figures ("tps = 1234.5 (without initial connection
/// time)"). Hand-written, not <regex>: libstdc++'s regex trips GCC 12's
/// -Wmaybe-uninitialized under the sanitizers.
std::optional<double> numberAfter(const std::string& text, const std::string& label, const std::string& suffix = {}) {
    for (size_t at = text.find(label); at != std::string::npos; at = text.find(label, at + 1)) {
        size_t i = at + label.size();
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= text.size() || (text[i] != ':' && text[i] != '=')) continue;
        ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        size_t end = i;
        while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
        if (end == i) continue;
        size_t after = end;
        while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
        if (!suffix.empty() && text.compare(after, suffix.size(), suffix) != 0) continue;
        try {
            return std::stod(text.substr(i, end - i));
        } catch (const std::exception&) {
            continue;
        }
    }
    return std::nullopt;
}

std::vector<MeasurementRow> fromPgbench(const std::string& text, const std::string& file, const ImportOptions& o) {
    const auto find = [&text](const char* label, const char* suffix = "") { return numberAfter(text, label, suffix); };
    const auto clients = find("number of clients");
    const auto tps = find("tps", "(without initial connection time)");
    const auto tpsAny = tps ? tps : find("tps");
    if (!clients || !tpsAny) fail(file, 0, "not a pgbench report: no 'number of clients' or 'tps = ' line");
    std::vector<MeasurementRow> rows;
    rows.push_back({o.level, "users", "system", "", *clients});
    if (o.thinkTime) rows.push_back({o.level, "think_time", "system", "", *o.thinkTime});
    rows.push_back({o.level, "throughput", "system", "", *tpsAny});
    if (auto latency = find("latency average", "ms")) {
        // pgbench's latency includes the script's \sleep (its think time): take it out.
        const double r = *latency / 1000.0 - o.thinkTime.value_or(0.0);
        if (r > 0.0) rows.push_back({o.level, "response_time_mean", "system", "", r});
    }
    const auto processed = find("number of transactions actually processed");
    if (auto failed = find("number of failed transactions")) {
        const double total = processed.value_or(0.0) + *failed;
        if (total > 0.0) rows.push_back({o.level, "error_rate", "system", "", *failed / total});
    }
    return rows;
}

}  // namespace

const std::vector<std::string>& importTools() {
    static const std::vector<std::string> tools{"k6", "jmeter", "prometheus", "pgbench"};
    return tools;
}

std::vector<MeasurementRow> importMeasurements(const std::string& tool, const std::string& text, const std::string& fileName,
                                               const ImportOptions& options) {
    if (tool == "k6") return fromK6(text, fileName, options);
    if (tool == "jmeter") return fromJmeter(text, fileName, options);
    if (tool == "prometheus") return fromPrometheus(text, fileName, options);
    if (tool == "pgbench") return fromPgbench(text, fileName, options);
    throw InputError(SourceLocation{fileName, 0, 0}, "unknown tool '" + tool + "': one of k6 | jmeter | prometheus | pgbench");
}

}  // namespace headroom::io
