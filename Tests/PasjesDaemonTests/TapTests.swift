import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Taps through a real pcscd with the vpcd driver and the virtual card, never a mocked PC/SC.
@Suite(.enabled(if: PrivateReaders.available, "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"))
struct TapTests {
    struct Rig {
        let readers: PrivateReaders
        let daemon: DaemonProcess
        let events: EventListener

        init(ttlSeconds: Int = 60) throws {
            let folder = try TestSupport.temporaryFolder("tap")
            readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
            daemon = try DaemonProcess(readers: readers, config: """
                [sales]
                tap_token_ttl_seconds = \(ttlSeconds)
                [[readers]]
                match = "Virtual PCD 00 00"
                counter = "restaurant"
                [[readers]]
                match = "Virtual PCD 00 01"
                counter = "dagbesteding"
                """)
            events = try EventListener(socketPath: daemon.socketPath, topics: [.cardTapped, .readerChanged])
            // Readers show up within a second of the daemon starting.
            try daemon.waitForReaders(count: 2)
        }

        func charge(_ token: String?, key: String, counter: String = "restaurant", product: String = "KOF") throws -> SaleResult {
            try daemon.client().call("sale.charge", SaleChargeParams(
                idempotencyKey: key, counter: counter, items: [SaleItem(product: product, quantity: 1)], tapToken: token),
                as: SaleResult.self)
        }
    }

    @Test func tapGivesAnEventWithTheClientAndATokenThatPays() throws {
        let rig = try Rig()
        let info = try rig.daemon.client().call("system.info", NoParams(), as: SystemInfo.self)
        #expect(info.readerService == true)
        #expect(info.readers?.map(\.counter) == ["restaurant", "dagbesteding"])
        try rig.readers.tap("04A22B1C")
        let tap = try #require(rig.events.wait(for: .cardTapped, as: CardTappedEvent.self).first)
        #expect(tap.uid == "04A22B1C")
        #expect(tap.counter == "restaurant")
        #expect(tap.clientName == "Daniëlle de Vries")
        #expect(tap.clientNumber == "1001")
        #expect(tap.light == .green)
        let token = try #require(tap.tapToken)
        let sale = try rig.charge(token, key: "pay-1")
        #expect(sale.cardUid == "04A22B1C")
        #expect(sale.total == Amount(120))
        // The token is spent: another basket with it is refused, the same key replays.
        let reuse = #expect(throws: RPCError.self) { _ = try rig.charge(token, key: "pay-2") }
        #expect(reuse?.reason == "tap_token_used")
        #expect(try rig.charge(token, key: "pay-1").replayed)
        let wrong = #expect(throws: RPCError.self) { _ = try rig.charge("made-up", key: "pay-3") }
        #expect(wrong?.reason == "tap_token_unknown")
    }

    @Test func holdingTheCardIsOneTapAndLiftingMakesANewOne() throws {
        let rig = try Rig()
        try rig.readers.tap("04A22B1C", holdMilliseconds: 5_000)
        usleep(1_500_000)
        #expect(rig.events.events(.cardTapped, as: CardTappedEvent.self).count == 1, "five seconds on the reader is one tap")
        try rig.readers.tap("04A22B1C")
        let taps = rig.events.wait(for: .cardTapped, as: CardTappedEvent.self, count: 2)
        #expect(taps.count == 2)
        #expect(Set(taps.compactMap(\.tapToken)).count == 2, "each tap its own token")
    }

    @Test func tokenIsBoundToItsCounterAndExpires() throws {
        let rig = try Rig(ttlSeconds: 1)
        try rig.readers.tap("04A22B1C", reader: 1)
        let tap = try #require(rig.events.wait(for: .cardTapped, as: CardTappedEvent.self).first)
        #expect(tap.counter == "dagbesteding")
        let token = try #require(tap.tapToken)
        let wrongCounter = #expect(throws: RPCError.self) { _ = try rig.charge(token, key: "w", counter: "restaurant") }
        #expect(wrongCounter?.reason == "tap_token_wrong_counter")
        usleep(1_600_000)
        let expired = #expect(throws: RPCError.self) { _ = try rig.charge(token, key: "e", counter: "dagbesteding", product: "SCHILD") }
        #expect(expired?.reason == "tap_token_expired")
        #expect(try rig.daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).transfers == 6)
    }

    @Test func blockedAndUnknownCardsAreAnnouncedWithoutAToken() throws {
        let rig = try Rig()
        try rig.readers.tap("04D5E6F7")  // Anna's card, reported lost in the demo
        rig.events.wait(for: .cardTapped, as: CardTappedEvent.self)
        usleep(1_200_000)  // vpcd notices a lifted card about a second later
        try rig.readers.tap("0A0B0C0D")  // never linked
        let taps = rig.events.wait(for: .cardTapped, as: CardTappedEvent.self, count: 2)
        #expect(taps.map(\.reason) == ["card_lost", "card_unknown"])
        #expect(taps.allSatisfy { $0.tapToken == nil && $0.message != nil })
        let charge = #expect(throws: RPCError.self) {
            _ = try rig.daemon.client().call("sale.charge", SaleChargeParams(
                idempotencyKey: "b", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                cardUid: "04D5E6F7", reason: "test"), as: SaleResult.self)
        }
        #expect(charge?.reason == "card_lost")
    }

    @Test func garbageCardIsUnreadableAndNeverCharged() throws {
        let rig = try Rig()
        try rig.readers.tap("04A22B1C", garbage: true)
        let tap = try #require(rig.events.wait(for: .cardTapped, as: CardTappedEvent.self).first)
        #expect(tap.cardState == "unreadable")
        #expect(tap.reason == "card_unreadable")
        #expect(tap.tapToken == nil)
        #expect(try rig.daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).transfers == 6)
    }

    @Test func pcscdRestartIsSurvivedWithoutRestartingPasjesd() throws {
        let rig = try Rig()
        try rig.readers.stop()
        #expect(!rig.events.wait(for: .readerChanged, as: ReaderChangedEvent.self, where: { $0.state == .serviceDown }).isEmpty)
        #expect(try rig.daemon.client().call("system.info", NoParams(), as: SystemInfo.self).readerService == false)
        try rig.readers.restart()
        let back = rig.events.wait(for: .readerChanged, as: ReaderChangedEvent.self, count: 2,
                                   where: { $0.state == .present })
        #expect(back.count >= 2)
        try rig.readers.tap("04A22B1C")
        let tap = try #require(rig.events.wait(for: .cardTapped, as: CardTappedEvent.self).first)
        #expect(try rig.charge(tap.tapToken, key: "after-restart").total == Amount(120))
    }
}
