import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("The activity desk's state machine")
struct DeskReducerTests {
    static let desk = "dagbesteding"

    static func session(_ id: String, start: String, free: Int = 3, booked: Int = 1, endsAt: String = "2099-01-01T00:00:00.000Z")
        -> SessionInfo {
        SessionInfo(id: id, activity: "KOOR", activityName: "Koor \(start)", category: .dagbesteding, unit: .cents,
                    price: Amount(500), place: "Zaal", counter: desk, day: "2026-11-24", startTime: start, endTime: "23:00",
                    startsAt: "2026-11-24T09:00:00.000Z", endsAt: endsAt, capacity: free + booked, state: .open,
                    booked: booked, attended: 0, waiting: 0, free: free)
    }

    static func booking(_ state: BookingState, saleId: String? = nil, alreadyPresent: Bool = false) -> BookingInfo {
        BookingInfo(bookingId: "b1", session: "S1", activityName: "Koor", clientNumber: "1001", clientName: "Daniëlle",
                    state: state, position: nil, unit: .cents, held: Amount(500), heldOwn: .zero, balance: Amount(9_500),
                    available: Amount(9_500), reserve: Amount(1_000), light: .green, free: 2, saleId: saleId,
                    alreadyPresent: alreadyPresent, operatorName: "root", at: "2026-11-24T09:01:00.000Z", replayed: false)
    }

    static func tap(token: String? = "tok-1") -> CardTappedEvent {
        CardTappedEvent(counter: desk, reader: "R", uid: "04A22B1C", cardState: "active", clientNumber: "1001",
                        clientName: "Daniëlle", tapToken: token, at: "2026-11-24T09:00:00Z")
    }

    /// Connected, with two sessions of which the first is selected and its roster loaded.
    static func ready() -> DeskState {
        var state = DeskState(counterID: desk, now: Date(timeIntervalSince1970: 1_795_000_000), keys: .sequence(next: 1))
        let up = reduceDesk(&state, .connection(.up))
        #expect(up.contains(.subscribe(topics: KassaCommand.deskTopics, counter: desk)))
        #expect(up.contains(.loadSessions(day: state.day, counter: desk, offset: 0)))
        let loaded = reduceDesk(&state, .reply(.sessions(.success(SessionListResult(sessions: [
            session("S1", start: "10:00"), session("S2", start: "14:00"),
        ])))))
        #expect(loaded == [.loadRoster(session: "S1")])
        _ = reduceDesk(&state, .reply(.roster(.success(RosterResult(session: session("S1", start: "10:00"), entries: [
            RosterLine(bookingId: "b1", clientNumber: "1001", clientName: "Daniëlle", state: .booked, position: nil,
                       held: Amount(500), saleId: nil),
        ])))))
        return state
    }

    @Test func aTapChecksInOnTheSelectedSessionWithItsTokenAndOneKey() {
        var state = Self.ready()
        let commands = reduceDesk(&state, .tap(Self.tap()))
        let request = DeskRequest(action: .checkIn, idempotencyKey: IdempotencyKeySource.sequenceKey(1), session: "S1",
                                  tapToken: "tok-1")
        #expect(commands == [.desk(request)])
        #expect(reduceDesk(&state, .tap(Self.tap(token: "tok-2"))).isEmpty, "one request at a time")
        let answered = reduceDesk(&state, .reply(.booking(key: request.idempotencyKey,
                                                          .success(Self.booking(.attended, saleId: "sale-1")))))
        #expect(answered == [.loadRoster(session: "S1")])
        #expect(state.phase == .ready)
        #expect(state.status.first?.text == "AANWEZIG: Daniëlle (1001)")
        #expect(state.lastAction == .checkIn(Self.booking(.attended, saleId: "sale-1")))
    }

    @Test func bModeBooksAndArrowsChooseTheSession() {
        var state = Self.ready()
        #expect(reduceDesk(&state, .key(.down)) == [.loadRoster(session: "S2")])
        #expect(state.session?.id == "S2")
        _ = reduceDesk(&state, .key(.character("b")))
        #expect(state.mode == .book)
        let commands = reduceDesk(&state, .tap(Self.tap()))
        #expect(commands == [.desk(DeskRequest(action: .book, idempotencyKey: IdempotencyKeySource.sequenceKey(1),
                                               session: "S2", tapToken: "tok-1"))])
    }

    @Test func aDigitChecksInFromTheRosterByName() {
        var state = Self.ready()
        let commands = reduceDesk(&state, .key(.character("1")))
        #expect(commands == [.desk(DeskRequest(action: .checkIn, idempotencyKey: IdempotencyKeySource.sequenceKey(1),
                                               session: "S1", clientNumber: "1001"))])
        #expect(reduceDesk(&state, .key(.character("9"))).isEmpty, "no ninth on the roster; and one request at a time")
    }

    @Test func aRequestCutOffIsResentWithTheSameKeyAfterReconnecting() {
        var state = Self.ready()
        guard case .desk(let request)? = reduceDesk(&state, .tap(Self.tap())).first else {
            Issue.record("no request")
            return
        }
        _ = reduceDesk(&state, .connection(.down(reason: "weg")))
        #expect(state.status.first?.style == .warning)
        let again = reduceDesk(&state, .connection(.up))
        #expect(again.last == .desk(request), "the same key: the daemon books once")
    }

    @Test func undoReversesTheCheckInSaleAfterAYes() {
        var state = Self.ready()
        _ = reduceDesk(&state, .tap(Self.tap()))
        _ = reduceDesk(&state, .reply(.booking(key: IdempotencyKeySource.sequenceKey(1),
                                               .success(Self.booking(.attended, saleId: "sale-1")))))
        #expect(reduceDesk(&state, .key(.character("u"))).isEmpty)
        let commands = reduceDesk(&state, .key(.character("j")))
        #expect(commands == [.reverse(ReverseRequest(idempotencyKey: IdempotencyKeySource.sequenceKey(2), saleId: "sale-1",
                                                      reason: "aanmelding teruggedraaid aan de balie"))])
    }

    @Test func aRefusalIsShownInDutchAndTheFrameFits80Columns() {
        var state = Self.ready()
        _ = reduceDesk(&state, .tap(Self.tap()))
        _ = reduceDesk(&state, .reply(.booking(key: IdempotencyKeySource.sequenceKey(1), .failure(RPCError(
            code: RPCError.Code.refused, message: "Het budget staat op oranje of rood: er kunnen geen extra activiteiten geboekt worden.",
            reason: "budget_orange")))))
        #expect(state.status.first?.style == .bad)
        let frame = DeskLayout.frame(for: state, size: .minimum)
        let text = frame.lines.joined(separator: "\n")
        #expect(text.contains("GEWEIGERD"))
        #expect(text.contains("GEBOEKT"), "the roster shows the word, not only a colour")
        #expect(text.contains("Pas: AANMELDEN"))
        #expect(frame.lines.allSatisfy { $0.count == 80 })
    }

    @Test func anActivityChangedEventReloadsTheSelectedRoster() {
        var state = Self.ready()
        let change = ActivityChangedEvent(session: Self.session("S1", start: "10:00", free: 2, booked: 2), change: "booked",
                                          clientNumbers: ["1002"])
        #expect(reduceDesk(&state, .activityChanged(change)) == [.loadRoster(session: "S1")])
        #expect(state.sessions.first?.free == 2)
        let other = ActivityChangedEvent(session: Self.session("S2", start: "14:00", free: 0), change: "booked", clientNumbers: [])
        #expect(reduceDesk(&state, .activityChanged(other)).isEmpty)
        #expect(state.sessions.last?.free == 0)
    }

    @Test func aBusyDayIsReadPageByPage() {
        var state = DeskState(counterID: Self.desk, now: Date(timeIntervalSince1970: 1_795_000_000), keys: .sequence(next: 1))
        _ = reduceDesk(&state, .connection(.up))
        let first = (0..<100).map { Self.session("P\($0)", start: "10:00") }
        #expect(reduceDesk(&state, .reply(.sessions(.success(SessionListResult(sessions: first, next: 100)))))
                == [.loadSessions(day: state.day, counter: Self.desk, offset: 100)])
        #expect(state.sessions.isEmpty, "shown once the day is complete")
        let rest = reduceDesk(&state, .reply(.sessions(.success(SessionListResult(sessions: [Self.session("P100", start: "16:00")])))))
        #expect(state.sessions.count == 101)
        #expect(rest == [.loadRoster(session: "P0")])
    }
}
