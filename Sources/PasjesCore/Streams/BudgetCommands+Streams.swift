import Foundation
import GRDB

// Budget: allocations, their reversal and landing, and the solidarity buffer. Every allocation
// pays the buffer its contribution, so it writes `solidarity`; a grant reads and writes it.

extension BudgetAllocate {
    /// Writes the client, the allocated month and the buffer; reads the tariffs and the
    /// solidarity policy.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: clientNumber, month: month, at: time, in: db)
        streams.read([.tariffs])
        streams.write([.solidarity])
        return streams
    }
}

extension BudgetAllocateAll {
    /// Reads the register and every client who has not left; writes each of them that has no
    /// allocation of the month yet and the buffer; appends to the month. Bulk: see the README on how the
    /// organisation's log runs it without a conflict storm.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.residents, .tariffs, .policy, .monthStatus(month)],
                                     writes: [.solidarity], appends: [.month(month)])
        let remaining = try StreamLookup.clientNumbers(whereSQL: """
            c.status <> 'ended' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.client_id = c.id AND a.month = ?)
            """, arguments: [month.description], in: db)
        streams.read(try StreamLookup.clientNumbers(whereSQL: "c.status <> 'ended'", in: db).map(StreamName.client))
        for number in remaining {
            streams.write([.client(number)])
            streams.merge(try .landing(ofClient: number, at: time, in: db))
        }
        return streams
    }
}

extension BudgetReverse {
    /// Writes the client and the month the allocation was for; with `returnsSolidarity`, the buffer.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: clientNumber, month: month, at: time, in: db)
        let current = Month(containing: time)
        streams.read([.monthStatus(current)])
        streams.append([.month(current)])
        streams.read([.solidarity])
        if returnsSolidarity == true { streams.write([.solidarity]) }
        return streams
    }
}

extension AllocationsLand {
    /// Writes every client with an allocation whose month has started and not landed, and the
    /// months it lands in.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams()
        for number in try StreamLookup.clientsWithDueLandings(current: Month(containing: time), in: db) {
            streams.write([.client(number)])
            streams.merge(try .landing(ofClient: number, at: time, in: db))
        }
        return streams
    }
}

extension BudgetGrant {
    /// Reads and writes the buffer; writes the client and the month the grant is booked into.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: clientNumber, month: Month(containing: time), at: time, in: db)
        streams.write([.solidarity])
        return streams
    }
}

extension BudgetGrantReverse {
    /// Writes the buffer, the client the grant went to and the month the reversal is booked into.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        let month = Month(containing: time)
        var streams = CommandStreams(reads: [.monthStatus(month), .policy], writes: [.solidarity], appends: [.month(month)])
        if let number = try StreamLookup.walletClientNumber(ofTransfer: transferID, in: db) {
            streams.merge(try .booking(client: number, month: month, at: time, in: db))
        }
        return streams
    }
}
