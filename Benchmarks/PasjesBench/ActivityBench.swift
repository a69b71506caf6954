import ArgumentParser
import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol

/// Day activities at the size of a large organisation: a month of sessions (200 a day) with 10
/// bookings each for 3,000 residents, then booking latency through pasjesd's socket, the roster
/// of a full day and the month's holds report, timed.
///
/// The generated ledger is kept (`--database`): run once to make it, then again to measure.
struct ActivityBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities", abstract: "activity.book over the socket, a day's rosters, the month's holds.")

    @Option(help: "The ledger file; generated when it does not exist.") var database: String
    @Option(help: "Residents to generate.") var clients = 3_000
    @Option(help: "Sessions per day.") var sessionsPerDay = 200
    @Option(help: "Bookings per session.") var bookingsPerSession = 10
    @Option(help: "Days of sessions (from the 1st of next month).") var days = 30
    @Option(help: "Bookings through the socket to time.") var socketBookings = 2_000

    /// Next month: its sessions lie ahead whenever the benchmark runs.
    static var month: Month { Month(containing: Date()).next }

    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else {
            let started = Date()
            let booked = try generate()
            print(String(format: "generated %d clients, %d sessions, %d bookings in %.0f s: run again to measure",
                         clients, sessionsPerDay * days, booked, Date().timeIntervalSince(started)))
            return
        }
        try measureRosterAndHolds()
        try measureSocketBookings()
    }

    private func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(label.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds))
        return value
    }

    private func measureRosterAndHolds() throws {
        let ledger = try Ledger(path: database)
        defer { try? ledger.close() }
        let month = Self.month
        let day = "\(month)-15"
        let sessions = try timed("activity.sessions (one day, pages of 100)") { try Self.all(ledger, from: day, to: day) }
        let rosters = try timed("activity.roster of every session of the day") {
            try sessions.map { try ledger.roster(sessionID: $0.id) }
        }
        print("  \(sessions.count) sessions, \(rosters.reduce(0) { $0 + $1.entries.count }) people on their rosters")
        let holds = try timed("month holds report (\(month))") { try ledger.monthHolds(month) }
        let total = holds.reduce(Int64(0)) { $0 + $1.held.minorUnits }
        print("  \(holds.count) clients hold \(Amount(total).formatted(ledger.unit)) in \(holds.reduce(0) { $0 + $1.sessions }) bookings")
        let monthSessions = try timed("activity.sessions (the whole month, pages)") {
            try Self.all(ledger, from: "\(month)-01", to: "\(month)-31")
        }
        print("  \(monthSessions.count) sessions")
    }

    /// Every session of the days, page by page.
    static func all(_ ledger: Ledger, from: String, to: String) throws -> [ActivitySession] {
        var all: [ActivitySession] = []
        while true {
            let page = try ledger.sessions(fromDay: from, throughDay: to, offset: all.count)
            all += page
            if page.count < Ledger.maxSessionsListed { return all }
        }
    }

    private func measureSocketBookings() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pasjes-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socketPath = folder.appendingPathComponent("d.sock").path
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: sibling("pasjesd"))
        daemon.arguments = ["--database", database, "--socket", socketPath, "--no-readers"]
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        let deadline = Date().addingTimeInterval(60)
        while (try? RPCClient(socketPath: socketPath).callRaw("system.info", NoParams())) == nil {
            guard Date() < deadline else { throw ValidationError("pasjesd did not start") }
            usleep(50_000)
        }
        let month = Self.month
        // Every session of the month with a free place, through the socket a page at a time.
        let reader = try RPCClient(socketPath: socketPath)
        var found: [String] = []
        var offset: Int? = 0
        while let from = offset {
            let page = try reader.call("activity.sessions", ActivitySessionsParams(from: "\(month)-01", to: "\(month)-31",
                                                                                   offset: from), as: SessionListResult.self)
            found += page.sessions.filter { $0.free > 0 }.map(\.id)
            offset = page.next
        }
        let sessionIDs = found
        guard !sessionIDs.isEmpty else { throw ValidationError("no session with a free place") }
        let runID = UUID().uuidString.prefix(8)
        let clients = clients
        var results: [Measurement] = []
        for connections in [1, 16] {
            let rpc = try (0..<connections).map { _ in try RPCClient(socketPath: socketPath) }
            let perConnection = max(1, socketBookings / connections)
            results.append(try measure("socket activity.book (durable), \(connections) conn", threads: connections,
                                       perThread: perConnection) { t, index in
                let n = t * perConnection + index
                // Spread over sessions and residents; a refusal (full, already booked) is timed too.
                _ = try? rpc[t].callRaw("activity.book", ActivityBookingParams(
                    idempotencyKey: "bench-\(runID)-\(connections)-\(n)", session: sessionIDs[(n * 7) % sessionIDs.count],
                    clientNumber: "A\(1 + (n * 13) % clients)", waitIfFull: false))
            })
        }
        print("")
        for result in results { print(result.line()) }
    }

    /// 3,000 residents, `sessionsPerDay` sessions a day for `days` days, `bookingsPerSession`
    /// bookings each (group-committed), at the real clock: the sessions are next month.
    private func generate() throws -> Int {
        let ledger = try Ledger(path: database)
        defer { try? ledger.close() }
        let admin = Operator(uid: 0, name: "bench")
        let current = Month(containing: Date())
        _ = try ledger.createCounter(Counter(id: "dagbesteding", name: "Dagbesteding", categories: [.dagbesteding, .welzijn]))
        for index in 1...clients {
            _ = try ledger.createClient(NewClient(number: "A\(index)", name: "Bewoner \(index)", zzp: "VV5"),
                                        idempotencyKey: "c\(index)")
            // Enough for ~20 bookings of the month and the socket run.
            _ = try ledger.allocate(clientNumber: "A\(index)", month: current, amount: Amount(1_000_000), operator: admin,
                                    idempotencyKey: "a\(index)")
        }
        // 20 activities × 10 hourly slots = 200 sessions a day.
        let activities = 20
        let slots = sessionsPerDay / activities
        for index in 0..<activities {
            _ = try ledger.createActivity(Activity(code: "ACT\(index)", name: "Activiteit \(index)", category: .dagbesteding,
                                                   price: index % 5 == 0 ? .zero : Amount(Int64(250 + 50 * index)),
                                                   influenceable: index % 5 != 0, capacity: bookingsPerSession + 2,
                                                   durationMinutes: 60),
                                          operator: admin)
        }
        let month = Self.month
        var sessionIDs: [String] = []
        for weekday in 0..<min(7, days) {
            let first = "\(month)-\(String(format: "%02d", 1 + weekday))"
            let until = "\(month)-\(String(format: "%02d", min(days, month.dayCount)))"
            for index in 0..<activities {
                for slot in 0..<slots {
                    let sessions = try ledger.schedule(SessionPlan(activityCode: "ACT\(index)", firstDay: first,
                                                                   startTime: String(format: "%02d:00", 8 + slot % 12),
                                                                   untilDay: until), operator: admin)
                    sessionIDs += sessions.map(\.id)
                }
            }
        }
        var booked = 0
        var requests: [(request: BookingRequest, operator: Operator, idempotencyKey: String)] = []
        var next = 0
        for (sessionIndex, session) in sessionIDs.enumerated() {
            for seat in 0..<bookingsPerSession {
                next += 1
                let client = 1 + (sessionIndex * bookingsPerSession + seat * 301) % clients
                requests.append((BookingRequest(sessionID: session, payer: .client(number: "A\(client)")), admin, "g\(next)"))
                if requests.count == 1_000 {
                    booked += try ledger.bookBatch(requests).filter { if case .success = $0 { true } else { false } }.count
                    requests.removeAll(keepingCapacity: true)
                }
            }
        }
        booked += try ledger.bookBatch(requests).filter { if case .success = $0 { true } else { false } }.count
        return booked
    }
}
