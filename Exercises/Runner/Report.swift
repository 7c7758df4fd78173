// Running one test in this process and writing its result file exactly once: when the body
// ends, or, if it is still running just before the parent's limit, from the watchdog.
import Driver
import Foundation
import KernelSupport
import Machine

/// What the test is doing now, for the watchdog's message. Guarded by `reportLock`.
nonisolated(unsafe) private var currentStep = "starting"
nonisolated(unsafe) private var reported = false
private let reportLock = NSLock()

/// When the test's time is up (the watchdog reports then). Set once, before the body runs.
nonisolated(unsafe) private(set) var testDeadline = Date.distantFuture

/// Seconds left until the test's deadline: how long a wait for the code under test may last.
var secondsLeft: Double { max(0, testDeadline.timeIntervalSinceNow) }

/// Records what the test waits for now, so that a hang can be reported by name.
func setStep(_ step: String) {
    reportLock.withLock { currentStep = step }
}

/// Runs `test`, writes its result to `resultPath` and ends the process (parked kernel threads
/// and all). A watchdog reports a hang `limit` seconds after the start (the parent waits a
/// little longer before it kills the process group).
func runAndReport(_ test: ExerciseTest, resultPath: String, limit: Double) -> Never {
    let started = Date()
    testDeadline = started.addingTimeInterval(max(0.2, limit - 0.05))
    let watchdog = Thread {
        Thread.sleep(until: testDeadline.addingTimeInterval(0.05))   // a wait ending at the deadline reports first
        let step = reportLock.withLock { currentStep }
        report(test, resultPath: resultPath, passed: false,
               message: "did not finish within \(String(format: "%g", limit)) s: still \(step)", section: nil)
    }
    watchdog.start()

    var passed = false
    var message = "passed"
    var section: String?
    var waitsFor: String?
    do {
        try test.body()
        passed = true
    } catch let failure as Failure {
        message = failure.message
        section = failure.section
    } catch let stub as StubReached {
        message = stub.sentence
        if stub.exercise != test.exercise.name { waitsFor = stub.exercise }
    } catch {
        message = "\(error)"
    }
    if !passed, waitsFor != nil || Date().timeIntervalSince(started) < limit - 0.6,
       let own = probeStub(test.exercise) {
        message = own
        waitsFor = nil
    }
    report(test, resultPath: resultPath, passed: passed, message: message, section: section, waitsFor: waitsFor)
}

/// Writes the result file once (atomically: a temporary file, then a rename) and ends the process.
private func report(_ test: ExerciseTest, resultPath: String, passed: Bool, message: String,
                    section: String?, waitsFor: String? = nil) -> Never {
    reportLock.lock()
    if reported {
        reportLock.unlock()
        while true { Thread.sleep(forTimeInterval: 1) }    // the other reporter is ending the process
    }
    reported = true
    reportLock.unlock()
    var object: [String: Any] = [
        "id": test.id, "exercise": test.exercise.name, "passed": passed,
        "message": message, "section": section ?? test.section,
    ]
    if let waitsFor { object["waitsFor"] = waitsFor }
    let temporary = resultPath + ".partial"
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
       FileManager.default.createFile(atPath: temporary, contents: data) {
        rename(temporary, resultPath)
    }
    fflush(nil)
    _exit(0)
}

/// The stub's sentence if `exercise`'s own function is still the starter stub, found by calling it
/// once on a machine of its own; nil if it does anything else.
func probeStub(_ exercise: Exercise) -> String? {
    let machine = Machine(configuration: MachineConfiguration(ramSize: 1 << 20, disk: .memory(byteCount: 4096),
                                                              traceEnabled: false, pollNanoseconds: 0))
    let platform = Platform(machine: machine)
    let disk = VirtioDisk(platform: platform)
    guard let page = platform.kalloc() else { return nil }
    let b = Buf(data: page, platform: platform)
    let thread = KernelThread("probe") {
        switch exercise {
        case .`init`: disk.initialize()
        case .alloc3:
            var idx = [0, 0, 0]
            disk.vdiskLock.acquire()
            _ = disk.alloc3Desc(&idx)
            disk.vdiskLock.release()
        case .rw: disk.rw(b, write: false)
        case .intr: disk.intr()
        }
    }
    let deadline = Date().addingTimeInterval(0.25)
    while Date() < deadline && !thread.join(timeout: 0.005) {
        if machine.panicMessage != nil { break }
    }
    guard let message = machine.panicMessage, let stub = stubSentence(message), stub.exercise == exercise.name else {
        return nil
    }
    return stub.sentence
}

/// The exercise and sentence of a stub's panic message: `exercise 3 (rw) is not implemented yet — …`.
func stubSentence(_ message: String) -> StubReached? {
    guard let range = message.range(of: #"exercise [0-9]+ \([A-Za-z0-9_]+\) is not implemented yet"#,
                                    options: .regularExpression) else { return nil }
    let head = message[range]
    guard let open = head.firstIndex(of: "("), let close = head.firstIndex(of: ")") else { return nil }
    return StubReached(exercise: String(head[head.index(after: open)..<close]), sentence: String(message[range.lowerBound...]))
}
