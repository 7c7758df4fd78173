// The mini course's exercise-runner: `list`, and `run <id> --result <file>` (the runner contract).
import Foundation

struct MiniTest: Sendable {
    var id: String
    var exercise: String
    var section: String
    /// nil when the behaviour is right, else what went wrong.
    var check: @Sendable () -> String?
}

let tests = sumHiddenTests + clampHiddenTests
let arguments = CommandLine.arguments
if arguments.count == 2 && arguments[1] == "list" {
    for test in tests { print(test.id) }
    exit(0)
}
guard arguments.count >= 5, arguments[1] == "run", arguments[3] == "--result",
      let test = tests.first(where: { $0.id == arguments[2] }) else {
    FileHandle.standardError.write(Data("usage: exercise-runner list | run <id> --result <file>\n".utf8))
    exit(2)
}
let failure = test.check()
let result: [String: Any] = ["id": test.id, "exercise": test.exercise, "passed": failure == nil,
                             "message": failure ?? "", "section": test.section]
try JSONSerialization.data(withJSONObject: result).write(to: URL(fileURLWithPath: arguments[4]))
exit(0)
