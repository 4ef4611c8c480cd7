#pragma once
// Structural edits of a spec::Architecture shared by every front end that
// changes one: the desktop editor (ui/architecture_edits) and the roadmap
// planner's transformations (roadmap/transformations). One rule each for
// finding, naming, adding, connecting and renaming, so an id the planner
// picks and one the editor picks follow the same pattern.

#include "spec/architecture.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace headroom::spec {

[[nodiscard]] Component* findComponent(Architecture& architecture, const std::string& id);
[[nodiscard]] const Component* findComponent(const Architecture& architecture, const std::string& id);
[[nodiscard]] Host* findHost(Architecture& architecture, const std::string& id);
[[nodiscard]] const Host* findHost(const Architecture& architecture, const std::string& id);

/// True when a component or a shared host already has `id` (the two share
/// one namespace: a component without `host:` gets a host of its own id).
[[nodiscard]] bool idTaken(const Architecture& architecture, const std::string& id);

/// `base` when free, else "base-2", "base-3", ...
[[nodiscard]] std::string uniqueId(const Architecture& architecture, const std::string& base);

/// Adds `component` at `position` (default: the end) under a free id
/// (uniqueId of its own id) and returns the id it got.
std::string addComponent(Architecture& architecture, Component component, std::size_t position = SIZE_MAX);

/// Removes a component and every reference to it (calls, on_miss, entries).
void removeComponent(Architecture& architecture, const std::string& id);

/// Adds a synchronous call `from` -> `to` (every class, 1 visit) unless one
/// exists or `from` == `to`; false when `from` does not exist.
bool connect(Architecture& architecture, const std::string& from, const std::string& to);

/// Removes every call `from` -> `to` (and an on_miss of `from` naming `to`).
void disconnect(Architecture& architecture, const std::string& from, const std::string& to);

/// Renames a component and every reference to it (calls, on_miss, entries).
void renameComponent(Architecture& architecture, const std::string& from, const std::string& to);

/// Renames a shared host and the `host:` of every component placed on it.
void renameHost(Architecture& architecture, const std::string& from, const std::string& to);

}  // namespace headroom::spec
