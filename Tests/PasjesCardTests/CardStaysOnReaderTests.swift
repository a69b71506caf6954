import Foundation
import Testing
@testable import PasjesCard

/// A card that lies on a reader across a pcscd restart, a pasjesd restart or a reader re-plug is not
/// a new tap; only lifting it (the reader seen empty) makes the next presentation count.
///
/// In `ReaderMonitorTests` so they share its serialization: two of them stop this process's pcscd.
extension ReaderMonitorTests {
    @Test func cardLyingThroughPCSCDRestartIsNotTappedAgain() async throws {
        let reader = PrivatePCSCD.readerNames[0]
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        let held = try VirtualCardTool.hold("04C0FFEE", port: pcscd.ports[0], stayOn: true)
        defer { held.closeStdin() }
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })

        try await restartPCSCD(run, until: reader)
        // The card is back on the reader as pcscd sees it; give the monitor time to (wrongly) count it.
        #expect(await ReaderProbe.wait(untilCardPresent: true, on: reader))
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.map(\.uid) == ["04C0FFEE"])

        try await lift(held, from: reader)
        try await VirtualCardTool.tap("04C0FFEE", port: pcscd.ports[0])
        #expect(await run.log.wait { _ in run.log.taps.count >= 2 })
        #expect(run.log.taps.map(\.uid) == ["04C0FFEE", "04C0FFEE"])
        #expect(await ReaderProbe.wait(untilCardPresent: false, on: reader))
        await run.stop()
    }

    @Test func cardLyingWhenMonitorStartsIsNotATap() async throws {
        let reader = PrivatePCSCD.readerNames[1]
        let held = try VirtualCardTool.hold("04BEEF00112233", port: pcscd.ports[1])
        defer { held.closeStdin() }
        #expect(await ReaderProbe.wait(untilCardPresent: true, on: reader))

        // pasjesd (re)starting while a resident's card lies on the reader.
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.isEmpty)

        try await lift(held, from: reader)
        try await VirtualCardTool.tap("04BEEF00112233", port: pcscd.ports[1])
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })
        #expect(run.log.taps.map(\.uid) == ["04BEEF00112233"])
        #expect(run.log.taps.first?.reader == reader)
        #expect(await ReaderProbe.wait(untilCardPresent: false, on: reader))
        await run.stop()
    }

    /// A re-plugged reader comes back empty and finds the card only once it has powered its field.
    ///
    /// vpcd's readers vanish only with pcscd, so the re-plug is a pcscd restart after which the card
    /// shows up only once the monitor has seen the returned reader empty. (A card dropping its vpcd
    /// connection and connecting again is, for pcscd, a lift of one poll and is not used here.)
    @Test func cardFoundAgainByReturningReaderIsNotTappedAgain() async throws {
        let reader = PrivatePCSCD.readerNames[1]
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        let before = try VirtualCardTool.hold("04D00D00", port: pcscd.ports[1])
        defer { before.closeStdin() }
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })

        try await restartPCSCD(run, until: reader)
        let vanished = await before.finish()  // vpcd dropped the card along with the reader
        #expect(vanished.output.contains("vpcd closed the connection"), "\(vanished.output)")
        #expect(ReaderProbe.cardPresent(on: reader) == false)
        let after = try VirtualCardTool.hold("04D00D00", port: pcscd.ports[1])
        defer { after.closeStdin() }
        #expect(await ReaderProbe.wait(untilCardPresent: true, on: reader))
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.map(\.uid) == ["04D00D00"])

        try await lift(after, from: reader)
        try await VirtualCardTool.tap("04D00D00", port: pcscd.ports[1])
        #expect(await run.log.wait { _ in run.log.taps.count >= 2 })
        #expect(run.log.taps.map(\.uid) == ["04D00D00", "04D00D00"])
        #expect(await ReaderProbe.wait(untilCardPresent: false, on: reader))
        await run.stop()
    }

    /// Stops and starts the private pcscd; returns once `run` has seen `reader` come back.
    private func restartPCSCD(_ run: MonitorUnderTest, until reader: String) async throws {
        try await pcscd.stop()
        #expect(await run.log.wait { events in
            events.contains { if case .serviceDown = $0 { true } else { false } }
        })
        let downCount = run.log.all.count
        try await pcscd.start()
        #expect(await run.log.wait(timeout: .seconds(10)) { events in
            events.dropFirst(downCount).contains(.readerAdded(reader: reader))
        })
    }

    /// Ends a `hold` and waits until pcscd sees the reader empty, so the monitor has seen it too.
    private func lift(_ held: ChildProcess, from reader: String) async throws {
        held.closeStdin()
        let result = await held.finish()
        #expect(result.status == 0, "\(result.output)")
        #expect(await ReaderProbe.wait(untilCardPresent: false, on: reader))
    }
}
