#include "calibrate/nonnegative_least_squares.h"

#include <vector>

namespace headroom::calibrate {

Eigen::VectorXd nonNegativeLeastSquares(const Eigen::MatrixXd& aIn, const Eigen::VectorXd& b) {
    const Eigen::Index p = aIn.cols();
    Eigen::VectorXd scale(p);
    Eigen::MatrixXd a = aIn;
    for (Eigen::Index j = 0; j < p; ++j) {
        const double n = a.col(j).norm();
        scale(j) = n > 0.0 ? n : 1.0;
        a.col(j) /= scale(j);
    }
    Eigen::VectorXd x = Eigen::VectorXd::Zero(p);
    std::vector<bool> passive(static_cast<size_t>(p), false);
    const double tolerance = 1e-12 * std::max(1.0, b.norm());
    auto solvePassive = [&](Eigen::VectorXd& s) {
        std::vector<Eigen::Index> cols;
        for (Eigen::Index j = 0; j < p; ++j)
            if (passive[static_cast<size_t>(j)]) cols.push_back(j);
        Eigen::MatrixXd ap(a.rows(), static_cast<Eigen::Index>(cols.size()));
        for (size_t k = 0; k < cols.size(); ++k) ap.col(static_cast<Eigen::Index>(k)) = a.col(cols[k]);
        const Eigen::VectorXd sp = ap.completeOrthogonalDecomposition().solve(b);
        s = Eigen::VectorXd::Zero(p);
        for (size_t k = 0; k < cols.size(); ++k) s(cols[k]) = sp(static_cast<Eigen::Index>(k));
    };
    // Each outer step adds one column; 3p steps bound the loop even under rounding.
    for (int outer = 0; outer < 3 * static_cast<int>(p) + 3; ++outer) {
        const Eigen::VectorXd w = a.transpose() * (b - a * x);
        Eigen::Index best = -1;
        for (Eigen::Index j = 0; j < p; ++j)
            if (!passive[static_cast<size_t>(j)] && w(j) > tolerance && (best < 0 || w(j) > w(best))) best = j;
        if (best < 0) break;
        passive[static_cast<size_t>(best)] = true;
        for (int inner = 0; inner < 3 * static_cast<int>(p) + 3; ++inner) {
            Eigen::VectorXd s;
            solvePassive(s);
            bool feasible = true;
            for (Eigen::Index j = 0; j < p; ++j)
                if (passive[static_cast<size_t>(j)] && s(j) <= 0.0) feasible = false;
            if (feasible) {
                x = s;
                break;
            }
            double alpha = 1.0;
            for (Eigen::Index j = 0; j < p; ++j) {
                if (passive[static_cast<size_t>(j)] && s(j) <= 0.0) {
                    const double d = x(j) - s(j);
                    if (d > 0.0) alpha = std::min(alpha, x(j) / d);
                }
            }
            x += alpha * (s - x);
            for (Eigen::Index j = 0; j < p; ++j) {
                if (passive[static_cast<size_t>(j)] && x(j) <= 1e-15) {
                    passive[static_cast<size_t>(j)] = false;
                    x(j) = 0.0;
                }
            }
        }
    }
    for (Eigen::Index j = 0; j < p; ++j) x(j) = std::max(0.0, x(j)) / scale(j);
    return x;
}

}  // namespace headroom::calibrate
