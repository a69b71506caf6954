import Foundation
import GRDB

// Sales: a charge reads what its decision reads (card, client, products, counter, the month's
// status, the policy), writes only the client and appends to the month. It never writes a
// product or the counter, so two coffees of different residents never conflict, wherever and
// whenever in the month they are sold.

extension SaleCharge {
    /// Reads the card, products, counter and month status; writes the paying client, appends to the month.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        let month = Month(containing: time)
        var streams = CommandStreams(reads: Set(request.items.map { .product(Ledger.productCode($0.productCode)) })
            .union([.counter(request.counterID), .monthStatus(month), .policy]), appends: [.month(month)])
        let number: String?
        switch request.payer {
        case .client(let client):
            number = client
        case .card(let uid):
            streams.read([.card(uid)])
            // An offline sale pays as the client it was decided for (see `OfflineCharge`).
            number = try offline?.clientNumber ?? StreamLookup.clientNumber(ofCard: uid, in: db)
        case .clientCard(let client, let uid):
            streams.read([.card(uid)])
            number = client
        }
        if let number { streams.merge(try .booking(client: number, month: month, at: time, in: db)) }
        return streams
    }
}

extension SaleReverse {
    /// Writes the sale's client and appends to the month the reversal is booked into; with
    /// `releasesBooking`, the activity session whose place the sale paid for.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        let month = Month(containing: time)
        var streams = CommandStreams(reads: [.monthStatus(month), .policy], appends: [.month(month)])
        if let number = try StreamLookup.clientNumber(ofSale: saleID, in: db) {
            streams.merge(try .booking(client: number, month: month, at: time, in: db))
        }
        if releasesBooking == true, let session = try StreamLookup.session(paidBy: saleID, in: db) {
            streams.merge(try .session(session, promotingIn: db, at: time))
        }
        return streams
    }
}
