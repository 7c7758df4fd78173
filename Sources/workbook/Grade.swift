// `workbook grade`: grade a class of submissions with the hidden tests (instructor edition only).

import ArgumentParser
import Foundation
import Grader

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a folder of submissions with the hidden tests: grades.csv, feedback, Gradescope results, a summary.",
        discussion: """
            Each entry of <submissions> is one student: a student-edition folder (or git clone) \
            or a .zip of one; its name is the student's id. Only the four exercise regions are \
            taken. Writes <out>/grades.csv, <out>/summary.md and, per student, \
            <out>/students/<id>/feedback.md, results.json (Gradescope) and grade.json. Run it as \
            root (or in a container) so that student code runs as an unprivileged user. \
            --gradescope-bundle <zip> writes a Gradescope autograder bundle instead.
            """
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "The folder of submissions.")
    var submissions: String?

    @Option(help: "The folder the results go to.")
    var out: String?

    @Option(help: "Submissions graded at once (each job keeps its own warm build).")
    var jobs: Int = 1

    @Flag(help: "Skip students already graded in <out>.")
    var resume = false

    @Option(help: "Grade only this student.")
    var only: String?

    @Option(help: "A CSV of student ids (column id, student or login, else the first): students without a submission get a row of zeros.")
    var roster: String?

    @Option(help: "The rendered student book's folder or URL: feedback links go there, and feedback.html is written too (default: .build/book/student when it exists).")
    var renderedBook: String?

    @Flag(inversion: .prefixedNo, help: "First check that the reference earns full marks.")
    var checkReference = true

    @Option(help: "Write a Gradescope autograder bundle (.zip) of this instructor edition instead of grading.")
    var gradescopeBundle: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if gradescopeBundle == nil && (submissions == nil || out == nil) {
            throw ValidationError("give <submissions> and --out <dir> (or --gradescope-bundle <zip>)")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: book.root).standardizedFileURL
        if try Edition.of(root: root) == .student { throw GradeError(Course.needsInstructorEdition) }
        let course = try Course.load(root: root)
        if let gradescopeBundle {
            try writeGradescopeBundle(course: course, to: URL(fileURLWithPath: gradescopeBundle))
            print("wrote \(gradescopeBundle)")
            return
        }
        var options = ClassGradingOptions(submissions: URL(fileURLWithPath: submissions!).standardizedFileURL,
                                          output: URL(fileURLWithPath: out!).standardizedFileURL)
        options.jobs = jobs
        options.resume = resume
        options.only = only
        options.roster = roster.map { URL(fileURLWithPath: $0) }
        options.book = renderedBook ?? defaultRenderedBook(root)
        options.checkReference = checkReference
        let grader = try ClassGrader(course: course, options: options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let grades = try grader.run()
        print("graded \(grades.count) students: \(options.output.path)/grades.csv, summary.md, students/<id>/feedback.md")
    }

    /// The rendered student book, when `workbook render --edition student` has made one (never
    /// the instructor's: students must not be sent to the solutions).
    func defaultRenderedBook(_ root: URL) -> String? {
        let folder = root.appendingPathComponent(".build/book/student")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) ? folder.path : nil
    }
}
