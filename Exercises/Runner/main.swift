// exercise-runner: runs one exercise test in this process and writes its result as JSON.
//
//   exercise-runner list                                  the test ids, one per line
//   exercise-runner run <test-id> --result <file> [--limit <seconds>]
//   exercise-runner trace <exercise>                      a scenario, then what the device saw
//
// The parent (swift test, `workbook check`, the grader) runs each test in its own process
// group and kills it at the limit; this process also stops itself a little earlier, so that a
// hang is reported with the step it hung in. Prints of the code under test go to stdout and
// stderr; the result goes only to <file>, written whole or not at all.
import Foundation

let usage = """
    usage: exercise-runner list
           exercise-runner run <test-id> --result <file> [--limit <seconds>]
           exercise-runner trace <exercise>
    """

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "list":
    for test in catalogue { print(test.id) }
case "run":
    guard arguments.count >= 4, let resultIndex = arguments.firstIndex(of: "--result"),
          resultIndex + 1 < arguments.count else {
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
    let id = arguments[1]
    var limit = 2.0
    if let limitIndex = arguments.firstIndex(of: "--limit"), limitIndex + 1 < arguments.count,
       let seconds = Double(arguments[limitIndex + 1]) {
        limit = seconds
    }
    guard let test = catalogue.first(where: { $0.id == id }) else {
        FileHandle.standardError.write(Data("exercise-runner: no test called \(id) (see `exercise-runner list`)\n".utf8))
        exit(2)
    }
    runAndReport(test, resultPath: arguments[resultIndex + 1], limit: limit)
case "trace" where arguments.count == 2:
    traceScenario(arguments[1])
    exit(0)
case "--help", "-h", "help":
    print(usage)
default:
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
