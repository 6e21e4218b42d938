/// The frame every dashboard page shares: head, navigation, filter form, refresh script and the sections.
struct DashboardPage: Sendable {
    /// The document title and the page heading.
    var title: String
    /// The path of the page without query, for the filter form's action.
    var path: String
    var filters: DashboardFilters
    /// Segment names offered by the filter form.
    var segmentNames: [String]
    /// The Feed sequence the page's numbers cover; the refresh script reloads when it moves on.
    var appliedSequence: UInt64
    var refreshSeconds: Int
    /// Today's day number, for the quick date ranges.
    var today: Int
    /// The page content, already HTML.
    var sections: [String]

    /// An inline icon, so browsers do not ask the gateway for `/favicon.ico` (a 404 in their console).
    static let icon = "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
        + "viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='6' fill='none' stroke='%23005a9c' "
        + "stroke-width='3'/%3E%3C/svg%3E\">"

    var html: String {
        var output = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        output += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        output += Self.icon + "\n"
        output += "<title>\(HTMLText.escaped(title)) · Flywheel dashboards</title>\n"
        output += "<noscript><meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\"></noscript>\n"
        output += "<style>\(Self.style)</style>\n</head>\n<body>\n"
        output += "<header><nav aria-label=\"Dashboards\"><a href=\"\(DashboardPath.overview(DashboardFilters()))\">"
        output += "Overview</a></nav>\n<h1>\(HTMLText.escaped(title))</h1>\n"
        output += "<p class=\"scope\">\(HTMLText.escaped(scopeSentence)) Numbers cover Feed sequence "
        output += "<span id=\"applied-sequence\">\(appliedSequence)</span>.</p>\n"
        output += filterForm + "</header>\n<main>\n"
        output += sections.joined(separator: "\n")
        output += "</main>\n" + refreshScript + "</body>\n</html>\n"
        return output
    }

    private var scopeSentence: String {
        var parts: [String] = []
        let first = filters.from.isEmpty ? "the start" : filters.from
        let last = filters.to.isEmpty ? "now" : filters.to
        parts.append(filters.from.isEmpty && filters.to.isEmpty ? "All dates." : "From \(first) to \(last).")
        parts.append(filters.segment.isEmpty ? "Everyone." : "Segment \(filters.segment).")
        if !filters.activity.isEmpty { parts.append("Activity \(filters.activity).") }
        return parts.joined(separator: " ")
    }

    private var filterForm: String {
        var output = "<form class=\"filters\" method=\"get\" action=\"\(HTMLText.escaped(path))\">\n"
        output += "<label>From <input type=\"date\" name=\"from\" "
        output += "value=\"\(HTMLText.escaped(filters.from))\"></label>\n"
        output += "<label>To <input type=\"date\" name=\"to\" value=\"\(HTMLText.escaped(filters.to))\"></label>\n"
        output += "<label>Segment <select name=\"segment\"><option value=\"\">Everyone</option>"
        for name in segmentNames {
            let selected = name == filters.segment ? " selected" : ""
            output += "<option value=\"\(HTMLText.escaped(name))\"\(selected)>\(HTMLText.escaped(name))</option>"
        }
        output += "</select></label>\n"
        output += "<label>Activity <input type=\"text\" name=\"activity\" size=\"40\" "
        output += "value=\"\(HTMLText.escaped(filters.activity))\" placeholder=\"activity or course IRI\"></label>\n"
        output += "<button type=\"submit\">Apply</button>\n</form>\n<p class=\"ranges\">Quick ranges: "
        let ranges = [("Last 7 days", 7), ("Last 28 days", 28), ("Last 90 days", 90)]
        output += ranges.map { label, days in
            let range = filters.with(from: CalendarText.text(today - days + 1), to: CalendarText.text(today))
            return "<a href=\"\(HTMLText.escaped(path + "?" + range.query))\">\(label)</a>"
        }.joined(separator: " · ")
        let cleared = DashboardFilters().with(segment: filters.segment, activity: filters.activity)
        output += " · <a href=\"\(HTMLText.escaped(path + (cleared.query.isEmpty ? "" : "?" + cleared.query)))\">"
        output += "All dates</a></p>\n"
        return output
    }

    /// Long-polls the status document (`?after=` the page's sequence) and reloads once the service has applied
    /// newer statements, but no sooner than `refreshSeconds` after the page loaded; without JavaScript the
    /// `<noscript>` refresh in the head reloads on a timer instead.
    private var refreshScript: String {
        """
        <script>
        (function () {
          var seen = "\(appliedSequence)";
          var earliest = Date.now() + \(refreshSeconds * 1000);
          function poll() {
            fetch("\(DashboardPath.status)?after=" + seen, {credentials: "same-origin", cache: "no-store"})
              .then(function (response) { return response.ok ? response.json() : null; })
              .then(function (status) {
                if (status && String(status.appliedSequence) !== seen) {
                  setTimeout(function () { window.location.reload(); }, Math.max(0, earliest - Date.now()));
                } else {
                  setTimeout(poll, status ? 1000 : \(refreshSeconds * 1000));
                }
              })
              .catch(function () { setTimeout(poll, \(refreshSeconds * 1000)); });
          }
          poll();
        })();
        </script>

        """
    }

    private static let style = """
        body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:70rem}\
        a{color:#0056A0}h2{margin-top:2rem;border-bottom:1px solid #ccc}\
        .kpis{display:flex;flex-wrap:wrap;gap:1rem;padding:0}.kpis div{border:1px solid #ccc;padding:.5rem 1rem;\
        min-width:9rem}.kpis dt{font-size:.85rem}.kpis dd{margin:0;font-size:1.4rem}.kpis dd.change{font-size:.85rem}\
        table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}\
        figure.chart{margin:1rem 0}figure.chart svg{max-width:45rem;display:block}\
        .filters label{margin-right:.8rem}.error{color:#A00}
        """
}
