import Foundation

/// Ordinary least squares with heteroscedasticity-robust (HC1) standard errors, for a handful of columns.
struct LinearRegression {
    /// The fitted coefficients, one per column.
    let coefficients: [Double]
    /// Their robust standard errors.
    let standardErrors: [Double]

    /// Fits `outcomes` on `rows` (each row holds one value per column, an intercept column included).
    /// Returns nil when the columns are collinear or there are no more rows than columns.
    init?(rows: [[Double]], outcomes: [Double]) {
        guard let width = rows.first?.count, rows.count > width, rows.count == outcomes.count else { return nil }
        var gram = Array(repeating: Array(repeating: 0.0, count: width), count: width)
        var moment = Array(repeating: 0.0, count: width)
        for (row, outcome) in zip(rows, outcomes) {
            for i in 0..<width {
                moment[i] += row[i] * outcome
                for j in 0..<width { gram[i][j] += row[i] * row[j] }
            }
        }
        guard let inverse = Self.invert(gram) else { return nil }
        let beta = (0..<width).map { i in (0..<width).reduce(0.0) { $0 + inverse[i][$1] * moment[$1] } }

        // The sandwich: inverse · (Σ e² x xᵀ) · inverse, scaled by n / (n − k).
        var meat = Array(repeating: Array(repeating: 0.0, count: width), count: width)
        for (row, outcome) in zip(rows, outcomes) {
            let fitted = zip(row, beta).reduce(0.0) { $0 + $1.0 * $1.1 }
            let squared = (outcome - fitted) * (outcome - fitted)
            for i in 0..<width {
                for j in 0..<width { meat[i][j] += squared * row[i] * row[j] }
            }
        }
        let scale = Double(rows.count) / Double(rows.count - width)
        var errors: [Double] = []
        for i in 0..<width {
            var variance = 0.0
            for a in 0..<width {
                for b in 0..<width { variance += inverse[i][a] * meat[a][b] * inverse[b][i] }
            }
            errors.append((max(0, variance) * scale).squareRoot())
        }
        coefficients = beta
        standardErrors = errors
    }

    /// Gauss–Jordan inversion with partial pivoting; nil for a singular matrix.
    static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let size = matrix.count
        var work = matrix.enumerated().map { index, row in
            row + (0..<size).map { $0 == index ? 1.0 : 0.0 }
        }
        for column in 0..<size {
            guard let pivot = (column..<size).max(by: { abs(work[$0][column]) < abs(work[$1][column]) }),
                abs(work[pivot][column]) > 1e-12
            else { return nil }
            work.swapAt(column, pivot)
            let divisor = work[column][column]
            work[column] = work[column].map { $0 / divisor }
            for row in 0..<size where row != column {
                let factor = work[row][column]
                if factor != 0 {
                    work[row] = zip(work[row], work[column]).map { $0 - factor * $1 }
                }
            }
        }
        return work.map { Array($0[size...]) }
    }

    /// The two-sided p-value of a normal z statistic.
    static func twoSidedP(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }
}
