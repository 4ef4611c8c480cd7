#include "cli/cli.h"

#include "io/loader.h"
#include "io/units.h"
#include "spec/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace headroom::cli {

Options::Options(std::vector<std::string> args, const std::vector<std::string>& valued,
                 const std::vector<std::string>& flags) {
    auto known = [](const std::vector<std::string>& list, const std::string& name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positional_.insert(positional_.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
            std::string name = arg.substr(2);
            std::optional<std::string> inlineValue;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (known(valued, name)) {
                if (values_.count(name)) throw UsageError("option --" + name + " given twice");
                if (inlineValue) values_[name] = *inlineValue;
                else if (i + 1 < args.size()) values_[name] = args[++i];
                else throw UsageError("option --" + name + " needs a value");
            } else if (known(flags, name)) {
                if (inlineValue) throw UsageError("option --" + name + " takes no value");
                flags_[name] = true;
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else if (arg.size() > 1 && arg[0] == '-' && arg != "-" &&
                   !(std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.')) {
            throw UsageError("unknown option " + arg);
        } else {
            positional_.push_back(arg);
        }
    }
}

std::optional<std::string> Options::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::optional<double> Options::number(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto n = io::parseNumber(*v, error);
    if (!n) throw UsageError("--" + name + ": " + error);
    return n;
}

std::optional<long long> Options::integer(const std::string& name, long long minimum) const {
    auto n = number(name);
    if (!n) return std::nullopt;
    if (*n != std::floor(*n) || *n < static_cast<double>(minimum) || *n > 9.0e15) {
        throw UsageError("--" + name + " must be a whole number of at least " + std::to_string(minimum));
    }
    return static_cast<long long>(*n);
}

std::optional<double> Options::duration(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto d = io::parseDuration(*v, error);
    if (!d) throw UsageError("--" + name + ": " + error);
    return d;
}

std::optional<double> Options::rate(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto r = io::parseRate(*v, error);
    if (!r) throw UsageError("--" + name + ": " + error);
    return r;
}

std::string Options::choice(const std::string& name, const std::vector<std::string>& choices,
                            const std::string& fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    if (std::find(choices.begin(), choices.end(), *v) == choices.end()) {
        std::string all;
        for (const auto& c : choices) all += (all.empty() ? "" : ", ") + c;
        throw UsageError("--" + name + " must be one of " + all + ", got '" + *v + "'");
    }
    return *v;
}

graph::Graph loadGraph(const std::string& path, bool printWarnings) {
    graph::Graph g = graph::build(io::loadFile(path));
    if (printWarnings) {
        for (const auto& w : g.warnings()) std::cerr << w.str() << '\n';
    }
    return g;
}

graph::Graph withLoad(const graph::Graph& graph, std::optional<double> users, std::optional<double> arrivalRate) {
    if (users && arrivalRate) throw UsageError("give --users or --arrival-rate, not both");
    if (!users && !arrivalRate) return graph;
    spec::Architecture a = graph.spec();
    a.workload.users = users;
    a.workload.arrivalRate = arrivalRate;
    // The override meets the file's bounds (spec/field_table.h), named as the option.
    try {
        spec::validate(a);
    } catch (const spec::InputError& e) {
        throw UsageError((users ? "--users: " : "--arrival-rate: ") + e.message());
    }
    if (users && a.workload.profile.size() > 0 && a.workload.profile.front().arrivalRate) a.workload.profile.clear();
    if (arrivalRate && a.workload.profile.size() > 0 && a.workload.profile.front().users) a.workload.profile.clear();
    return graph::build(a);
}

bool showProgress() {
    const char* ci = std::getenv("CI");
    if (ci && *ci && std::string(ci) != "false" && std::string(ci) != "0") return false;
    return ::isatty(STDERR_FILENO) != 0;
}

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> table;
    return table;
}

Registration::Registration(Command command) {
    const std::string name = command.name;
    commands().emplace(name, std::move(command));
}

}  // namespace headroom::cli
