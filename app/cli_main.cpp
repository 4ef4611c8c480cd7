// headroom-cli: the headless entry point. Dispatches to the commands in cli/.
#include "cli/cli.h"

#include "spec/source_location.h"
#include "version.h"

#include <iostream>

namespace {

void printHelp(std::ostream& out) {
    out << "Usage: headroom-cli COMMAND [OPTIONS] FILE...\n"
           "\n"
           "Headroom answers \"what breaks when we grow from 100 to 100,000 users,\n"
           "and what do we build next?\" for an architecture described in YAML.\n"
           "\n"
           "Commands:\n";
    for (const auto& [name, command] : headroom::cli::commands()) {
        out << "  " << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ') << command.summary << '\n';
    }
    out << "\n"
           "Options:\n"
           "  -h, --help    this help; 'headroom-cli help COMMAND' for a command's options\n"
           "  --version     the version\n"
           "\n"
           "Exit codes: 0 ok, 1 runtime failure, 2 bad input (file or command line).\n"
           "The format is described in docs/format.md.\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace headroom::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printHelp(std::cerr);
        return kBadInput;
    }
    const std::string first = args.front();
    if (first == "-h" || first == "--help") {
        printHelp(std::cout);
        return kOk;
    }
    if (first == "--version") {
        std::cout << "headroom-cli " << headroom::kVersion << '\n';
        return kOk;
    }
    if (first == "help") {
        if (args.size() < 2) {
            printHelp(std::cout);
            return kOk;
        }
        auto it = commands().find(args[1]);
        if (it == commands().end()) {
            std::cerr << "headroom-cli: error: unknown command '" << args[1] << "'\n";
            return kBadInput;
        }
        std::cout << it->second.usage;
        return kOk;
    }
    auto it = commands().find(first);
    if (it == commands().end()) {
        std::cerr << "headroom-cli: error: unknown command '" << first << "' (see headroom-cli --help)\n";
        return kBadInput;
    }
    args.erase(args.begin());
    for (const auto& a : args) {
        if (a == "-h" || a == "--help") {
            std::cout << it->second.usage;
            return kOk;
        }
    }
    try {
        return it->second.run(args);
    } catch (const UsageError& e) {
        std::cerr << "headroom-cli " << first << ": error: " << e.what() << '\n';
        return kBadInput;
    } catch (const headroom::spec::InputError& e) {
        std::cerr << e.what() << '\n';
        return kBadInput;
    } catch (const std::bad_alloc&) {
        std::cerr << "headroom-cli " << first << ": error: out of memory\n";
        return kRuntimeFailure;
    } catch (const std::exception& e) {
        std::cerr << "headroom-cli " << first << ": error: " << e.what() << '\n';
        return kRuntimeFailure;
    }
}
