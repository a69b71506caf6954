import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The daemon on a clock the test moves: what is booked keeps its wall-clock time, what lives in
/// memory runs on the monotonic clock, and a wall clock set back is told to the operator.
@Suite struct DaemonClockTests {
    @Test func aWallClockSetBackIsLoggedAndUptimeDoesNotFollowIt() throws {
        // The night the clocks go forward, a minute before: a day in the demo's own month.
        let clock = MovableClock(try Date("2027-03-28T00:59:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(clock: clock.daemonClock)
        let admin = try daemon.client()
        func create(_ number: String) throws {
            _ = try admin.callRaw("client.create", ClientCreateParams(idempotencyKey: "c\(number)", number: number,
                                                                      name: "Cliënt \(number)", zzp: "VV5", location: "",
                                                                      department: ""))
        }
        try create("5001")
        clock.advance(seconds: 90)
        try create("5002")
        #expect(!daemon.log.contains("wall clock jumped"), "the clocks going forward is local time, not a jump")
        clock.jump(seconds: -3_600)
        try create("5003")
        #expect(daemon.log.contains("wall clock jumped back"), "\(daemon.log)")
        let info = try admin.call("system.info", NoParams(), as: SystemInfo.self)
        #expect((info.uptimeSeconds ?? -1) >= 90, "uptime is monotonic: 90 s, not 90 s less an hour")
        #expect(try admin.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }
}
