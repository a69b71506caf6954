import Foundation
import GRDB

// Month close: the fence after which nothing is booked into a month. It reads the month's
// bookings (`month:M`, which every booking appends to) and writes its status, which every
// booking into that month reads: a booking and the close of its month are never both accepted
// on stale versions.

extension MonthClose {
    /// Reads the month, the status of every month (closes go in order) and the register;
    /// writes the month's status, the month (flow-back is booked into it) and every wallet the
    /// saving policy or a landing may touch. Bulk: see the README.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.residents, .policy, .monthStatus(month.previous), .monthStatus(month.next)],
                                     writes: [.monthStatus(month), .month(month)])
        // The report groups by counter; open holds of the month's sessions keep it open.
        streams.read(try StreamLookup.allCounterIDs(in: db).map(StreamName.counter))
        streams.read(try StreamLookup.sessions(in: month, in: db).map(StreamName.session))
        // The saving policy may send back from every wallet's leftover.
        streams.write(try StreamLookup.allClientNumbers(in: db).map(StreamName.client))
        for number in try StreamLookup.clientsWithDueLandings(current: Month(containing: time), in: db) {
            streams.merge(try .landing(ofClient: number, at: time, in: db))
        }
        return streams
    }
}
