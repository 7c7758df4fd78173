import Foundation
import Glibc
import Synchronization
import Testing
@testable import Machine

/// Two threads pass a token through one `Monitor` `count` times. The passer changes the turn
/// under the mutex and signals *after* unlocking (the case where a lost wake-up could hide);
/// both wait with `wait(pollingFor:)`. Returns true if every pass arrived within `timeout`.
private func passToken(count: Int, poll: UInt64, timeout: Double) -> Bool {
    final class Table: @unchecked Sendable {
        let monitor = Monitor()
        var turn = 0          // guarded by monitor: whose move it is (0 or 1)
        let finished = Atomic<Int>(0)
    }
    let table = Table()
    @Sendable func player(_ me: Int) {
        for _ in 0..<count {
            table.monitor.lock()
            while table.turn != me { table.monitor.wait(pollingFor: poll) }
            table.turn = 1 - me
            table.monitor.unlock()
            table.monitor.broadcast()
        }
        table.finished.add(1, ordering: .sequentiallyConsistent)
    }
    for me in 0..<2 {
        let thread = Thread { player(me) }
        thread.start()
    }
    let deadline = Monitor.deadline(after: timeout)
    while table.finished.load(ordering: .sequentiallyConsistent) < 2 {
        if Monitor.now() > deadline { return false }
        usleep(1000)
    }
    return true
}

@Suite("The monitor: polling waits and wake-ups")
struct MonitorTests {
    @Test("No wake-up is lost when waiters poll and signals come after the unlock", arguments: [0, 500, 5_000, 32_768])
    func noLostWakeup(poll: Int) {
        #expect(passToken(count: 20_000, poll: UInt64(poll), timeout: 60))
    }

    @Test("A signal sent while the signaler holds the mutex wakes a sleeping waiter")
    func signalUnderLock() {
        final class Shared: @unchecked Sendable {
            let monitor = Monitor()
            var set = false                 // guarded by monitor
            let woke = Atomic<Bool>(false)
        }
        let shared = Shared()
        let thread = Thread {
            shared.monitor.lock()
            while !shared.set { shared.monitor.wait(pollingFor: 1_000) }
            shared.monitor.unlock()
            shared.woke.store(true, ordering: .sequentiallyConsistent)
        }
        thread.start()
        usleep(20_000)                      // long past the poll: the waiter sleeps
        shared.monitor.withLock {
            shared.set = true
            shared.monitor.broadcast()
        }
        let deadline = Monitor.deadline(after: 10)
        while !shared.woke.load(ordering: .sequentiallyConsistent) && Monitor.now() < deadline { usleep(1000) }
        let woke = shared.woke.load(ordering: .sequentiallyConsistent)
        #expect(woke)
    }

    @Test("A timed wait still times out, and the machine's configuration polls for QEMU's 32,768 ns")
    func timedWaitAndDefault() {
        let monitor = Monitor()
        let start = Monitor.now()
        let woken = monitor.withLock { monitor.wait(until: Monitor.deadline(after: 0.02)) }
        #expect(!woken)
        #expect(Monitor.now() - start >= 20_000_000)
        #expect(MachineConfiguration().pollNanoseconds == 32_768)
    }
}
