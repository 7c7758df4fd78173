// Kernel support (chapters 40-48): spinlocks, sleep/wakeup, sleep locks, panic, kalloc, PLIC.
import Board
import Driver
import KernelSupport
import Machine
import TestRig
import Testing

@Suite("Kernel support")
struct KernelSupportTests {
    @Test("Acquiring a spinlock the thread already holds panics \"acquire\"")
    func acquireTwicePanics() {
        let rig = Rig(boot: false)
        let lock = Spinlock("test", rig.platform)
        let outcome = rig.run(timeout: 5) {
            lock.acquire()
            lock.acquire()
        }
        #expect(outcome == .panicked("acquire"))
    }

    @Test("Releasing a spinlock the thread does not hold panics \"release\"")
    func releaseUnheldPanics() {
        let rig = Rig(boot: false)
        let lock = Spinlock("test", rig.platform)
        #expect(rig.run(timeout: 5) { lock.release() } == .panicked("release"))
    }

    @Test("holding() is true only for the thread that holds the lock")
    func holdingIsPerThread() {
        let rig = Rig(boot: false)
        let lock = Spinlock("test", rig.platform)
        let seen = Box<[Bool]>([])
        let outcome = rig.run {
            seen.value.append(lock.holding())
            lock.acquire()
            seen.value.append(lock.holding())
            let other = KernelThread("other") { seen.value.append(lock.holding()) }
            _ = other.join(timeout: 5)
            lock.release()
            seen.value.append(lock.holding())
        }
        #expect(outcome == .finished)
        #expect(seen.value == [false, true, false, false])
    }

    @Test("A spinlock excludes: concurrent increments under it are never lost")
    func spinlockExcludes() {
        let rig = Rig(boot: false)
        let lock = Spinlock("counter", rig.platform)
        let counter = Box(0)
        let threads = (0..<4).map { _ in
            rig.start {
                for _ in 0..<10_000 {
                    lock.acquire()
                    counter.value += 1
                    lock.release()
                }
            }
        }
        for thread in threads { #expect(rig.wait(for: thread) == .finished) }
        #expect(counter.value == 40_000)
    }

    @Test("sleep blocks until wakeup on its channel, and re-acquires the lock")
    func sleepUntilWakeup() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        let lock = Spinlock("cond", platform)
        let ready = Box(false)
        let heldAfterWake = Box(false)
        let sleeper = rig.start {
            lock.acquire()
            while !ready.value { platform.sleep(7, lock) }
            heldAfterWake.value = lock.holding()
            lock.release()
        }
        #expect(!sleeper.join(timeout: 0.1), "the sleeper must block")
        // A wakeup on another channel does not wake it.
        #expect(rig.run { platform.wakeup(8) } == .finished)
        #expect(!sleeper.join(timeout: 0.05))
        #expect(rig.run {
            lock.acquire()
            ready.value = true
            platform.wakeup(7)
            lock.release()
        } == .finished)
        #expect(rig.wait(for: sleeper) == .finished)
        #expect(heldAfterWake.value)
    }

    @Test("No wakeup is lost: two threads hand a token back and forth 20,000 times")
    func noLostWakeups() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        let lock = Spinlock("token", platform)
        let turn = Box(0)
        let rounds = 10_000
        func player(_ me: Int) -> KernelThread {
            rig.start {
                for _ in 0..<rounds {
                    lock.acquire()
                    while turn.value != me { platform.sleep(100 + UInt(me), lock) }
                    turn.value = 1 - me
                    platform.wakeup(100 + UInt(1 - me))
                    lock.release()
                }
            }
        }
        let a = player(0), b = player(1)
        #expect(rig.wait(for: a, timeout: 30) == .finished)
        #expect(rig.wait(for: b, timeout: 30) == .finished)
    }

    @Test("sleep without holding the lock panics \"release\"")
    func sleepWithoutLockPanics() {
        let rig = Rig(boot: false)
        let lock = Spinlock("cond", rig.platform)
        let platform = rig.platform
        let outcome = rig.run(timeout: 5) { platform.sleep(1, lock) }
        #expect(outcome == .panicked("release"))
    }

    @Test("A sleep lock is held by one thread at a time; waiters sleep, then get it")
    func sleeplockExcludes() {
        let rig = Rig(boot: false)
        let sleeplock = Sleeplock("buffer", rig.platform)
        let counter = Box(0)
        let threads = (0..<3).map { _ in
            rig.start {
                for _ in 0..<2_000 {
                    sleeplock.acquireSleep()
                    counter.value += 1
                    sleeplock.releaseSleep()
                }
            }
        }
        for thread in threads { #expect(rig.wait(for: thread, timeout: 30) == .finished) }
        #expect(counter.value == 6_000)
        let held = Box(true)
        #expect(rig.run { held.value = sleeplock.holdingSleep() } == .finished)
        #expect(!held.value)
    }

    @Test("panic prints, marks the machine with the message and parks the calling thread for ever")
    func panicParksTheThread() {
        let rig = Rig(boot: false)
        let after = Box(false)
        let thread = rig.start { [platform = rig.platform] in
            platform.panic("test panic")
        }
        #expect(rig.machine.waitForPanic(timeout: 5) == "test panic")
        #expect(!thread.join(timeout: 0.2), "a panicked thread never returns")
        #expect(!after.value)
        // Another machine in the same process is unaffected.
        let other = Rig(boot: false)
        #expect(other.machine.panicMessage == nil)
    }

    @Test("kalloc returns distinct page-aligned pages of guest RAM filled with 0x05")
    func kallocJunk() {
        let rig = Rig(boot: false)
        var pages: Set<UInt64> = []
        for _ in 0..<16 {
            guard let pa = rig.platform.kalloc() else { Issue.record("out of pages"); return }
            #expect(pa % 4096 == 0)
            #expect(pa >= Board.ramBase && pa < rig.platform.ramEnd)
            let bytes = UnsafeRawBufferPointer(start: rig.platform.memory(at: pa), count: 4096)
            #expect(bytes.allSatisfy { $0 == 5 })
            pages.insert(pa)
        }
        #expect(pages.count == 16)
    }

    @Test("kfree fills a page with 0x01 and kalloc hands it out again")
    func kfreeReuses() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        guard let pa = platform.kalloc() else { Issue.record("out of pages"); return }
        #expect(rig.run { platform.kfree(pa) } == .finished)
        let bytes = UnsafeRawBufferPointer(start: platform.memory(at: pa + 8), count: 4088)
        #expect(bytes.allSatisfy { $0 == 1 })
        #expect(platform.kalloc() == pa)
    }

    @Test("kfree of an address that is not a page of RAM panics \"kfree\"")
    func kfreeChecks() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        let outcome = rig.run(timeout: 5) { platform.kfree(Board.ramBase + 100) }
        #expect(outcome == .panicked("kfree"))
        let rig2 = Rig(boot: false)
        let platform2 = rig2.platform
        let outcome2 = rig2.run(timeout: 5) { platform2.kfree(0x1000) }
        #expect(outcome2 == .panicked("kfree"))
    }

    @Test("kalloc returns nil when guest RAM is exhausted")
    func kallocExhaustion() {
        let rig = Rig(ramSize: 64 * 4096, boot: false)
        var count = 0
        while rig.platform.kalloc() != nil { count += 1 }
        // The disk's own DMA page was taken when the driver was created.
        #expect(count == 63)
    }

    @Test("memory(at:) outside guest RAM panics \"memory\"")
    func memoryOutsideRAM() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        let outcome = rig.run(timeout: 5) { _ = platform.memory(at: 0x1000) }
        #expect(outcome == .panicked("memory"))
    }

    @Test("After plicinit/plicinithart a raised disk line is claimed once, then completed")
    func plicClaimComplete() {
        let rig = Rig(boot: false)
        let platform = rig.platform
        rig.machine.interruptsEnabled = false   // claim by hand, not on the hart thread
        rig.machine.plic.setLevel(Board.virtio0IRQ, high: true)
        let claims = Box<[UInt32]>([])
        #expect(rig.run {
            claims.value.append(platform.plicClaim())
            claims.value.append(platform.plicClaim())   // in service: not offered again
            rig.machine.plic.setLevel(Board.virtio0IRQ, high: false)
            platform.plicComplete(Board.virtio0IRQ)
            claims.value.append(platform.plicClaim())   // line low: nothing pending
        } == .finished)
        #expect(claims.value == [Board.virtio0IRQ, 0, 0])
    }
}
