/// Per reader name, the card last seen lying on it: a UID counts as a tap again only after it was seen gone.
///
/// Kept by reader name, apart from the per-reader slots, because a slot dies with its reader: a
/// re-plug, a reader reset, a pcscd restart or a pasjesd restart drops it while the card may never
/// have left the reader. Only seeing the reader empty, or another card on it, proves a lift.
struct LastSeenCards {
    /// What a reader showed last.
    enum Seen: Equatable {
        /// The reader was seen without a card: the next card on it is a new tap.
        case empty
        /// This UID was read on the reader and has not been seen gone since.
        case card(uid: String)
    }

    /// Readers remembered at most. Names outlive their readers (a re-plug may come back under a
    /// new name, a hub may rename its slots), so without a bound a flapping USB bus would grow this
    /// forever. 64 is four times pcsc-lite's 16 readers per context: every live reader fits with
    /// room for the ones that are away being re-plugged.
    static let defaultLimit = 64

    private struct Entry {
        var seen: Seen
        var touched: UInt64
    }

    let limit: Int
    private var entries: [String: Entry] = [:]
    private var ticks: UInt64 = 0

    init(limit: Int = LastSeenCards.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// What `reader` showed last; nil when this monitor never saw the reader (or forgot it).
    func seen(on reader: String) -> Seen? {
        entries[reader]?.seen
    }

    /// Whether a card read on `reader` has not been seen gone since.
    func remembersCard(on reader: String) -> Bool {
        if case .card = seen(on: reader) { return true }
        return false
    }

    /// The reader is empty: whatever lay on it was lifted.
    mutating func noteEmpty(on reader: String) {
        store(.empty, for: reader)
    }

    /// Records that `uid` lies on `reader`; returns whether this is a new tap.
    ///
    /// A reader we know nothing about is not proof the card just arrived: at pasjesd start or when a
    /// reader is first plugged in, the card may have been lying there all along, and charging it
    /// would charge a card nobody presented.
    mutating func noteCard(_ uid: String, on reader: String) -> Bool {
        let before = seen(on: reader)
        store(.card(uid: uid), for: reader)
        switch before {
        case nil: return false
        case .empty: return true
        case .card(let last): return last != uid
        }
    }

    private mutating func store(_ seen: Seen, for reader: String) {
        ticks += 1
        if entries[reader] == nil, entries.count >= limit,
           let oldest = entries.min(by: { $0.value.touched < $1.value.touched })?.key {
            // Forgetting errs on the safe side: a forgotten reader's card counts only once the reader was seen empty.
            entries[oldest] = nil
        }
        entries[reader] = Entry(seen: seen, touched: ticks)
    }
}
