#pragma once
// The report's Calibration section (issue 19): when the report is given the
// measurements the architecture was calibrated from (`headroom-cli report
// FILE --measurements M.csv`), it shows how well the model the report plans
// with reproduces them: measured against predicted at every measured level
// (table and chart), the demands calibrate::calibrate fits from the same
// rows with their 95% intervals, and each host's residual. Every number
// comes from model/calibrate (calibrate, predict); this file only formats.

#include "calibrate/calibration.h"
#include "spec/architecture.h"

#include <QImage>

#include <memory>
#include <string>
#include <vector>

namespace headroom::report {

struct ReportData;
struct ReportDocument;

struct CalibrationReport {
    std::string measurementsFile;  ///< as given
    spec::Architecture planned;    ///< the architecture the report plans with (its demands as written)
    calibrate::Calibration fit;    ///< the demands the measurements give
    /// The planned architecture solved at every measured level (analytic and DES).
    std::vector<calibrate::LevelComparison> levels;
};

/// Reads the measurements (io::loadMeasurements) and fits and predicts them
/// for `planned`; null when `measurementsFile` is empty. Throws
/// spec::InputError (FILE:LINE:COL) on a bad file or a fit it cannot make.
[[nodiscard]] std::shared_ptr<const CalibrationReport> computeCalibration(const spec::Architecture& planned,
                                                                          const std::string& measurementsFile);

/// Measured (markers) against predicted (analytic line, DES markers)
/// throughput and mean response time at each level.
[[nodiscard]] QImage calibrationChart(const CalibrationReport& calibration);

/// Appends the section (nothing when the report has no measurements);
/// `number` is its section number.
void calibrationSection(const ReportData& data, ReportDocument& doc, int number);

}  // namespace headroom::report
