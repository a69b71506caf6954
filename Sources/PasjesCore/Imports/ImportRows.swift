import PasjesModel

/// One row of a clients import: the line it came from and the client it makes.
public struct ClientImportRow: Codable, Hashable, Sendable {
    public var line: Int
    public var client: NewClient

    /// A row of line `line`.
    public init(line: Int, client: NewClient) {
        self.line = line
        self.client = client
    }
}

/// One row of a cards import: the line, the card and the client it goes to.
public struct CardImportRow: Codable, Hashable, Sendable {
    public var line: Int
    public var uid: String
    public var clientNumber: String

    /// A row of line `line`.
    public init(line: Int, uid: String, clientNumber: String) {
        self.line = line
        self.uid = uid
        self.clientNumber = clientNumber
    }
}

/// What is wrong with one row: the reason code of its first problem and every problem in Dutch.
public struct ImportProblem: Codable, Hashable, Sendable {
    public var line: Int
    public var code: String
    public var message: String
}

/// The outcome of checking an import: every problem at once, and what booking would do.
public struct ImportCheck: Sendable {
    /// Every bad row, in line order; nothing may be booked while there is one.
    public var problems: [ImportProblem]
    /// Rows that would be booked.
    public var new: Int
    /// Rows that are already in the ledger exactly so (a re-run): left as they are.
    public var alreadyPresent: Int
}

/// What a booked import did.
public struct ImportResult: Codable, Hashable, Sendable {
    public var created: Int
    public var alreadyPresent: Int
}

/// Collects the problems of one row: all of them, so an administrator fixes a file once.
struct RowProblems {
    private(set) var code: String?
    private(set) var messages: [String] = []

    mutating func add(_ code: String, _ message: String) {
        if self.code == nil { self.code = code }
        messages.append(message)
    }

    /// Runs a check that throws the ledger's own refusal, and keeps that refusal as a problem.
    mutating func check(_ body: () throws -> Void) throws {
        do { try body() } catch let error as LedgerError {
            add(error.code, error.message)
        }
    }

    func problem(line: Int) -> ImportProblem? {
        code.map { ImportProblem(line: line, code: $0, message: messages.joined(separator: "; ")) }
    }
}

extension LedgerError {
    /// `import_invalid`: booking found bad rows (the check before it would have listed them).
    static func importInvalid(_ count: Int) -> LedgerError {
        LedgerError(code: Reason.importInvalid.code,
                    message: "De import heeft \(count) foute regel(s): er is niets geïmporteerd.",
                    detail: "\(count) rows")
    }
}

extension LedgerError {
    /// `possible_duplicate`: a resident with the same name lives at the same location.
    static func possibleDuplicate(of twin: String, _ new: NewClient) -> LedgerError {
        LedgerError(code: Reason.possibleDuplicate.code,
                    message: "Mogelijk bestaat deze bewoner al: \(twin) heet ook \(new.name) op locatie '\(new.location)'. "
                        + "Is het toch een andere bewoner, ga dan door met --toch.",
                    detail: twin)
    }
}
