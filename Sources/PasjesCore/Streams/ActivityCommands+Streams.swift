import Foundation
import GRDB

// Day activities: a session's stream holds its state, capacity and queue of bookings. A
// booking holds money of its client, so it writes the client too; a freed place goes to the
// waiting list, so whatever frees one writes every client booked in that session.

extension CommandStreams {
    /// A session whose places change: the session, every client booked or waiting in it (a
    /// freed place promotes one), and for a charge the activity's product, counter and the
    /// month, plus what landing each client's money brings.
    static func session(_ id: String, promotingIn db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(writes: [.session(id)])
        if let code = try StreamLookup.activityCode(ofSession: id, in: db) { streams.merge(try activity(code, in: db)) }
        for number in try StreamLookup.clientNumbers(bookedIn: id, in: db) {
            streams.merge(try .booking(client: number, month: Month(containing: time), at: time, in: db))
        }
        return streams
    }

    /// What selling activity `code` reads: the activity, the product it is sold as, its counter.
    static func activity(_ code: String, in db: Database) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.activity(code), .product(Ledger.productCode(code))])
        if let counter = try StreamLookup.counterID(ofActivity: code, in: db) { streams.read([.counter(counter)]) }
        return streams
    }

    /// The payer of a booking: the card (resolved to its client) or the client, written
    /// as a booking into the month of `time`.
    static func payer(_ payer: Payer, at time: Date, in db: Database) throws -> CommandStreams {
        let month = Month(containing: time)
        var streams = CommandStreams()
        let number: String?
        switch payer {
        case .client(let client):
            number = client
        case .card(let uid):
            streams.read([.card(uid)])
            number = try StreamLookup.clientNumber(ofCard: uid, in: db)
        case .clientCard(let client, let uid):
            streams.read([.card(uid)])
            number = client
        }
        if let number { streams.merge(try .booking(client: number, month: month, at: time, in: db)) }
        return streams
    }
}

extension ActivityCreate {
    /// Writes the activity, and for a paid one its product and the menu order; reads its counter.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.counter(activity.counterID)], writes: [.activity(activity.code)])
        if activity.price.minorUnits > 0 { streams.write([.product(Ledger.productCode(activity.code)), .catalogue]) }
        return streams
    }
}

extension ActivitySchedule {
    /// Reads the activity; writes the sessions it makes (their ids are the slots'; a slot
    /// whose session was cancelled gets the next free number).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = CommandStreams(reads: [.activity(plan.activityCode)])
        guard let starts = try? plan.calendarStarts().starts else { return streams }
        for start in starts {
            let slot = "\(plan.activityCode)-\(ActivityTime.dayText(start).replacingOccurrences(of: "-", with: ""))-"
                + ActivityTime.timeText(start).replacingOccurrences(of: ":", with: "")
            for number in 1...Ledger.maxSessionsPerSlot {
                let id = number == 1 ? slot : "\(slot)-\(number)"
                streams.write([.session(id)])
                guard try String.fetchOne(db, sql: "SELECT state FROM activity_sessions WHERE id = ?",
                                          arguments: [id]) == SessionState.cancelled.rawValue else { break }
            }
        }
        return streams
    }
}

extension ActivityBook {
    /// Writes the session and the payer (a hold on its budget).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.payer(request.payer, at: time, in: db)
        streams.write([.session(request.sessionID)])
        if let code = try StreamLookup.activityCode(ofSession: request.sessionID, in: db) {
            streams.merge(try .activity(code, in: db))
        }
        return streams
    }
}

extension ActivityCheckIn {
    /// Writes the session and the payer, whose hold becomes a sale in the month.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.payer(request.payer, at: time, in: db)
        streams.write([.session(request.sessionID)])
        if let code = try StreamLookup.activityCode(ofSession: request.sessionID, in: db) {
            streams.merge(try .activity(code, in: db))
        }
        return streams
    }
}

extension ActivityCancelBooking {
    /// Writes the session, the payer (a late cancellation is charged) and every client
    /// waiting (the freed place promotes one).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.payer(request.payer, at: time, in: db)
        streams.merge(try .session(request.sessionID, promotingIn: db, at: time))
        return streams
    }
}

extension ActivityCancelSession {
    /// Writes the session and every client booked in it (holds released).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        try .session(request.sessionID, promotingIn: db, at: time)
    }
}

extension ActivityClose {
    /// Writes the session and every client booked in it (no-shows charged by the policy).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        try .session(request.sessionID, promotingIn: db, at: time)
    }
}

extension ActivityRelease {
    /// Writes the client and every session it has a place in on those days, with the clients
    /// waiting there (a freed place promotes one).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var streams = try CommandStreams.booking(client: request.clientNumber, month: Month(containing: time),
                                                 at: time, in: db)
        for session in try StreamLookup.sessions(ofClient: request.clientNumber, fromDay: request.fromDay,
                                                 throughDay: request.throughDay, in: db) {
            streams.merge(try .session(session, promotingIn: db, at: time))
        }
        return streams
    }
}
