import Foundation
import GRDB

// Arrangements and absences belong to their client: they are booked as sales at the
// arrangement counter, and an absence refunds arrangement days and releases activity places.

extension ArrangementAdd {
    /// Writes the client and (the line may be booked at once) the month; reads the product
    /// and the arrangement counter.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: clientNumber, month: Month(containing: time), at: time, in: db)
        streams.read([.product(Ledger.productCode(productCode))])
        // The arrangement counter is made by the first line that needs it.
        if try StreamLookup.counterExists(ArrangementCounter.id, in: db) {
            streams.read([.counter(ArrangementCounter.id)])
        } else {
            streams.write([.counter(ArrangementCounter.id)])
        }
        return streams
    }
}

extension ArrangementEnd {
    /// Writes the line's client; reads the products of its lines (the answer lists them).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams()
        if let number = try StreamLookup.clientNumber(ofArrangement: arrangementID, in: db) {
            streams.merge(try .booking(client: number, month: Month(containing: time), at: time, in: db))
            streams.read(try StreamLookup.arrangementProducts(ofClient: number, in: db).map(StreamName.product))
        }
        return streams
    }
}

extension ClientAbsenceRecord {
    /// Writes the client, the month refunds are booked into, and every session the client
    /// has a place in on those days (with the clients waiting there).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: clientNumber, month: Month(containing: time), at: time, in: db)
        streams.read([.counter(ArrangementCounter.id)])
        for session in try StreamLookup.sessions(ofClient: clientNumber, fromDay: from.description,
                                                 throughDay: through.description, in: db) {
            streams.merge(try .session(session, promotingIn: db, at: time))
        }
        return streams
    }
}
