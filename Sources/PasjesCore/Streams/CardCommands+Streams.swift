import Foundation
import GRDB

// Cards: a card's stream holds its state; which cards a client has active is the client's
// ("one active card" reads it), so a command that can add an active card writes the client.

extension CardLink {
    /// Writes the card and its client (one more card of the client).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.card(uid), .client(clientNumber)])
    }
}

extension CardIssue {
    /// As `card.link`: writes the card and its client.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.card(uid), .client(clientNumber)])
    }
}

extension CardBlock {
    /// Writes the card only: a card that stops paying changes no rule of its client's. Reads
    /// the client (the answer names it).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(writes: [.card(uid)])
        if let number = try StreamLookup.clientNumber(ofCard: uid, in: db) { streams.read([.client(number)]) }
        return streams
    }
}

extension CardUnblock {
    /// Writes the card and its client: the client may have another active card by now.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(writes: [.card(uid)])
        if let number = try StreamLookup.clientNumber(ofCard: uid, in: db) { streams.write([.client(number)]) }
        return streams
    }
}

extension CardReplace {
    /// Writes both cards and their client.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(writes: [.card(oldUID), .card(newUID)])
        if let number = try StreamLookup.clientNumber(ofCard: oldUID, in: db) { streams.write([.client(number)]) }
        return streams
    }
}

extension CardImport {
    /// Writes every card of the file and every client it links one to.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: Set(rows.flatMap { [StreamName.card($0.uid), .client($0.clientNumber)] }))
    }
}
