import Foundation
import GRDB

// Clients: a client's row and accounts are its stream; the register of residents (numbers and
// names) is a stream of its own, so creating a resident never conflicts with a booking.

extension ClientCreate {
    /// Writes the new client and the register; reads the tariffs (the ZZP must be known).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(reads: [.tariffs, .policy], writes: [.client(client.number), .residents])
    }
}

extension ClientUpdate {
    /// Writes the client and the register (a name or status is what the register holds);
    /// reads the tariffs (a new ZZP must be known).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(reads: [.tariffs], writes: [.client(number), .residents])
    }
}

extension ClientContactAdd {
    /// Writes the client (its contacts are part of it).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.client(clientNumber)])
    }
}

extension ClientImport {
    /// Writes every client of the file and the register; reads the tariffs.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(reads: [.tariffs, .policy], writes: Set(rows.map { .client($0.client.number) }).union([.residents]))
    }
}
