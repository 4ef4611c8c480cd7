// headroom-cli validate FILE...: load and check each file; one line per problem.
#include "cli/cli.h"

#include "io/loader.h"

#include <iostream>

namespace headroom::cli {
namespace {

int runValidate(const std::vector<std::string>& args) {
    Options options(args, {}, {"quiet"});
    if (options.positional().empty()) throw UsageError("validate needs at least one FILE");
    int status = kOk;
    for (const auto& path : options.positional()) {
        try {
            graph::Graph g = loadGraph(path, true, false);
            if (!options.flag("quiet")) {
                std::cout << path << ": ok: '" << g.name() << "', " << g.components().size() << " components on "
                          << g.hosts().size() << " hosts, " << g.classes().size() << " request classes";
                // issue 20: ranges are valid input; other commands take their midpoints
                if (const size_t n = g.spec().uncertain.size(); n > 0) std::cout << ", " << n << " uncertain values";
                std::cout << '\n';
            }
        } catch (const spec::InputError& e) {
            std::cerr << e.what() << '\n';
            status = kBadInput;
        }
    }
    return status;
}

const Registration registration{Command{
    "validate", "check architecture files; one line per problem, exit 2 if any is bad",
    "Usage: headroom-cli validate [--quiet] FILE...\n"
    "\n"
    "Loads each FILE and checks it against the format (docs/format.md): unknown keys,\n"
    "units, names that point nowhere, cycles of calls, shares. Problems are printed\n"
    "as FILE:LINE:COL: error: ... on stderr; warnings do not fail.\n"
    "Exit code 0 when every file is valid, 2 otherwise.\n",
    runValidate}};

}  // namespace
}  // namespace headroom::cli
