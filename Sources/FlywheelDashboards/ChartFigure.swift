/// A chart as a page shows it: inline SVG with its own title and description, followed by the same
/// numbers as a data table, so the figure reads the same to a screen reader as it looks on screen.
struct ChartFigure: Sendable {
    /// One datum the chart draws and the table lists.
    struct Datum: Sendable {
        /// The category or bucket, as plain text.
        var label: String
        /// The drawn magnitude.
        var value: Double
        /// The value as the table and the labels print it.
        var display: String
        /// Where a click on this datum leads.
        var link: String
    }

    /// A fragment id unique on the page, such as `activity`.
    var id: String
    /// The chart's title.
    var title: String
    /// A sentence saying what the chart shows and its most notable reading.
    var summary: String
    /// The drawing, without the outer `<svg>` element.
    var drawing: String
    /// The drawing's size in user units.
    var width: Int
    var height: Int
    /// The data table: column headings, then rows of HTML cells (already escaped).
    var columns: [String]
    var rows: [[String]]

    /// The figure as HTML.
    var html: String {
        let titleID = "\(id)-title"
        let descID = "\(id)-desc"
        var output = "<figure class=\"chart\" id=\"\(id)\">\n"
        output += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" "
        output += "width=\"100%\" aria-labelledby=\"\(titleID) \(descID)\">\n"
        output += "<title id=\"\(titleID)\">\(HTMLText.escaped(title))</title>\n"
        output += "<desc id=\"\(descID)\">\(HTMLText.escaped(summary))</desc>\n"
        output += drawing
        output += "</svg>\n<figcaption>\(HTMLText.escaped(title)). \(HTMLText.escaped(summary))</figcaption>\n"
        output += "<table class=\"data\"><caption>Data: \(HTMLText.escaped(title))</caption>\n<thead><tr>"
        output += columns.map { "<th scope=\"col\">\(HTMLText.escaped($0))</th>" }.joined()
        output += "</tr></thead>\n<tbody>\n"
        for row in rows {
            output += "<tr>" + row.enumerated().map { index, cell in
                index == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td>\(cell)</td>"
            }.joined() + "</tr>\n"
        }
        output += "</tbody></table>\n</figure>\n"
        return output
    }

    /// A table cell holding a link.
    static func linkCell(_ text: String, _ link: String) -> String {
        "<a href=\"\(HTMLText.escaped(link))\">\(HTMLText.escaped(text))</a>"
    }
}
