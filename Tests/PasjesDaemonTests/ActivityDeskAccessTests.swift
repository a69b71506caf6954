import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Who may do what at which activity desk: measured with real Unix users against a real
/// pasjesd, and compared with the table in README.md ("Who may do what at which desk").
@Suite(.enabled(if: getuid() == 0, "creates Unix users: needs root (CI runs as root)"))
struct ActivityDeskAccessTests {
    /// The README table's columns, left to right after the request.
    static let columns = ["cashier, own desk", "cashier, other desk", "activities, own desk", "activities, other desk",
                          "admin"]
    static let ownDesk = "dagbesteding"
    static let otherDesk = "atelier"

    /// One cell of the table: a request as `user`, about an activity of `desk`.
    struct Cell {
        let user: String
        let desk: String
    }

    /// A cashier and an activity worker of the dagbesteding desk, an admin, and a second desk.
    final class Site: @unchecked Sendable {
        let accounts = TestAccounts()
        let daemon: DaemonProcess
        let users: [String: UserConnection]
        let uids: [String: String]
        let cells: [String: Cell]
        private var slot = 0

        init() throws {
            let socketGroup = try accounts.group("s")
            let kassa = try accounts.group("k")
            let activities = try accounts.group("a")
            let admins = try accounts.group("b")
            let desk = try accounts.group("d")
            let cashier = try accounts.user("k", primary: socketGroup, extra: [kassa, desk])
            let worker = try accounts.user("a", primary: socketGroup, extra: [activities, desk])
            let manager = try accounts.user("b", primary: socketGroup, extra: [admins])
            daemon = try DaemonProcess(config: TestAccounts.config(
                socket: socketGroup, cashier: kassa, activities: activities, admin: admins,
                counterAccess: [ActivityDeskAccessTests.ownDesk: desk]))
            chmod(daemon.folder.path, 0o755)
            var users: [String: UserConnection] = [:]
            var uids: [String: String] = [:]
            for user in [cashier, worker, manager] {
                users[user] = try UserConnection(socketPath: daemon.socketPath, user: user, folder: daemon.folder)
                uids[user] = try accounts.uid(user)
            }
            self.users = users
            self.uids = uids
            let own = ActivityDeskAccessTests.ownDesk, other = ActivityDeskAccessTests.otherDesk
            cells = Dictionary(uniqueKeysWithValues: zip(ActivityDeskAccessTests.columns, [
                Cell(user: cashier, desk: own), Cell(user: cashier, desk: other), Cell(user: worker, desk: own),
                Cell(user: worker, desk: other), Cell(user: manager, desk: other),
            ]))
            let admin = try daemon.client()
            _ = try admin.callRaw("counter.create", CounterCreateParams(id: other, name: "Atelier",
                                                                        categories: ["dagbesteding", "welzijn"]))
            for desk in [own, other] {
                _ = try admin.callRaw("activity.create", ActivityCreateParams(
                    code: Self.activity(desk), name: "Open atelier", category: .dagbesteding, price: Amount(0),
                    capacity: 20, counter: desk))
            }
        }

        static func activity(_ desk: String) -> String { "VRIJ_\(desk.uppercased())" }

        /// A slot of its own for every session: one minute apart, all within the check-in window.
        func nextSlot() -> (day: String, time: String) {
            slot += 1
            return upcomingSlot(minutesAhead: 30 + slot)
        }

        /// A new open session of `desk`'s activity, with 1001 booked when `booked`.
        func session(_ desk: String, booked: Bool = false) throws -> String {
            let admin = try daemon.client()
            let slot = nextSlot()
            let made = try admin.call("activity.schedule", ActivityScheduleParams(
                activity: Self.activity(desk), day: slot.day, time: slot.time), as: SessionListResult.self)
            let id = made.sessions[0].id
            if booked {
                _ = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: UUID().uuidString, session: id,
                                                                          clientNumber: "1001"), as: BookingInfo.self)
            }
            return id
        }
    }

    /// Every row of the table: the params a request sends about `desk`, made ready by the admin.
    static let requests: [String: (method: String, params: @Sendable (Site, String) throws -> String)] = [
        "`activity.create`": ("activity.create", { _, desk in
            #"{"code":"N\#(UUID().uuidString.prefix(8).replacingOccurrences(of: "-", with: ""))","name":"Nieuw","category":"dagbesteding","price":0,"capacity":5,"counter":"\#(desk)"}"#
        }),
        "`activity.schedule`": ("activity.schedule", { site, desk in
            let slot = site.nextSlot()
            return #"{"activity":"\#(Site.activity(desk))","day":"\#(slot.day)","time":"\#(slot.time)"}"#
        }),
        "`activity.list`": ("activity.list", { _, _ in "{}" }),
        "`activity.sessions`": ("activity.sessions", { site, desk in
            let slot = site.nextSlot()
            return #"{"from":"\#(slot.day)","to":"\#(slot.day)","counter":"\#(desk)"}"#
        }),
        "`activity.book` by `clientNumber`": ("activity.book", { site, desk in
            #"{"idempotencyKey":"\#(UUID().uuidString)","session":"\#(try site.session(desk))","clientNumber":"1001"}"#
        }),
        "`activity.checkIn` by `clientNumber`": ("activity.checkIn", { site, desk in
            #"{"idempotencyKey":"\#(UUID().uuidString)","session":"\#(try site.session(desk, booked: true))","clientNumber":"1001"}"#
        }),
        "`activity.cancel` of one booking by `clientNumber`": ("activity.cancel", { site, desk in
            #"{"idempotencyKey":"\#(UUID().uuidString)","session":"\#(try site.session(desk, booked: true))","clientNumber":"1001"}"#
        }),
        "`activity.cancel` of the whole session": ("activity.cancel", { site, desk in
            #"{"idempotencyKey":"\#(UUID().uuidString)","session":"\#(try site.session(desk, booked: true))","reason":"ziek"}"#
        }),
        "`activity.roster`": ("activity.roster", { site, desk in #"{"session":"\#(try site.session(desk))"}"# }),
        "`activity.close`": ("activity.close", { site, desk in
            #"{"idempotencyKey":"\#(UUID().uuidString)","session":"\#(try site.session(desk))"}"#
        }),
    ]

    /// The table in README.md: request -> column -> "yes" or "no".
    static func readmeTable() throws -> [String: [String: String]] {
        let readme = try String(contentsOf: TestSupport.repositoryRoot().appendingPathComponent("README.md"), encoding: .utf8)
        let heading = "| Request | " + columns.joined(separator: " | ") + " |"
        guard let start = readme.range(of: heading) else { throw TestError("README.md has no table \(heading)") }
        var table: [String: [String: String]] = [:]
        for line in readme[start.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == columns.count + 1 else { throw TestError("README row with \(cells.count) cells: \(line)") }
            table[cells[0]] = Dictionary(uniqueKeysWithValues: zip(columns, cells.dropFirst()))
        }
        return table
    }

    /// "yes" when the request was answered by the rules (a result, or a refusal other than
    /// `forbidden`), "no" when the caller's role or desk was refused.
    private static func verdict(_ reply: String) -> String {
        reply.contains(#""reason":"forbidden""#) ? "no" : "yes"
    }

    @Test func theDeskTableInTheReadmeIsWhatPasjesdDoes() throws {
        let documented = try Self.readmeTable()
        #expect(Set(documented.keys) == Set(Self.requests.keys), "README rows and measured requests differ")
        let site = try Site()
        var measured: [String: [String: String]] = [:]
        for (row, request) in Self.requests.sorted(by: { $0.key < $1.key }) {
            for column in Self.columns {
                let cell = try #require(site.cells[column])
                let reply = try #require(site.users[cell.user]).call(request.method, try request.params(site, cell.desk))
                measured[row, default: [:]][column] = Self.verdict(reply)
                let isWrite = request.method != "activity.list" && request.method != "activity.sessions"
                    && request.method != "activity.roster"
                // Every write by staff is in the log with who and where.
                if isWrite && reply.contains(#""result""#) {
                    let uid = try #require(site.uids[cell.user])
                    #expect(site.daemon.log.split(separator: "\n").contains {
                        $0.contains("method=\(request.method)") && $0.contains("uid=\(uid)") && $0.contains("counter=\(cell.desk)")
                    }, "no log line for \(row) as \(column)")
                }
            }
        }
        for row in Self.requests.keys.sorted() {
            #expect(measured[row] == documented[row], "\(row): pasjesd \(measured[row] ?? [:]), README \(documented[row] ?? [:])")
        }
        #expect(try site.daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }
}
