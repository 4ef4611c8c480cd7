#include "io/measurements_csv.h"

#include "spec/nearest_name.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace headroom::io {
namespace {

using spec::InputError;
using spec::MeasuredValue;
using spec::MeasurementLevel;
using spec::SourceLocation;

constexpr std::size_t kMaxMeasurementBytes = 16u * 1024u * 1024u;

struct Field {
    std::string text;
    int column = 1;
};

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

// Splits one CSV line; a field may be quoted ("a,b"), "" inside quotes is a quote.
std::vector<Field> splitLine(const std::string& line) {
    std::vector<Field> out;
    size_t i = 0;
    while (true) {
        Field f;
        f.column = static_cast<int>(i) + 1;
        std::string raw;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        raw += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                raw += line[i++];
            }
            while (i < line.size() && line[i] != ',') ++i;
        } else {
            while (i < line.size() && line[i] != ',') raw += line[i++];
        }
        f.text = trim(raw);
        out.push_back(std::move(f));
        if (i >= line.size()) break;
        ++i;  // the comma
    }
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

SourceLocation at(const std::string& file, int line, int column) { return SourceLocation{file, line, column}; }

bool isTime(const std::string& metric) {
    return metric == "response_time_mean" || metric == "p50" || metric == "p95" || metric == "p99";
}

std::optional<MeasuredValue>* scalarSlot(MeasurementLevel& level, const std::string& metric) {
    if (metric == "users") return &level.users;
    if (metric == "arrival_rate") return &level.arrivalRate;
    if (metric == "think_time") return &level.thinkTime;
    if (metric == "response_time_mean") return &level.responseTimeMean;
    if (metric == "p50") return &level.p50;
    if (metric == "p95") return &level.p95;
    if (metric == "p99") return &level.p99;
    if (metric == "error_rate") return &level.errorRate;
    if (metric == "throughput") return &level.throughput;
    return nullptr;
}

// Checks that need the whole level: load and throughput present, percentiles
// in order, and Little's law for the closed population (N = X (R + Z)): a
// mean response time or think time written in milliseconds breaks it by
// three orders of magnitude, which no measurement error explains.
void checkLevel(const MeasurementLevel& level) {
    if (!level.users && !level.arrivalRate) {
        throw InputError(level.where, "level '" + level.name +
                                          "' has neither users nor arrival_rate: each level needs the load it was measured at");
    }
    if (level.users && level.arrivalRate) {
        throw InputError(level.arrivalRate->where, "level '" + level.name + "' has both users and arrival_rate: give one of the two");
    }
    if (!level.throughput && level.classThroughput.empty()) {
        throw InputError(level.where, "level '" + level.name +
                                          "' has no throughput row (metric throughput, where system): calibration needs it");
    }
    const std::optional<MeasuredValue>* order[] = {&level.p50, &level.p95, &level.p99};
    const char* names[] = {"p50", "p95", "p99"};
    for (int i = 0; i < 2; ++i) {
        for (int j = i + 1; j < 3; ++j) {
            if (*order[i] && *order[j] && (*order[i])->value > (*order[j])->value * (1.0 + 1e-9)) {
                throw InputError((*order[j])->where, std::string(names[j]) + " " + number((*order[j])->value) + " s is below " +
                                                         names[i] + " " + number((*order[i])->value) + " s of level '" +
                                                         level.name + "': percentiles cannot decrease");
            }
        }
    }
    double x = level.throughput ? level.throughput->value : 0.0;
    if (!level.throughput)
        for (const auto& [cls, v] : level.classThroughput) x += v.value;
    if (level.users && x > 0.0) {
        const double n = level.users->value;
        const double z = level.thinkTime ? level.thinkTime->value : 0.0;
        // 10% slack for measurement error (a load test's averages over different windows).
        if (level.responseTimeMean && x * (level.responseTimeMean->value + z) > 1.1 * n) {
            throw InputError(level.responseTimeMean->where,
                             "response_time_mean " + number(level.responseTimeMean->value) + " s cannot be right for level '" +
                                 level.name + "': by Little's law X (R + Z) = " + number(x * (level.responseTimeMean->value + z)) +
                                 " users would be in the system, but it has " + number(n) +
                                 " (values are in seconds: 52 ms is 0.052)");
        }
        if (level.thinkTime && x * z > 1.1 * n) {
            throw InputError(level.thinkTime->where, "think_time " + number(z) + " s cannot be right for level '" + level.name +
                                                         "': by Little's law X Z = " + number(x * z) +
                                                         " users would be thinking, but the level has " + number(n) +
                                                         " (values are in seconds: 8 s is 8, 200 ms is 0.2)");
        }
    }
    if (level.utilization.empty()) {
        // Not an error for the file itself: calibration says which host lacks equations.
    }
}

}  // namespace

const std::vector<std::string>& measurementMetrics() {
    static const std::vector<std::string> metrics{"users", "arrival_rate", "think_time", "throughput", "utilization",
                                                  "response_time_mean", "p50", "p95", "p99", "error_rate", "pool_busy"};
    return metrics;
}

spec::Measurements parseMeasurements(const std::string& text, const std::string& fileName) {
    spec::Measurements out;
    out.file = fileName;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    bool header = false;
    std::set<std::string> seen;  // level|metric|where|class
    std::map<std::string, size_t> levelIndex;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineNo == 1 && line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xEF) line = line.substr(3);  // BOM
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        std::vector<Field> fields = splitLine(line);
        if (!header) {
            const std::vector<std::string> want{"level", "metric", "where", "class", "value"};
            bool ok = fields.size() == want.size();
            for (size_t i = 0; ok && i < want.size(); ++i) ok = lower(fields[i].text) == want[i];
            if (!ok) {
                throw InputError(at(fileName, lineNo, 1),
                                 "the measurements file must start with the header 'level,metric,where,class,value', got '" + t + "'");
            }
            header = true;
            continue;
        }
        if (fields.size() != 5) {
            throw InputError(at(fileName, lineNo, 1), "expected 5 fields (level,metric,where,class,value), got " +
                                                          std::to_string(fields.size()));
        }
        const Field& levelField = fields[0];
        const std::string metric = lower(fields[1].text);
        std::string where = fields[2].text.empty() ? std::string("system") : fields[2].text;
        const std::string cls = fields[3].text;
        const Field& valueField = fields[4];
        if (levelField.text.empty()) throw InputError(at(fileName, lineNo, levelField.column), "empty level");
        const auto& metrics = measurementMetrics();
        if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) {
            std::string list;
            for (const auto& m : metrics) list += (list.empty() ? "" : " | ") + m;
            throw InputError(at(fileName, lineNo, fields[1].column),
                             "unknown metric '" + fields[1].text + "'" + spec::didYouMean(metric, metrics) + "; one of " + list);
        }
        // A number, finite: strtod accepts the SI forms a tool writes ("1e-3", "0.052").
        const std::string& vt = valueField.text;
        char* end = nullptr;
        const double value = vt.empty() ? std::nan("") : std::strtod(vt.c_str(), &end);
        if (vt.empty() || end != vt.c_str() + vt.size() || !std::isfinite(value)) {
            throw InputError(at(fileName, lineNo, valueField.column),
                             "value '" + vt + "' of " + metric + " is not a number (values are plain SI numbers: 0.052, not 52ms)");
        }
        const SourceLocation valueAt = at(fileName, lineNo, valueField.column);
        if (value < 0.0) throw InputError(valueAt, metric + " cannot be negative, got " + vt);
        const bool systemOnly = metric == "users" || metric == "arrival_rate" || metric == "think_time";
        if (systemOnly && where != "system") {
            throw InputError(at(fileName, lineNo, fields[2].column), metric + " is measured for the system ('where' system), not '" + where + "'");
        }
        if ((metric == "utilization" || metric == "pool_busy") && where == "system") {
            throw InputError(at(fileName, lineNo, fields[2].column), metric + " needs 'where': a host or component id");
        }
        if (!cls.empty() && metric != "throughput") {
            throw InputError(at(fileName, lineNo, fields[3].column),
                             "a class is accepted on throughput rows only, not on " + metric);
        }
        if (metric == "utilization" && value > 1.0) {
            throw InputError(valueAt, "utilization " + vt + " of '" + where + "' is above 1: utilisation is the busy share per core, in [0, 1]" +
                                          (value <= 100.0 ? " (write 0.31 for 31%)" : ""));
        }
        if (metric == "error_rate" && value > 1.0) {
            throw InputError(valueAt, "error_rate " + vt + " is above 1: it is a ratio (write 0.001 for 0.1%)");
        }
        if (metric == "users" && (value < 1.0 || value != std::floor(value))) {
            throw InputError(valueAt, "users must be a whole number of at least 1, got " + vt);
        }
        if (isTime(metric) && value <= 0.0) throw InputError(valueAt, metric + " must be positive, got " + vt);
        if ((metric == "throughput" || metric == "arrival_rate") && value > 1e9) {
            throw InputError(valueAt, metric + " " + vt + " per second cannot be right");
        }
        const std::string key = levelField.text + "|" + metric + "|" + where + "|" + cls;
        if (!seen.insert(key).second) {
            throw InputError(at(fileName, lineNo, 1), "a second " + metric + " row for level '" + levelField.text + "'" +
                                                          (where != "system" ? " at '" + where + "'" : std::string()) +
                                                          (cls.empty() ? std::string() : " class '" + cls + "'"));
        }
        auto [it, added] = levelIndex.emplace(levelField.text, out.levels.size());
        if (added) {
            MeasurementLevel level;
            level.name = levelField.text;
            level.where = at(fileName, lineNo, levelField.column);
            out.levels.push_back(std::move(level));
        }
        MeasurementLevel& level = out.levels[it->second];
        const MeasuredValue mv{value, valueAt};
        if (metric == "utilization") level.utilization[where] = mv;
        else if (metric == "pool_busy") level.poolBusy[where] = mv;
        else if (metric == "throughput" && !cls.empty()) level.classThroughput[cls] = mv;
        else if (where != "system") {
            throw InputError(at(fileName, lineNo, fields[2].column), metric + " is measured for the system ('where' system), not '" + where + "'");
        } else *scalarSlot(level, metric) = mv;
    }
    if (!header) throw InputError(at(fileName, 1, 1), "empty measurements file: expected the header 'level,metric,where,class,value' and rows");
    if (out.levels.empty()) throw InputError(at(fileName, lineNo, 1), "no measurement rows after the header");
    for (const auto& level : out.levels) checkLevel(level);
    return out;
}

spec::Measurements loadMeasurements(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the measurements file");
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (text.size() > kMaxMeasurementBytes) {
            throw InputError(SourceLocation{path, 0, 0}, "the measurements file is larger than 16 MiB");
        }
    }
    return parseMeasurements(text, path);
}

std::string toMeasurementsCsv(const std::vector<MeasurementRow>& rows) {
    std::string out = "level,metric,where,class,value\n";
    char buf[64];
    for (const auto& r : rows) {
        std::snprintf(buf, sizeof buf, "%.9g", r.value);
        out += r.level + "," + r.metric + "," + r.where + "," + r.cls + "," + buf + "\n";
    }
    return out;
}

}  // namespace headroom::io
