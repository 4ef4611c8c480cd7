#pragma once
// Structural edits of a spec::Architecture the editor offers (add, remove,
// rename, connect), as pure functions: each returns the edited copy and the
// document wraps it in one undo command. Kept free of widgets so the tests
// check them directly.

#include "spec/architecture.h"

#include <QString>
#include <QStringList>

namespace headroom::ui {

[[nodiscard]] spec::Component* findComponent(spec::Architecture& architecture, const QString& id);
[[nodiscard]] const spec::Component* findComponent(const spec::Architecture& architecture, const QString& id);
[[nodiscard]] spec::Host* findHost(spec::Architecture& architecture, const QString& id);

/// A fresh id for a component of `kind` ("cache", "cache-2", ...: spec::uniqueId).
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

/// A fresh id for a shared host ("host", "host-2", ...), unused by hosts and components.
[[nodiscard]] QString uniqueHostId(const spec::Architecture& architecture);

/// Adds a shared host `id` and places `members` on it. The host keeps what
/// the members had: one instance with their cores (cores x instances) added
/// up, at least 2, and their monthly costs (cost x instances) added up; the
/// members lose their own-host keys (cores, instances, cost_month, failure).
[[nodiscard]] spec::Architecture addSharedHost(spec::Architecture architecture, const QString& id,
                                               const QStringList& members);

/// Removes the shared host `id`: each component on it moves to a host of its
/// own, a machine like the removed one (its cores, instances and cost each);
/// the host's failure goes with it. Returns the architecture unchanged and
/// sets `error` when there is no such host or the result would not build
/// (the builder's reason, e.g. a database left with several instances).
[[nodiscard]] spec::Architecture removeHost(spec::Architecture architecture, const QString& id, QString* error);

/// A minimal valid architecture for File > New: one service, 1,000 users.
[[nodiscard]] spec::Architecture newArchitecture();

}  // namespace headroom::ui
