import Foundation

/// `central.seed`: put this embedded ledger's journal into an empty organisation's log.
public struct CentralSeedParams: Codable, Sendable {
    /// PostgreSQL as its administrator (the database owner), e.g.
    /// `postgres:///pasjes?host=/run/postgresql&user=postgres`. Used for this request only.
    public var url: String

    /// Makes one.
    public init(url: String) { self.url = url }
}

/// What `central.seed` did.
public struct CentralSeedResult: Codable, Hashable, Sendable {
    /// The log's head afterwards: this ledger's journal head.
    public var headSeq: Int64
    public var headHash: String
    /// Entries appended by this request (a seed that was cut off goes on where it stopped).
    public var appended: Int64

    /// Makes one.
    public init(headSeq: Int64, headHash: String, appended: Int64) {
        self.headSeq = headSeq
        self.headHash = headHash
        self.appended = appended
    }
}

/// `central.snapshot`: a consistent copy of this replica for a new node.
public struct CentralSnapshotParams: Codable, Sendable {
    /// An absolute path for the copy; the file must not exist yet.
    public var path: String

    /// Makes one.
    public init(path: String) { self.path = path }
}

/// The copy `central.snapshot` made.
public struct CentralSnapshotResult: Codable, Hashable, Sendable {
    public var path: String
    /// The copy's position in the organisation's log, and the hash of that entry.
    public var globalSeq: Int64
    public var hash: String
    public var bytes: Int64

    /// Makes one.
    public init(path: String, globalSeq: Int64, hash: String, bytes: Int64) {
        self.path = path
        self.globalSeq = globalSeq
        self.hash = hash
        self.bytes = bytes
    }
}

/// What `central.verify` found: the whole log replayed into a fresh ledger and compared, table
/// by table, with this replica at one position.
public struct CentralVerifyResult: Codable, Hashable, Sendable {
    public var node: String
    /// The position compared at (entries replayed).
    public var globalSeq: Int64
    /// This replica's head hash there, and the log's entry's.
    public var replicaHash: String
    public var logHash: String
    /// The tables compared.
    public var tables: Int
    /// At most `CentralVerifyResult.maximumProblems` differences, each at most 300 bytes.
    public var problems: [String]
    /// Differences found in all (more than listed when the list is full).
    public var problemCount: Int
    public var milliseconds: Int64

    /// How many differences are listed: the reply must fit one line.
    public static let maximumProblems = 50

    /// Makes one.
    public init(node: String, globalSeq: Int64, replicaHash: String, logHash: String, tables: Int,
                problems: [String], problemCount: Int, milliseconds: Int64) {
        self.node = node
        self.globalSeq = globalSeq
        self.replicaHash = replicaHash
        self.logHash = logHash
        self.tables = tables
        self.problems = problems
        self.problemCount = problemCount
        self.milliseconds = milliseconds
    }
}
