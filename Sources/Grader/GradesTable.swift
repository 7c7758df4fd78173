// grades.csv: a row per student, a column per exercise, the total and a status.

import ExerciseHarness
import Foundation

public func gradesCSV(_ grades: [StudentGrade], manifest: Manifest) -> String {
    var rows = [["student"] + manifest.exercises.map(\.name) + ["total", "status"]]
    for grade in grades {
        let scores = manifest.exercises.map { exercise in
            formatScore(grade.exercises.first { $0.name == exercise.name }?.score ?? 0)
        }
        rows.append([grade.student] + scores + [formatScore(grade.total), grade.statusWord])
    }
    return rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
}

extension StudentGrade {
    /// One word or phrase for the status column.
    var statusWord: String {
        if let status { return status }
        if exercises.allSatisfy({ $0.problem != nil }) { return "not gradable" }
        let problems = exercises.filter { !$0.isGraded }.map { "\($0.name): \($0.compileErrors.isEmpty && $0.buildProblem == nil ? "not gradable" : "does not compile")" }
        return problems.isEmpty ? "graded" : "graded; " + problems.joined(separator: "; ")
    }
}

/// Quotes a field when needed, and defuses spreadsheet formulas (a student id or message that
/// starts with = + - @ is prefixed with an apostrophe).
func csvField(_ field: String) -> String {
    var value = field
    if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
    if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
}

/// Student ids from a roster CSV: the column headed `id`, `student` or `login`, or else the
/// first column. Blank lines are skipped.
public func readRoster(_ url: URL) throws -> [String] {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        throw GradeError("\(url.path): cannot read the roster (a UTF-8 CSV file, one student per line)")
    }
    let rows = parseCSV(text).filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    guard let header = rows.first else { return [] }
    let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    if let column = names.firstIndex(where: { ["id", "student", "login", "student id", "sid"].contains($0) }) {
        return rows.dropFirst().compactMap { column < $0.count ? $0[column].trimmingCharacters(in: .whitespaces) : nil }
    }
    return rows.map { $0[0].trimmingCharacters(in: .whitespaces) }
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
    var characters = Array(text).makeIterator()
    while let character = characters.next() {
        if quoted {
            if character == "\"" {
                if let next = characters.next() {
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        if next == "," { row.append(field); field = "" }
                        else if next == "\n" || next == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
                        else if next != "\r" { field.append(next) }
                    }
                } else { quoted = false }
            } else { field.append(character) }
        } else if character == "\"" && field.isEmpty {
            quoted = true
        } else if character == "," {
            row.append(field); field = ""
        } else if character == "\n" || character == "\r\n" {
            row.append(field); rows.append(row); row = []; field = ""
        } else if character != "\r" {
            field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
