#pragma once
// Non-negative least squares, min |A x - b| subject to x >= 0, by the
// Lawson-Hanson active-set method (Lawson & Hanson, "Solving Least Squares
// Problems", 1974, ch. 23): demands cannot be negative, and an unconstrained
// fit of noisy utilisations happily returns a negative demand for a class
// that costs little. Columns are scaled to unit norm first (a demand in
// seconds next to a throughput in thousands per second).

#include <Eigen/Dense>

namespace headroom::calibrate {

/// The solution x >= 0. A is m x p (any m >= 1), b has m rows.
[[nodiscard]] Eigen::VectorXd nonNegativeLeastSquares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b);

}  // namespace headroom::calibrate
