#pragma once
// Issue 21's parts of the report, in their own file: limits named for what
// they are (the first user-felt break leads, the margin beside it, the rules
// with the SLO), the work each build takes (lead time, downtime,
// prerequisites, risks from the technology catalogue) and, at each phase,
// every alternative evaluated and why it is not needed yet, cheapest first.

#include "report_document.h"

#include <QString>

namespace headroom::roadmap {
struct BreakingPoint;
}

namespace headroom::report {

struct ReportData;

/// "user-felt", "margin" or "rule", for people.
[[nodiscard]] QString natureName(const roadmap::BreakingPoint& point);
/// "<br>margin · users feel it at 1,665" under a threshold's name in a table.
[[nodiscard]] QString natureNote(const roadmap::BreakingPoint& point);
/// The first page's lead: users first feel it at N users (what), the margin
/// before it at M users (what), each placed by simulation or not; and the rules.
[[nodiscard]] Block limitsLead(const ReportData& data);
/// The rules of the plan, listed with the SLO (availability, budget, resilience).
[[nodiscard]] QString rulesText(const ReportData& data);
/// "What each build takes" and "Alternatives evaluated at each phase" (subsections of the roadmap).
void buildWorkSections(const ReportData& data, ReportDocument& doc);

}  // namespace headroom::report
