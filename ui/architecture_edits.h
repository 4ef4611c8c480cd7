#pragma once
// Structural edits of a spec::Architecture the editor offers (add, remove,
// rename, connect), as pure functions: each returns the edited copy and the
// document wraps it in one undo command. Kept free of widgets so the tests
// check them directly.

#include "spec/architecture.h"

#include <QString>

namespace headroom::ui {

[[nodiscard]] spec::Component* findComponent(spec::Architecture& architecture, const QString& id);
[[nodiscard]] const spec::Component* findComponent(const spec::Architecture& architecture, const QString& id);
[[nodiscard]] spec::Host* findHost(spec::Architecture& architecture, const QString& id);

/// A fresh id for a component of `kind` ("cache", "cache2", ...).
[[nodiscard]] QString uniqueComponentId(const spec::Architecture& architecture, spec::ComponentKind kind);

/// A new component of `kind` with sensible defaults for that kind.
[[nodiscard]] spec::Component makeComponent(const spec::Architecture& architecture, spec::ComponentKind kind);

/// Removes a component and every reference to it (calls, on_miss, entries).
[[nodiscard]] spec::Architecture removeComponent(spec::Architecture architecture, const QString& id);

/// Renames a component and every reference to it. Empty result error = done.
[[nodiscard]] spec::Architecture renameComponent(spec::Architecture architecture, const QString& from, const QString& to);

/// Adds a synchronous call `from` -> `to` (no-op if it already exists).
[[nodiscard]] spec::Architecture addCall(spec::Architecture architecture, const QString& from, const QString& to);

/// Removes the call `from` -> `to` (every such call entry).
[[nodiscard]] spec::Architecture removeCall(spec::Architecture architecture, const QString& from, const QString& to);

/// A minimal valid architecture for File > New: one service, 1,000 users.
[[nodiscard]] spec::Architecture newArchitecture();

}  // namespace headroom::ui
