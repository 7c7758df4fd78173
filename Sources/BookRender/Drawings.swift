// SVG drawings of the emulator's state: the rings at one moment, and a request's journey.
//
// The SVG carries classes only; the page's stylesheet colours it, so figures follow the
// reader's light or dark theme and print in black on white. Each drawing has a <title> (its
// alt text) and scales with the page.

import DiagramFormat
import Foundation

private let rowHeight = 24.0

/// Number text for SVG.
private func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
}

private func text(_ x: Double, _ y: Double, _ content: String, _ cssClass: String, anchor: String = "start") -> String {
    "<text x=\"\(number(x))\" y=\"\(number(y))\" class=\"\(cssClass)\" text-anchor=\"\(anchor)\">\(escapeHTML(content))</text>"
}

private func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ cssClass: String) -> String {
    "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\" class=\"\(cssClass)\"/>"
}

private func svgOpen(id: String, width: Double, height: Double, caption: String) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" class="figure" viewBox="0 0 \(number(width)) \(number(height))" role="img" aria-labelledby="\(id)-title">
    <title id="\(id)-title">\(escapeHTML(caption))</title>
    <defs><marker id="\(id)-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>

    """
}

private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

/// The descriptor table, the available ring and the used ring, with chains as arrows.
struct RingsDrawing {
    var state: RingState
    var caption: String
    var id: String

    var svg: String {
        let rows = min(state.size, 16)
        let top = 74.0
        let height = top + Double(rows) * rowHeight + 44
        let rowY = { (row: Int) in top + Double(row) * rowHeight }
        let middle = { (row: Int) in rowY(row) + rowHeight / 2 }
        var out = svgOpen(id: id, width: 780, height: height, caption: caption)
        guard state.ready else {
            out += text(390, 40, "the queue is not ready: the device has no rings yet", "label", anchor: "middle")
            return out + "</svg>"
        }

        // Available ring (driver → device).
        let availX = 16.0, availWidth = 132.0
        out += text(availX, 20, "available ring", "heading")
        out += text(availX, 40, "idx \(state.availableIndex)", "index")
        out += text(availX, 58, "device took \(state.deviceLastAvailable)", "note")
        let filledAvail = Set((0..<min(Int(state.availableIndex), state.size)).map { (Int(state.availableIndex) - 1 - $0) % state.size })
        for slot in 0..<rows {
            let filled = filledAvail.contains(slot)
            out += rect(availX, rowY(slot), availWidth, rowHeight, filled ? "cell filled" : "cell")
            out += text(availX + 6, middle(slot) + 4, "[\(slot)]", "slot")
            out += text(availX + availWidth - 8, middle(slot) + 4, filled ? "head \(state.available[slot])" : "\(state.available[slot])",
                        filled ? "value" : "value faint", anchor: "end")
        }

        // Descriptor table.
        let tableX = 214.0
        let columns: [(String, Double, Double)] = [("#", 0, 26), ("addr", 26, 104), ("len", 130, 56), ("flags", 186, 96), ("next", 282, 44)]
        let tableWidth = 326.0
        out += text(tableX, 20, "descriptor table", "heading")
        for (name, x, _) in columns { out += text(tableX + x + 6, 62, name, "note") }
        for row in 0..<rows {
            let entry = state.descriptors[row]
            let empty = entry.address == 0 && entry.length == 0 && entry.flags == 0
            out += rect(tableX, rowY(row), tableWidth, rowHeight, empty ? "cell" : "cell filled")
            var flags: [String] = []
            if entry.flags & 1 != 0 { flags.append("NEXT") }
            if entry.flags & 2 != 0 { flags.append("WRITE") }
            if entry.flags & 4 != 0 { flags.append("INDIRECT") }
            let values = [String(row), empty ? "—" : hex(entry.address), empty ? "" : String(entry.length),
                          flags.joined(separator: "|"), entry.flags & 1 != 0 ? String(entry.next) : ""]
            for (index, value) in values.enumerated() {
                out += text(tableX + columns[index].1 + 6, middle(row) + 4, value, index == 0 ? "slot" : "value")
            }
        }

        // Chains: the available slot to its head, then NEXT to NEXT in the gutter.
        let gutter = tableX + tableWidth
        for chain in state.chains {
            if let head = chain.first, head < rows,
               let slot = filledAvail.sorted().first(where: { Int(state.available[$0]) == head }) {
                out += "<path d=\"M \(number(availX + availWidth)) \(number(middle(slot))) L \(number(tableX)) \(number(middle(head)))\" class=\"arrow chain\" marker-end=\"url(#\(id)-arrow)\"/>"
            }
            for (from, to) in zip(chain, chain.dropFirst()) where from < rows && to < rows {
                let bend = gutter + 18 + Double(abs(to - from)) * 4
                out += "<path d=\"M \(number(gutter)) \(number(middle(from))) C \(number(bend)) \(number(middle(from))), \(number(bend)) \(number(middle(to))), \(number(gutter)) \(number(middle(to)))\" class=\"arrow chain\" marker-end=\"url(#\(id)-arrow)\"/>"
            }
        }

        // Used ring (device → driver).
        let usedX = 612.0, usedWidth = 152.0
        out += text(usedX, 20, "used ring", "heading")
        out += text(usedX, 40, "idx \(state.usedIndex)", "index")
        out += text(usedX, 58, "device's copy \(state.deviceUsedIndex)", "note")
        let filledUsed = Set((0..<min(Int(state.usedIndex), state.size)).map { (Int(state.usedIndex) - 1 - $0) % state.size })
        for slot in 0..<rows {
            let filled = filledUsed.contains(slot)
            let entry = state.used[slot]
            out += rect(usedX, rowY(slot), usedWidth, rowHeight, filled ? "cell done" : "cell")
            out += text(usedX + 6, middle(slot) + 4, "[\(slot)]", "slot")
            out += text(usedX + usedWidth - 8, middle(slot) + 4, filled ? "id \(entry.id) len \(entry.length)" : "—",
                        filled ? "value" : "value faint", anchor: "end")
            if filled, Int(entry.id) < rows, state.descriptors[Int(entry.id)].address != 0 {
                out += "<path d=\"M \(number(usedX)) \(number(middle(slot))) L \(number(gutter + 4)) \(number(middle(Int(entry.id))))\" class=\"arrow used\" marker-end=\"url(#\(id)-arrow)\"/>"
            }
        }
        let legendY = top + Double(rows) * rowHeight + 26
        out += text(availX, legendY, "filled: written by the driver", "note")
        out += text(usedX, legendY, "filled: written by the device", "note")
        return out + "</svg>"
    }
}

/// A request's journey: one row per step, one lifeline per actor, arrows where control passes.
struct JourneyDrawing {
    var steps: [JourneyStep]
    var caption: String
    var id: String

    static let lanes = ["process", "driver", "device", "interrupt"]

    var svg: String {
        let ordered = steps.sorted { $0.time < $1.time }
        let laneX = { (lane: String) in 118.0 + Double(Self.lanes.firstIndex(of: lane) ?? 0) * 78 }
        let top = 52.0, step = 30.0
        let height = top + Double(ordered.count) * step + 10
        let y = { (index: Int) in top + Double(index) * step + step / 2 }
        var out = svgOpen(id: id, width: 780, height: height, caption: caption)
        out += text(72, 24, "µs", "note", anchor: "end")
        for lane in Self.lanes {
            out += text(laneX(lane), 24, lane, "heading", anchor: "middle")
            out += "<line x1=\"\(number(laneX(lane)))\" y1=\"34\" x2=\"\(number(laneX(lane)))\" y2=\"\(number(height - 6))\" class=\"lifeline\"/>"
        }
        let start = ordered.first?.time ?? 0
        for (index, current) in ordered.enumerated() {
            if index > 0 {
                let previous = ordered[index - 1]
                if previous.lane != current.lane {
                    out += "<path d=\"M \(number(laneX(previous.lane))) \(number(y(index - 1))) L \(number(laneX(current.lane))) \(number(y(index) - 6))\" class=\"arrow chain\" marker-end=\"url(#\(id)-arrow)\"/>"
                } else {
                    out += "<line x1=\"\(number(laneX(current.lane)))\" y1=\"\(number(y(index - 1)))\" x2=\"\(number(laneX(current.lane)))\" y2=\"\(number(y(index)))\" class=\"active\"/>"
                }
            }
            out += text(72, y(index) + 4, String(format: "+%.1f", current.time - start), "note", anchor: "end")
            out += "<circle cx=\"\(number(laneX(current.lane)))\" cy=\"\(number(y(index)))\" r=\"5\" class=\"dot \(escapeHTML(current.lane))\"/>"
            out += text(laneX(Self.lanes.last!) + 30, y(index) + 4, current.text, "value")
        }
        return out + "</svg>"
    }
}
