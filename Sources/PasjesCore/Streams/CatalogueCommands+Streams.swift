import Foundation
import GRDB

// The catalogue, counters, tariffs, solidarity and activity rules: settings made at the head office. A product's stream is
// read by every sale of it and written only by a change of the product.

extension ProductCreate {
    /// Writes the product and the menu order (a new product goes to its end).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.product(Ledger.productCode(product.code)), .catalogue])
    }
}

extension ProductUpdate {
    /// Writes the product.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.product(Ledger.productCode(code))])
    }
}

extension CounterCreate {
    /// Writes the counter (and so its revenue account).
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.counter(counter.id)])
    }
}

extension CounterSetLocation {
    /// Writes the counter: its location is one of its fields, like its categories.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.counter(counterID)])
    }
}

extension TariffsSet {
    /// Writes the tariffs.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.tariffs])
    }
}

extension SolidaritySet {
    /// Writes the solidarity policy.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.solidarity])
    }
}

extension ActivityRulesSet {
    /// Writes the activity rules.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.activityRules])
    }
}
