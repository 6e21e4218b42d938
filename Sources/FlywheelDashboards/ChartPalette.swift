/// Colours that stay distinguishable with the common colour-vision deficiencies (the Okabe–Ito set) and
/// keep text on them at a contrast of at least 4.5:1.
enum ChartPalette {
    /// The main series colour (blue).
    static let primary = "#0072B2"
    /// A second series (vermillion), used for the previous period and for drop-off.
    static let secondary = "#D55E00"
    /// Axis lines and labels.
    static let ink = "#222222"
    static let grid = "#D0D0D0"
    /// Cells without enough evidence.
    static let missing = "#EEEEEE"

    /// The fill of a heat-map cell for an effect in percentage points: blue for better, vermillion for worse,
    /// stronger with the size of the effect (saturating at 20 points).
    static func effect(_ points: Double) -> String {
        let strength = min(1, abs(points) / 20)
        let (red, green, blue) = points >= 0 ? (0, 114, 178) : (213, 94, 0)
        func mix(_ channel: Int) -> Int { Int((255 - Double(255 - channel) * strength).rounded()) }
        return "rgb(\(mix(red)),\(mix(green)),\(mix(blue)))"
    }

    /// Text colour readable on `effect(points)`.
    static func effectText(_ points: Double) -> String {
        abs(points) >= 10 ? "#FFFFFF" : ink
    }
}
