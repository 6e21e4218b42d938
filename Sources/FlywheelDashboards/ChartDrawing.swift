/// Builds the SVG of each chart kind the dashboards use. Every drawn datum is wrapped in a link.
enum ChartDrawing {
    /// Horizontal bars, one per datum, labelled on the left and valued on the right.
    static func bars(id: String, title: String, summary: String, data: [ChartFigure.Datum], valueHeading: String)
        -> ChartFigure
    {
        let rowHeight = 26
        let width = 640
        let labelWidth = 220
        let plotWidth = width - labelWidth - 80
        let height = max(1, data.count) * rowHeight + 10
        let largest = max(data.map(\.value).max() ?? 0, 1e-9)
        var drawing = ""
        for (index, datum) in data.enumerated() {
            let y = 5 + index * rowHeight
            let length = max(0, Int((datum.value / largest * Double(plotWidth)).rounded()))
            drawing += "<a href=\"\(HTMLText.escaped(datum.link))\">"
            drawing += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 17)\" text-anchor=\"end\" font-size=\"13\" "
            drawing += "fill=\"\(ChartPalette.ink)\">\(HTMLText.escaped(shortened(datum.label)))</text>"
            drawing += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 8)\" "
            drawing += "fill=\"\(ChartPalette.primary)\"><title>\(HTMLText.escaped(datum.label)): "
            drawing += "\(HTMLText.escaped(datum.display))</title></rect>"
            drawing += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\" font-size=\"13\" "
            drawing += "fill=\"\(ChartPalette.ink)\">\(HTMLText.escaped(datum.display))</text></a>\n"
        }
        return ChartFigure(
            id: id, title: title, summary: summary, drawing: drawing, width: width, height: height,
            columns: ["", valueHeading],
            rows: data.map { [ChartFigure.linkCell($0.label, $0.link), HTMLText.escaped($0.display)] })
    }

    /// A line over time with a dot per bucket; each dot links to that bucket's period.
    static func timeSeries(id: String, title: String, summary: String, data: [ChartFigure.Datum], valueHeading: String)
        -> ChartFigure
    {
        let width = 640
        let height = 220
        let left = 50
        let bottom = height - 30
        let plotHeight = bottom - 15
        let plotWidth = width - left - 20
        let largest = max(data.map(\.value).max() ?? 0, 1)
        var drawing = "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 10)\" y2=\"\(bottom)\" "
        drawing += "stroke=\"\(ChartPalette.ink)\"/>\n"
        drawing += "<text x=\"\(left - 6)\" y=\"\(bottom)\" text-anchor=\"end\" font-size=\"12\">0</text>\n"
        drawing += "<text x=\"\(left - 6)\" y=\"20\" text-anchor=\"end\" font-size=\"12\">"
        drawing += "\(HTMLText.escaped(compact(largest)))</text>\n"
        drawing += "<line x1=\"\(left)\" y1=\"15\" x2=\"\(width - 10)\" y2=\"15\" stroke=\"\(ChartPalette.grid)\"/>\n"
        let step = data.count > 1 ? Double(plotWidth) / Double(data.count - 1) : 0
        let points = data.enumerated().map { index, datum -> (Int, Int) in
            let x = left + Int((Double(index) * step).rounded()) + (data.count == 1 ? plotWidth / 2 : 0)
            let y = bottom - Int((datum.value / largest * Double(plotHeight)).rounded())
            return (x, y)
        }
        if points.count > 1 {
            drawing += "<polyline fill=\"none\" stroke=\"\(ChartPalette.primary)\" stroke-width=\"2\" points=\""
            drawing += points.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\"/>\n"
        }
        for (index, datum) in data.enumerated() {
            let (x, y) = points[index]
            drawing += "<a href=\"\(HTMLText.escaped(datum.link))\"><circle cx=\"\(x)\" cy=\"\(y)\" r=\"5\" "
            drawing += "fill=\"\(ChartPalette.primary)\"><title>\(HTMLText.escaped(datum.label)): "
            drawing += "\(HTMLText.escaped(datum.display))</title></circle></a>\n"
        }
        if let first = data.first, let last = data.last {
            drawing += "<text x=\"\(left)\" y=\"\(height - 8)\" font-size=\"12\">"
            drawing += "\(HTMLText.escaped(first.label))</text>\n"
            drawing += "<text x=\"\(width - 10)\" y=\"\(height - 8)\" text-anchor=\"end\" font-size=\"12\">"
            drawing += "\(HTMLText.escaped(last.label))</text>\n"
        }
        return ChartFigure(
            id: id, title: title, summary: summary, drawing: drawing, width: width, height: height,
            columns: ["Period starting", valueHeading],
            rows: data.map { [ChartFigure.linkCell($0.label, $0.link), HTMLText.escaped($0.display)] })
    }

    /// Vertical bars of the ten score bands 0–9 … 90–100.
    static func scoreHistogram(id: String, title: String, counts: [UInt64], link: String) -> ChartFigure {
        let bands = (0..<10).map { $0 == 9 ? "90–100" : "\($0 * 10)–\($0 * 10 + 9)" }
        let values = (0..<10).map { $0 < counts.count ? counts[$0] : 0 }
        let total = values.reduce(0, +)
        let width = 640
        let height = 220
        let bottom = height - 30
        let barWidth = 54
        let largest = Double(max(values.max() ?? 0, 1))
        var drawing = "<line x1=\"20\" y1=\"\(bottom)\" x2=\"\(width - 20)\" y2=\"\(bottom)\" "
        drawing += "stroke=\"\(ChartPalette.ink)\"/>\n"
        for (index, count) in values.enumerated() {
            let x = 25 + index * (barWidth + 6)
            let barHeight = Int((Double(count) / largest * Double(bottom - 30)).rounded())
            drawing += "<a href=\"\(HTMLText.escaped(link))\"><rect x=\"\(x)\" y=\"\(bottom - barHeight)\" "
            drawing += "width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"\(ChartPalette.primary)\">"
            drawing += "<title>Scores \(bands[index]): \(count)</title></rect>"
            drawing += "<text x=\"\(x + barWidth / 2)\" y=\"\(bottom - barHeight - 4)\" text-anchor=\"middle\" "
            drawing += "font-size=\"12\">\(count)</text></a>\n"
            drawing += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\" font-size=\"11\">"
            drawing += "\(bands[index])</text>\n"
        }
        let fullest = values.enumerated().max { $0.element < $1.element }
        let summary =
            total == 0
            ? "No scored results in this view."
            : "\(total) scored results; the most common band is \(bands[fullest?.offset ?? 0])."
        return ChartFigure(
            id: id, title: title, summary: summary, drawing: drawing, width: width, height: height,
            columns: ["Score band", "Results"],
            rows: values.enumerated().map { [ChartFigure.linkCell(bands[$0.offset], link), String($0.element)] })
    }

    /// A funnel: centred bars narrowing from the first stage, each with its share of the first.
    static func funnel(id: String, title: String, stages: [ChartFigure.Datum]) -> ChartFigure {
        let width = 640
        let rowHeight = 40
        let height = stages.count * rowHeight + 10
        let first = max(stages.first?.value ?? 0, 1e-9)
        var drawing = ""
        for (index, stage) in stages.enumerated() {
            let length = max(2, Int((stage.value / first * 400).rounded()))
            let x = 120 + (400 - length) / 2
            let y = 5 + index * rowHeight
            let share = HTMLText.percent(stage.value / first)
            drawing += "<a href=\"\(HTMLText.escaped(stage.link))\">"
            drawing += "<text x=\"112\" y=\"\(y + 24)\" text-anchor=\"end\" font-size=\"13\">"
            drawing += "\(HTMLText.escaped(stage.label))</text>"
            drawing += "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"\(rowHeight - 10)\" "
            drawing += "fill=\"\(ChartPalette.primary)\"><title>\(HTMLText.escaped(stage.label)): "
            drawing += "\(HTMLText.escaped(stage.display)) (\(share))</title></rect>"
            drawing += "<text x=\"530\" y=\"\(y + 24)\" font-size=\"13\">\(HTMLText.escaped(stage.display)) "
            drawing += "(\(share))</text></a>\n"
        }
        let last = stages.last
        let summary =
            stages.isEmpty || stages[0].value == 0
            ? "No learner has launched this course in this view."
            : "Of \(stages[0].display) learners who launched, \(last?.display ?? "0") reached "
                + "\(last?.label.lowercased() ?? "the end") (\(HTMLText.percent((last?.value ?? 0) / first)))."
        return ChartFigure(
            id: id, title: title, summary: summary, drawing: drawing, width: width, height: height,
            columns: ["Stage", "Learners", "Share of launched"],
            rows: stages.map {
                [
                    ChartFigure.linkCell($0.label, $0.link), HTMLText.escaped($0.display),
                    HTMLText.percent($0.value / first),
                ]
            })
    }

    /// One cell of a heat map.
    struct HeatCell: Sendable {
        /// The adjusted effect in points, or nil when there was not enough evidence.
        var points: Double?
        /// The cell's printed text, such as `+12.0 (improves)`.
        var text: String
        var link: String
    }

    /// A content × segment grid coloured by effect, each cell printed with its value so colour is never the only
    /// carrier of meaning.
    static func heatMap(
        id: String, title: String, summary: String, rows: [String], columns: [String], cells: [[HeatCell]],
        rowLinks: [String], columnLinks: [String]
    ) -> ChartFigure {
        let labelWidth = 230
        let cellWidth = 110
        let cellHeight = 34
        let top = 40
        let width = labelWidth + max(1, columns.count) * cellWidth + 10
        let height = top + max(1, rows.count) * cellHeight + 10
        var drawing = ""
        for (column, name) in columns.enumerated() {
            let x = labelWidth + column * cellWidth + cellWidth / 2
            drawing += "<a href=\"\(HTMLText.escaped(columnLinks[column]))\"><text x=\"\(x)\" y=\"\(top - 10)\" "
            drawing += "text-anchor=\"middle\" font-size=\"12\">\(HTMLText.escaped(shortened(name, 16)))"
            drawing += "<title>\(HTMLText.escaped(name))</title></text></a>\n"
        }
        for (row, name) in rows.enumerated() {
            let y = top + row * cellHeight
            drawing += "<a href=\"\(HTMLText.escaped(rowLinks[row]))\"><text x=\"\(labelWidth - 6)\" y=\"\(y + 21)\" "
            drawing += "text-anchor=\"end\" font-size=\"12\">\(HTMLText.escaped(shortened(name, 30)))"
            drawing += "<title>\(HTMLText.escaped(name))</title></text></a>\n"
            for (column, cell) in cells[row].enumerated() {
                let x = labelWidth + column * cellWidth
                let fill = cell.points.map(ChartPalette.effect) ?? ChartPalette.missing
                let ink = cell.points.map(ChartPalette.effectText) ?? ChartPalette.ink
                drawing += "<a href=\"\(HTMLText.escaped(cell.link))\"><rect x=\"\(x + 1)\" y=\"\(y + 1)\" "
                drawing += "width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"\(fill)\" "
                drawing += "stroke=\"\(ChartPalette.grid)\"><title>\(HTMLText.escaped(name)) for "
                drawing += "\(HTMLText.escaped(columns[column])): \(HTMLText.escaped(cell.text))</title></rect>"
                drawing += "<text x=\"\(x + cellWidth / 2)\" y=\"\(y + 21)\" text-anchor=\"middle\" font-size=\"12\" "
                drawing += "fill=\"\(ink)\">\(HTMLText.escaped(cell.text))</text></a>\n"
            }
        }
        let tableRows = rows.enumerated().map { row, name in
            [ChartFigure.linkCell(name, rowLinks[row])]
                + cells[row].map { ChartFigure.linkCell($0.text, $0.link) }
        }
        return ChartFigure(
            id: id, title: title, summary: summary, drawing: drawing, width: width, height: height,
            columns: ["Content"] + columns, rows: tableRows)
    }

    private static func shortened(_ text: String, _ limit: Int = 32) -> String {
        text.count <= limit ? text : "…" + text.suffix(limit - 1)
    }

    private static func compact(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : HTMLText.decimal(value)
    }
}
