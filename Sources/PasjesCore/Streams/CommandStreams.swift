import Foundation
import GRDB

/// The streams a command reads (whose versions its decision depends on) and writes (whose
/// versions it bumps).
///
/// Every write is also a read (a command decides on what it changes), except an **append**:
/// a booking adds its transfers to its month (`month:M`) without deciding on the month's other
/// bookings, so two coffees of two residents in one month never conflict. What does decide on
/// a whole month (its close) reads `month:M`, and every booking reads `month-status:M`.
public struct CommandStreams: Hashable, Sendable {
    /// Whose version a proposal must find unchanged; includes every write but the appends.
    public private(set) var reads: Set<StreamName>
    /// Whose version an accepted entry bumps.
    public private(set) var writes: Set<StreamName>

    /// `reads` is widened by `writes`, so the rule "a command reads what it writes" cannot be
    /// forgotten; `appends` are written only.
    public init(reads: Set<StreamName> = [], writes: Set<StreamName> = [], appends: Set<StreamName> = []) {
        self.reads = reads.union(writes)
        self.writes = writes.union(appends)
    }

    /// Adds streams that are only read.
    mutating func read(_ streams: some Sequence<StreamName>) { reads.formUnion(streams) }

    /// Adds streams that are written (and so read).
    mutating func write(_ streams: some Sequence<StreamName>) {
        writes.formUnion(streams)
        reads.formUnion(streams)
    }

    /// Adds streams that are written without being read: bookings into a month.
    mutating func append(_ streams: some Sequence<StreamName>) { writes.formUnion(streams) }

    /// Both sets together.
    mutating func merge(_ other: CommandStreams) {
        reads.formUnion(other.reads)
        writes.formUnion(other.writes)
    }

    /// Whether two commands decided on the same versions could not both be accepted: one
    /// writes what the other read.
    public func conflicts(with other: CommandStreams) -> Bool {
        !reads.isDisjoint(with: other.writes) || !other.reads.isDisjoint(with: writes)
    }
}

/// Read-only lookups that turn what a command names into the streams it touches. An unknown
/// reference resolves to nothing: the command then names only what it names itself, and its
/// decision refuses it.
enum StreamLookup {
    /// The client number of card `uid`, if the card is known.
    static func clientNumber(ofCard uid: String, in db: Database) throws -> String? {
        // Cached: every charge by card asks this before it is proposed.
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT c.number FROM cards k JOIN clients c ON c.id = k.client_id WHERE k.uid = ?
            """), arguments: [uid])
    }

    /// The client number of sale `id`.
    static func clientNumber(ofSale id: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT c.number FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ?",
                            arguments: [id])
    }

    /// The client number of arrangement `id`.
    static func clientNumber(ofArrangement id: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT c.number FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE a.id = ?
            """, arguments: [id])
    }

    /// The client whose wallet transfer `id` credits (a solidarity grant's receiver).
    static func walletClientNumber(ofTransfer id: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT c.number FROM transfers t JOIN accounts a ON a.id = t.credit_account_id
                JOIN clients c ON c.id = a.client_id WHERE t.id = ?
            """, arguments: [id])
    }

    /// The activity of session `id`.
    static func activityCode(ofSession id: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT activity_code FROM activity_sessions WHERE id = ?", arguments: [id])
    }

    /// Every client with a booking of session `id` in any state (the waiting list included).
    static func clientNumbers(bookedIn session: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT c.number FROM activity_bookings b JOIN clients c ON c.id = b.client_id
            WHERE b.session_id = ? ORDER BY c.number
            """, arguments: [session])
    }

    /// Every client of the ledger, in number order.
    static func allClientNumbers(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT number FROM clients ORDER BY number")
    }

    /// The product codes of a client's arrangement lines (what landing its month books).
    static func arrangementProducts(ofClient number: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT a.product_code FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE c.number = ?
            """, arguments: [number])
    }

    /// The months of a client's allocations that have started and not landed yet.
    static func dueLandingMonths(ofClient number: String, current: Month, in db: Database) throws -> [Month] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT l.month FROM allocations l JOIN clients c ON c.id = l.client_id
            WHERE c.number = ? AND l.landed_transfer_id IS NULL AND l.month <= ?
            """), arguments: [number, current.description]).compactMap(Month.init)
    }

    /// Every client with an allocation that has started and not landed yet.
    static func clientsWithDueLandings(current: Month, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT c.number FROM allocations l JOIN clients c ON c.id = l.client_id
            WHERE l.landed_transfer_id IS NULL AND l.month <= ? ORDER BY c.number
            """, arguments: [current.description])
    }
}

extension CommandStreams {
    /// What touching client `number`'s wallet at `time` brings along: its allocations whose
    /// month has started land first (a transfer into each such month, which must be open), and
    /// landing the current month books the client's arrangement lines (their products, at the
    /// arrangement counter). The client itself is the caller's to declare.
    static func landing(ofClient number: String, at time: Date, in db: Database) throws -> CommandStreams {
        let current = Month(containing: time)
        var streams = CommandStreams()
        let due = try StreamLookup.dueLandingMonths(ofClient: number, current: current, in: db)
        guard !due.isEmpty else { return streams }
        streams.read(due.map(StreamName.monthStatus))
        streams.append(due.map(StreamName.month))
        if due.contains(current) {
            streams.read(try StreamLookup.arrangementProducts(ofClient: number, in: db).map(StreamName.product))
            streams.read([.counter(ArrangementCounter.id), .policy])
        }
        return streams
    }

    /// A booking into `month` of client `number`: writes the client, appends to the month, reads
    /// the month's status and the ledger's policy, plus what landing the client's money brings.
    static func booking(client number: String, month: Month, at time: Date, in db: Database) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.monthStatus(month), .policy], writes: [.client(number)],
                                     appends: [.month(month)])
        streams.merge(try landing(ofClient: number, at: time, in: db))
        return streams
    }
}

extension StreamLookup {
    /// The session whose booking sale `id` paid for, if any.
    static func session(paidBy saleID: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT session_id FROM activity_bookings WHERE sale_id = ?", arguments: [saleID])
    }

    /// The counter an activity's sessions are sold at.
    static func counterID(ofActivity code: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT counter_id FROM activities WHERE code = ?", arguments: [code])
    }

    /// The open sessions on days `from...through` where client `number` has a place or waits.
    static func sessions(ofClient number: String, fromDay: String, throughDay: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT s.id FROM activity_bookings b JOIN activity_sessions s ON s.id = b.session_id
                JOIN clients c ON c.id = b.client_id
            WHERE c.number = ? AND s.day BETWEEN ? AND ? ORDER BY s.id
            """, arguments: [number, fromDay, throughDay])
    }

    /// The numbers of the clients (`c`) that `condition` selects, in number order.
    static func clientNumbers(whereSQL condition: String, arguments: StatementArguments = [], in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT c.number FROM clients c WHERE \(condition) ORDER BY c.number", arguments: arguments)
    }

    /// Whether counter `id` exists.
    static func counterExists(_ id: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM counters WHERE id = ?", arguments: [id]) == true
    }

    /// Every counter, by id.
    static func allCounterIDs(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM counters ORDER BY id")
    }

    /// The sessions on days of `month`.
    static func sessions(in month: Month, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM activity_sessions WHERE day >= ? AND day < ? ORDER BY id",
                            arguments: ["\(month)-01", "\(month.next)-01"])
    }
}
