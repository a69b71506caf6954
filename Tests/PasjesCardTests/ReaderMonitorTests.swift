import Foundation
import Testing
@testable import PasjesCard

/// Against a real pcscd with vpcd readers and the `pasjes-vcard` virtual card; never a mocked PC/SC.
/// Serialized: all share this process's private pcscd (libpcsclite caches the socket path).
@Suite("ReaderMonitor against a real pcscd", .serialized,
       .enabled(if: HardwareTestEnvironment.available, "\(HardwareTestEnvironment.skipReason)"))
struct ReaderMonitorTests {
    let pcscd: PrivatePCSCD

    init() throws {
        pcscd = try PrivatePCSCD.shared.get()
    }

    /// Enough for vpcd's poll (pcscd checks presence every ~400 ms) plus our status-change round trip.
    static let quietPeriod = Duration.milliseconds(1_500)

    @Test func bothVirtualReadersAreListed() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        #expect(run.log.all.first == .serviceUp)
        #expect(Set(run.monitor.readers) == Set(PrivatePCSCD.readerNames))
        await run.stop()
    }

    @Test func tapGivesOneTapWithUIDAndType() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        try await VirtualCardTool.tap("04A1B2C3", port: pcscd.ports[0])
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })
        try await Task.sleep(for: Self.quietPeriod)
        let taps = run.log.taps
        #expect(taps.count == 1)
        let tap = try #require(taps.first)
        #expect(tap.uid == "04A1B2C3")
        #expect(tap.reader == "Virtual PCD 00 00")
        #expect(tap.cardType == "MIFARE Classic 1K")
        #expect(tap.atr.count == 20)
        #expect(run.log.unreadables.isEmpty)
        await run.stop()
    }

    @Test func cardHeldFiveSecondsIsOneTap() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        let held = try VirtualCardTool.hold("04112233445566", port: pcscd.ports[1])
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })
        // Feedback while the card lies there must not look like a new tap either.
        run.monitor.feedback(reader: "Virtual PCD 00 01", success: true)
        try await Task.sleep(for: .seconds(5))
        held.closeStdin()
        let result = await held.finish()
        #expect(result.status == 0, "\(result.output)")
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.map(\.uid) == ["04112233445566"])
        #expect(run.log.taps.first?.reader == "Virtual PCD 00 01")
        await run.stop()
    }

    @Test func liftAndTapAgainIsTwoTaps() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        try await VirtualCardTool.tap("0A0B0C0D", port: pcscd.ports[0])
        #expect(await run.log.wait { _ in run.log.taps.count >= 1 })
        try await Task.sleep(for: .seconds(1))  // let pcscd notice the lift
        try await VirtualCardTool.tap("0A0B0C0D", port: pcscd.ports[0])
        #expect(await run.log.wait { _ in run.log.taps.count >= 2 })
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.map(\.uid) == ["0A0B0C0D", "0A0B0C0D"])
        await run.stop()
    }

    @Test func garbageCardIsUnreadableNotATap() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())
        try await VirtualCardTool.tap("DEADBEEF", port: pcscd.ports[1], garbage: true)
        #expect(await run.log.wait { _ in !run.log.unreadables.isEmpty })
        try await Task.sleep(for: Self.quietPeriod)
        #expect(run.log.taps.isEmpty)
        #expect(run.log.unreadables.count == 1)
        #expect(run.log.unreadables.first?.reader == "Virtual PCD 00 01")
        await run.stop()
    }

    @Test func pcscdRestartIsSurvivedBySameMonitor() async throws {
        let run = MonitorUnderTest.start()
        #expect(await run.waitForReaders())

        try await pcscd.stop()
        #expect(await run.log.wait { events in
            events.contains { if case .serviceDown = $0 { true } else { false } }
                && PrivatePCSCD.readerNames.allSatisfy { events.contains(.readerRemoved(reader: $0)) }
        })
        #expect(run.monitor.readers.isEmpty)
        let downCount = run.log.all.count

        try await pcscd.start()
        let back = ContinuousClock.now
        #expect(await run.log.wait(timeout: .seconds(5)) { events in
            let after = events.dropFirst(downCount)
            return after.contains(.serviceUp)
                && PrivatePCSCD.readerNames.allSatisfy { after.contains(.readerAdded(reader: $0)) }
        })
        // How fast is a figure to print, not to assert: this machine is shared and noisy.
        let recovery = ContinuousClock.now - back
        let reason = run.log.all.compactMap { if case .serviceDown(let reason) = $0 { reason } else { nil } }.first ?? "-"
        print("pcscd restart: serviceDown reason \(reason); readers back \(recovery) after pcscd.comm reappeared")

        try await VirtualCardTool.tap("11223344", port: pcscd.ports[0])
        #expect(await run.log.wait { _ in run.log.taps.contains { $0.uid == "11223344" } })
        await run.stop()
    }
}
