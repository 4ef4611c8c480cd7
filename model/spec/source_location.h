#pragma once
// Where a value came from in the user's file, so every error can name
// FILE:LINE:COL. Lines and columns are 1-based; 0 means "unknown".

#include <map>
#include <stdexcept>
#include <string>

namespace headroom::spec {

struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    /// "file:line:col" (or just "file" when the position is unknown).
    [[nodiscard]] std::string str() const;
};

/// Locations of the keys present in one YAML mapping, keyed by key name.
/// A nested key uses a dotted path ("retries.max", "calls[1].to").
class KeyLocations {
public:
    void set(const std::string& key, SourceLocation where) { keys_[key] = std::move(where); }
    [[nodiscard]] bool has(const std::string& key) const { return keys_.count(key) != 0; }
    /// Forgets a key (an editor removed it from the spec).
    void erase(const std::string& key) { keys_.erase(key); }
    /// The key's location, or `fallback` when the key was not written.
    [[nodiscard]] const SourceLocation& at(const std::string& key, const SourceLocation& fallback) const;

private:
    std::map<std::string, SourceLocation> keys_;
};

/// Bad input: the loader and the graph builder throw this; the CLI prints
/// `what()` (already "FILE:LINE:COL: error: message") and exits with code 2.
class InputError : public std::runtime_error {
public:
    InputError(SourceLocation where, const std::string& message);
    [[nodiscard]] const SourceLocation& where() const { return where_; }
    [[nodiscard]] const std::string& message() const { return message_; }

private:
    SourceLocation where_;
    std::string message_;
};

/// A problem that does not stop the run (a component nobody calls, ...).
struct Warning {
    SourceLocation where;
    std::string message;
    /// "FILE:LINE:COL: warning: message"
    [[nodiscard]] std::string str() const;
};

}  // namespace headroom::spec
