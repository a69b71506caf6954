import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The activity desk as an activity worker uses it: `pasjes-kassa --activities` in tmux, a real
/// pasjesd on the demo database, a real pcscd with the virtual reader at the dagbesteding desk.
@Suite(.enabled(if: PrivateReaders.available, "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"))
struct DeskEndToEndTests {
    /// Today's session of `KOOR`, at most an hour from now (check-in is open, booking too).
    ///
    /// The desk shows today's sessions only, so the session must start before midnight in
    /// Europe/Amsterdam and the test must end before midnight. In the last five minutes of a day
    /// there is no such slot: the test waits for the new day (at most five minutes, only then).
    static func slot() -> (day: String, time: String, id: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        var now = Date()
        var lastStart = calendar.date(bySettingHour: 23, minute: 59, second: 0, of: now)!
        if lastStart < now.addingTimeInterval(240) {
            let tomorrow = calendar.startOfDay(for: calendar.date(byAdding: .day, value: 1, to: now)!)
            Thread.sleep(until: tomorrow.addingTimeInterval(1))
            now = Date()
            lastStart = calendar.date(bySettingHour: 23, minute: 59, second: 0, of: now)!
        }
        let slot = TestSupport.sessionSlot(startingAt: min(now.addingTimeInterval(3_600), lastStart))
        let (day, time) = (slot.day, slot.time)
        return (day, time, "KOOR-\(day.replacingOccurrences(of: "-", with: ""))-\(time.replacingOccurrences(of: ":", with: ""))")
    }

    @Test func checkInByTapOnceBookingRefusedInDutchAndUndo() throws {
        let folder = try TestSupport.temporaryFolder("desk")
        let readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
        let daemon = try DaemonProcess(folder: folder, readers: readers, config: """
            [[readers]]
            match = "Virtual PCD 00 00"
            counter = "dagbesteding"
            """)
        let admin = try daemon.client()
        _ = try admin.call("activity.create", ActivityCreateParams(code: "KOOR", name: "Koor", category: .dagbesteding,
                                                                   price: Amount(500), capacity: 2, place: "Zaal"),
                           as: ActivityInfo.self)
        let slot = Self.slot()
        _ = try admin.call("activity.schedule", ActivityScheduleParams(activity: "KOOR", day: slot.day, time: slot.time),
                           as: SessionListResult.self)
        _ = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "b1001", session: slot.id,
                                                                  clientNumber: "1001"), as: BookingInfo.self)
        let before = try admin.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
        let terminal = try Terminal([TestSupport.binary("pasjes-kassa"), "--counter", "dagbesteding", "--activities",
                                     "--socket", daemon.socketPath], columns: 80, rows: 24)
        let ready = terminal.wait(for: "Balie Dagbesteding Het Atelier", "Koor", "Daniëlle de Vries", "GEBOEKT",
                                  "Vrij 1 van 2", "Lezer: AAN", "VERBONDEN", "Pas: AANMELDEN")
        #expect(ready.found, "\(ready.screen)")
        #expect(ready.screen.split(separator: "\n").allSatisfy { $0.count <= 80 })

        try readers.tap("04A22B1C")
        let present = terminal.wait(for: "AANWEZIG: Daniëlle de Vries (1001)", "Afgerekend: € 5,00", "Aanwezig 1")
        #expect(present.found, "\(present.screen)")
        usleep(1_200_000)
        try readers.tap("04A22B1C")
        let again = terminal.wait(for: "AL AANWEZIG: Daniëlle de Vries (1001)")
        #expect(again.found, "\(again.screen)")
        let sales = try ActivityDesk.sales(admin, "1001")
        #expect(sales.count == 1, "tapping twice books once")

        // Book mode: Mehmet is orange, so a paid activity is refused, in Dutch.
        terminal.send("b")
        #expect(terminal.wait(for: "Pas: BOEKEN").found)
        usleep(1_200_000)
        try readers.tap("04B7C2D9E1F380")
        let refused = terminal.wait(for: "GEWEIGERD", "oranje")
        #expect(refused.found, "\(refused.screen)")

        // u undoes the check-in: the sale is reversed.
        terminal.send("u")
        #expect(terminal.wait(for: "Aanmelding van Daniëlle de Vries terugdraaien").found)
        terminal.send("j")
        let undone = terminal.wait(for: "TERUGGEDRAAID", "€ 5,00 terug")
        #expect(undone.found, "\(undone.screen)")
        let wallet = try admin.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self)
        #expect(wallet.balance == before, "the undo gives back what the check-in took")
        #expect(try admin.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }
}

enum ActivityDesk {
    /// The client's sales at the dagbesteding desk.
    static func sales(_ c: RPCClient, _ number: String) throws -> [String] {
        let history = try c.call("wallet.history", WalletHistoryParams(clientNumber: number), as: HistoryResult.self)
        return Array(Set(history.lines.filter { $0.kind == "charge" && $0.counter == "dagbesteding" }.compactMap(\.saleId)))
    }
}
