#pragma once
// spec::validate: every bound of the format (spec/field_table.h) checked on a
// spec::Architecture, whoever made it: the loader, an edit in the desktop
// app, a CLI --users / --arrival-rate override, a planner transformation.
// graph::build calls it first, so no front end can skip it. Cross-references
// (names, cycles, shares) stay with graph::build.

#include "spec/architecture.h"

namespace headroom::spec {

/// Throws InputError at the offending key's FILE:LINE:COL (from the spec's
/// KeyLocations; the struct's own location when the key was not written)
/// with the field table's message, e.g. "'cores' must be at most 1024, got 2000".
/// Checks, in file order: every numeric key's bounds (whole numbers for
/// counts), the rules tying keys of one value together (distribution cv,
/// shard skew), and that a component carries no key of another kind (written,
/// or set to other than its default).
void validate(const Architecture& architecture);

}  // namespace headroom::spec
