// summary.md: what an instructor wants to know about the class. Per exercise, how the scores
// are spread and why some could not be graded; then the behaviours failed most often, which
// say what to teach again.

import ExerciseHarness
import Foundation

public func summaryMarkdown(_ grades: [StudentGrade], manifest: Manifest) -> String {
    let submitted = grades.filter { $0.status == nil }
    var page = "# Grading summary\n\n"
    page += "\(grades.count) students, \(submitted.count) graded"
    let missing = grades.filter { $0.status != nil }
    if !missing.isEmpty { page += ", \(missing.count) not graded (" + Dictionary(grouping: missing, by: { $0.status ?? "" }).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ") + ")" }
    let totals = submitted.map(\.total)
    page += ". Total: mean \(formatScore(mean(totals))), median \(formatScore(median(totals))) of \(formatScore(manifest.maximum)).\n\n"

    page += "## Scores per exercise\n\n"
    page += "| Exercise | 0 | 1–49% | 50–89% | 90–99% | 100% | mean | does not compile | not gradable |\n"
    page += "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    for exercise in manifest.exercises {
        let grades = submitted.compactMap { $0.exercises.first { $0.name == exercise.name } }
        let fractions = grades.map { exercise.weight > 0 ? $0.score / exercise.weight : 0 }
        let bins = [fractions.filter { $0 == 0 }, fractions.filter { $0 > 0 && $0 < 0.5 },
                    fractions.filter { $0 >= 0.5 && $0 < 0.9 }, fractions.filter { $0 >= 0.9 && $0 < 1 },
                    fractions.filter { $0 >= 1 }].map { String($0.count) }
        let broken = grades.filter { !$0.compileErrors.isEmpty || $0.buildProblem != nil }.count
        let ungradable = grades.filter { $0.problem != nil }.count
        page += "| \(exercise.number). \(exercise.name) | " + bins.joined(separator: " | ")
            + " | \(formatScore(mean(grades.map(\.score)))) / \(formatScore(exercise.weight)) | \(broken) | \(ungradable) |\n"
    }

    page += "\n## Behaviours failed most often\n\n"
    page += "Among students whose exercise compiled and ran.\n\n"
    var failures: [String: (exercise: String, behaviour: String, count: Int, ran: Int)] = [:]
    for grade in submitted {
        for exercise in grade.exercises where exercise.isGraded {
            for test in exercise.tests {
                var entry = failures[test.id] ?? (exercise.name, test.behaviour, 0, 0)
                entry.ran += 1
                if !test.passed { entry.count += 1 }
                failures[test.id] = entry
            }
        }
    }
    let ranked = failures.values.filter { $0.count > 0 }
        .sorted { ($0.count, $1.behaviour) > ($1.count, $0.behaviour) }.prefix(15)
    if ranked.isEmpty { page += "None.\n" }
    else {
        page += "| Failed by | Exercise | Behaviour |\n| --- | --- | --- |\n"
        for entry in ranked {
            page += "| \(entry.count) of \(entry.ran) | \(entry.exercise) | \(entry.behaviour) |\n"
        }
    }
    let noted = grades.filter { !$0.notes.isEmpty }
    if !noted.isEmpty {
        page += "\n## Submissions with notes\n\n"
        for grade in noted { page += "- \(grade.student): " + grade.notes.joined(separator: "; ") + "\n" }
    }
    return page
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : ((values.reduce(0, +) / Double(values.count)) * 100).rounded() / 100
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
