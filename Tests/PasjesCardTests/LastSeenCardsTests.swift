import Testing
@testable import PasjesCard

@Suite("Last seen cards per reader")
struct LastSeenCardsTests {
    /// `noteCard` for `#expect`, which cannot call a mutating method itself.
    private func counts(_ cards: inout LastSeenCards, _ uid: String, on reader: String) -> Bool {
        cards.noteCard(uid, on: reader)
    }

    @Test func unknownReaderDoesNotCountTheCardLyingThere() {
        var cards = LastSeenCards()
        #expect(counts(&cards, "04A1B2C3", on: "R") == false)
        #expect(cards.seen(on: "R") == .card(uid: "04A1B2C3"))
    }

    @Test func sameCardCountsAgainOnlyAfterTheReaderWasSeenEmpty() {
        var cards = LastSeenCards()
        cards.noteEmpty(on: "R")
        #expect(counts(&cards, "04A1B2C3", on: "R") == true)
        #expect(counts(&cards, "04A1B2C3", on: "R") == false)
        cards.noteEmpty(on: "R")
        #expect(counts(&cards, "04A1B2C3", on: "R") == true)
    }

    @Test func anotherCardCountsAtOnce() {
        var cards = LastSeenCards()
        cards.noteEmpty(on: "R")
        #expect(counts(&cards, "04A1B2C3", on: "R") == true)
        #expect(counts(&cards, "0A0B0C0D", on: "R") == true)
        #expect(counts(&cards, "04A1B2C3", on: "R") == true)
    }

    @Test func readersAreRememberedApart() {
        var cards = LastSeenCards()
        cards.noteEmpty(on: "A")
        cards.noteEmpty(on: "B")
        #expect(counts(&cards, "04A1B2C3", on: "A") == true)
        #expect(counts(&cards, "04A1B2C3", on: "B") == true)
        #expect(cards.remembersCard(on: "A"))
        cards.noteEmpty(on: "A")
        #expect(!cards.remembersCard(on: "A"))
        #expect(cards.remembersCard(on: "B"))
    }

    @Test func theLeastRecentlySeenReaderIsForgottenAtTheLimit() {
        var cards = LastSeenCards(limit: 3)
        for name in ["A", "B", "C"] { cards.noteEmpty(on: name) }
        _ = cards.noteCard("04A1B2C3", on: "A")  // A is now the most recent
        cards.noteEmpty(on: "D")
        #expect(cards.seen(on: "B") == nil)
        #expect(cards.seen(on: "A") == .card(uid: "04A1B2C3"))
        #expect(cards.seen(on: "C") == .empty)
        #expect(cards.seen(on: "D") == .empty)
        // Forgotten errs safe: a card on a forgotten reader is not a tap until it is seen lifted.
        #expect(counts(&cards, "0A0B0C0D", on: "B") == false)
    }

    @Test func defaultLimitCoversEveryReaderPCSCLiteAllows() {
        #expect(LastSeenCards.defaultLimit >= ReaderMonitor.Configuration().maximumReaders)
    }
}
