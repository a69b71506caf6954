import PasjesMoney

/// What an import stages: clients or cards.
public enum ImportKind: String, Codable, Sendable {
    case clients, cards
}

/// `import.begin`: starts staging an import on the server.
public struct ImportBeginParams: Codable, Sendable {
    public var kind: ImportKind
    public init(kind: ImportKind) { self.kind = kind }
}

/// The import's id and the bounds of what it may hold.
public struct ImportBeginResult: Codable, Sendable {
    public var importId: String
    public var maxRows: Int
    public var maxBytes: Int
    /// An import not committed within this time is dropped (and so is every one at a restart).
    public var expiresInSeconds: Int
    public init(importId: String, maxRows: Int, maxBytes: Int, expiresInSeconds: Int) {
        self.importId = importId
        self.maxRows = maxRows
        self.maxBytes = maxBytes
        self.expiresInSeconds = expiresInSeconds
    }
}

/// One client row of an import, with its line in the file.
public struct ImportClientRow: Codable, Sendable {
    public var line: Int
    public var number: String
    public var name: String
    public var zzp: String
    public var location: String
    public var department: String
    public var allowOwnContribution: Bool?
    public var ownContributionCap: Amount?

    /// A row of line `line`.
    public init(line: Int, number: String, name: String, zzp: String, location: String, department: String,
                allowOwnContribution: Bool? = nil, ownContributionCap: Amount? = nil) {
        self.line = line
        self.number = number
        self.name = name
        self.zzp = zzp
        self.location = location
        self.department = department
        self.allowOwnContribution = allowOwnContribution
        self.ownContributionCap = ownContributionCap
    }
}

/// One card row of an import, with its line in the file.
public struct ImportCardRow: Codable, Sendable {
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

/// `import.rows`: one page of rows for an import (clients or cards, as it began).
public struct ImportRowsParams: Codable, Sendable {
    public var importId: String
    public var clients: [ImportClientRow]?
    public var cards: [ImportCardRow]?
    public init(importId: String, clients: [ImportClientRow]? = nil, cards: [ImportCardRow]? = nil) {
        self.importId = importId
        self.clients = clients
        self.cards = cards
    }
}

/// How many rows the import holds now.
public struct ImportRowsResult: Codable, Sendable {
    public var staged: Int
    public init(staged: Int) { self.staged = staged }
}

/// `import.check`: every problem of the staged rows (a page from `offset`), booking nothing.
public struct ImportCheckParams: Codable, Sendable {
    public var importId: String
    /// Possible duplicate residents are confirmed (`--toch`).
    public var toch: Bool?
    public var offset: Int?
    public init(importId: String, toch: Bool? = nil, offset: Int? = nil) {
        self.importId = importId
        self.toch = toch
        self.offset = offset
    }
}

/// One bad row: its line, the reason code of its first problem, every problem in Dutch.
public struct ImportProblemInfo: Codable, Sendable, Equatable {
    public var line: Int
    public var reason: String
    public var message: String
    public init(line: Int, reason: String, message: String) {
        self.line = line
        self.reason = reason
        self.message = message
    }
}

/// What committing would do, and a page of the problems that stop it.
public struct ImportCheckResult: Codable, Sendable {
    public var new: Int
    public var alreadyPresent: Int
    public var problemCount: Int
    public var problems: [ImportProblemInfo]
    public var next: Int?
    public init(new: Int, alreadyPresent: Int, problemCount: Int, problems: [ImportProblemInfo], next: Int?) {
        self.new = new
        self.alreadyPresent = alreadyPresent
        self.problemCount = problemCount
        self.problems = problems
        self.next = next
    }
}

/// `import.commit`: books every staged row in one transaction, or none (`import_invalid`).
public struct ImportCommitParams: Codable, Sendable {
    public var importId: String
    public var idempotencyKey: String
    public var toch: Bool?
    public init(importId: String, idempotencyKey: String, toch: Bool? = nil) {
        self.importId = importId
        self.idempotencyKey = idempotencyKey
        self.toch = toch
    }
}

/// What a committed import booked.
public struct ImportCommitResult: Codable, Sendable {
    public var created: Int
    public var alreadyPresent: Int
    public init(created: Int, alreadyPresent: Int) {
        self.created = created
        self.alreadyPresent = alreadyPresent
    }
}
