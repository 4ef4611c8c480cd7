#pragma once
// Writing an architecture back to YAML without destroying the user's file.
//
// An editor that re-emits the whole file on save throws away the comments,
// the key order and the way values were written ("80%" becoming "0.8").
// YamlDocument keeps the text as it was loaded and, on save, patches only
// what changed: a changed value has its span replaced, an added key or
// component is appended with matching indentation, a removed one has its
// lines deleted. Everything else is copied byte for byte.
//
// Both spec trees (as loaded, as edited) are turned into YamlValue trees with
// the same formatting rules, and only the subtrees whose text differs are
// touched. Items of lists of mappings (components, hosts, calls, mix, profile)
// are matched by the source location they were loaded from, so a renamed
// component is still the same component. New documents use toYaml(), the full
// emitter.

#include "spec/architecture.h"

#include <string>
#include <utility>
#include <vector>

namespace headroom::io {

/// A YAML value with its scalars already formatted ("4ms", "80%"): the
/// common form of a spec for the emitter and the patcher.
struct YamlValue {
    enum class Type { Scalar, Map, Sequence };
    // Declared so clang (14, with libstdc++ 12) does not ask whether the
    // still-incomplete pair<string, YamlValue> is default-constructible:
    // the fuzz targets are built with clang.
    YamlValue() = default;
    Type type = Type::Scalar;
    std::string scalar;                                   ///< plain text, quoted on output when needed
    std::vector<std::pair<std::string, YamlValue>> map;   ///< keys in output order
    std::vector<YamlValue> items;
    int line = 0;      ///< identity of a list item: where it was loaded from (0 = new)
    int column = 0;
    bool block = false;  ///< prefer block style when emitted in full

    [[nodiscard]] const YamlValue* find(const std::string& key) const;
    bool operator==(const YamlValue& other) const;
};

/// The spec as a value tree. A key is written when the file had it or when
/// its value differs from the default, so a loaded file maps to its own keys.
[[nodiscard]] YamlValue toYamlValue(const spec::Architecture& architecture);

/// The full emitter: a complete, loadable YAML text for `architecture`.
[[nodiscard]] std::string toYaml(const spec::Architecture& architecture);

/// `value` as one line of flow YAML (`{to: db, visits: 2}`), or a scalar.
[[nodiscard]] std::string toFlowYaml(const YamlValue& value);

class YamlDocument {
public:
    /// A new document: save() emits the whole file.
    YamlDocument() = default;
    /// `text` is the file as read; `loaded` is io::loadString(text, ...) of it.
    YamlDocument(std::string text, spec::Architecture loaded);

    /// The text to write for `edited`: the loaded text with only the changes
    /// patched in (or the full emission for a new document).
    [[nodiscard]] std::string save(const spec::Architecture& edited) const;

    [[nodiscard]] bool isNew() const { return !hasText_; }
    [[nodiscard]] const std::string& originalText() const { return text_; }

private:
    std::string text_;
    spec::Architecture loaded_;
    bool hasText_ = false;
};

}  // namespace headroom::io
