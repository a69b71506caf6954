import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Counter access (`[counter_access]`) and data minimisation, with two real cashiers (Unix
/// users) and taps through a real pcscd with the virtual card.
@Suite(.enabled(if: PrivateReaders.available, "creates Unix users and a private pcscd: needs root, pcscd, vpcd"))
struct CounterAccessTests {
    /// Two cashiers: one works the restaurant, the other the activity desk.
    struct Site {
        let accounts = TestAccounts()
        let folder: URL
        let readers: PrivateReaders
        let daemon: DaemonProcess
        let restaurantCashier: String
        let deskCashier: String
        /// A second cashier of the restaurant.
        let colleague: String
        let restaurantGroup: String

        init() throws {
            folder = try TestSupport.temporaryFolder("access")
            let socketGroup = try accounts.group("s")
            let kassa = try accounts.group("k")
            restaurantGroup = try accounts.group("r")
            let desk = try accounts.group("d")
            restaurantCashier = try accounts.user("r", primary: socketGroup, extra: [kassa, restaurantGroup])
            deskCashier = try accounts.user("d", primary: socketGroup, extra: [kassa, desk])
            colleague = try accounts.user("c", primary: socketGroup, extra: [kassa, restaurantGroup])
            readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
            daemon = try DaemonProcess(readers: readers, config: """
                socket_group = "\(socketGroup)"
                [roles]
                cashier = ["\(kassa)"]
                [counter_access]
                restaurant = ["\(restaurantGroup)"]
                dagbesteding = ["\(desk)"]
                [[readers]]
                match = "Virtual PCD 00 00"
                counter = "restaurant"
                [[readers]]
                match = "Virtual PCD 00 01"
                counter = "dagbesteding"
                """)
            chmod(daemon.folder.path, 0o755)
        }

        func connect(_ user: String) throws -> UserConnection {
            try UserConnection(socketPath: daemon.socketPath, user: user, folder: daemon.folder)
        }

        /// Waits until both virtual readers are present, so a tap is seen.
        func waitForReaders() throws {
            try daemon.waitForReaders(count: 2)
        }
    }

    private static func token(in line: String) -> String? {
        guard let data = line.data(using: .utf8),
              let note = try? JSONDecoder().decode(RPCNotification<CardTappedEvent>.self, from: data) else { return nil }
        return note.params.tapToken
    }

    @Test func aCashierOfAnotherCounterCanNeitherSeeNorSpendATap() throws {
        let site = try Site()
        try site.waitForReaders()
        let own = try site.connect(site.restaurantCashier)
        let other = try site.connect(site.deskCashier)
        #expect(try own.call("subscribe", #"{"topics":["card.tapped","sale.completed"]}"#).contains("subscribed"))
        // Without a counter the desk cashier hears only the desk; naming the restaurant is refused.
        #expect(try other.call("subscribe", #"{"topics":["card.tapped","sale.completed"],"counter":"restaurant"}"#)
            .contains(#""reason":"forbidden""#))
        #expect(try other.call("subscribe", #"{"topics":["card.tapped","sale.completed"]}"#).contains("subscribed"))

        try site.readers.tap("04A22B1C", reader: 0)
        let tapped = try #require(own.waitForLine { $0.contains(#""method":"card.tapped""#) })
        let token = try #require(Self.token(in: tapped))
        // What the screen needs, and nothing about care: no ZZP, department or own-money cap.
        #expect(tapped.contains("Daniëlle") && tapped.contains(#""light""#) && tapped.contains(#""reserve""#))
        for secret in ["zzp", "department", "ownContributionCap", "VV"] { #expect(!tapped.contains(secret)) }

        // The desk cashier heard nothing of the restaurant's tap.
        usleep(300_000)
        #expect(!other.lines.contains { $0.contains(#""method":"card.tapped""#) })

        // Even with the token (seen over a shoulder), the other cashier cannot spend it.
        let stolen = try other.call("sale.charge", """
            {"idempotencyKey":"steal-1","counter":"restaurant","tapToken":"\(token)","items":[{"product":"MAALT","quantity":1}]}
            """)
        #expect(stolen.contains(#""reason":"forbidden""#))
        let relabelled = try other.call("sale.charge", """
            {"idempotencyKey":"steal-2","counter":"dagbesteding","tapToken":"\(token)","items":[{"product":"MAALT","quantity":1}]}
            """)
        #expect(relabelled.contains(#""reason":"tap_token_wrong_counter""#) || relabelled.contains(#""reason":"forbidden""#))
        // Nor look at the wallet through it.
        #expect(try other.call("wallet.get", #"{"tapToken":"\#(token)"}"#).contains(#""reason":"forbidden""#))

        // The real cashier can: the wallet through the token, then the sale.
        #expect(try own.call("wallet.get", #"{"tapToken":"\#(token)"}"#).contains(#""balance""#))
        #expect(try own.call("wallet.get", #"{"number":"1001"}"#).contains(#""reason":"forbidden""#))
        #expect(try own.call("card.get", #"{"uid":"04A22B1C"}"#).contains(#""reason":"forbidden""#))
        let paid = try own.call("sale.charge", """
            {"idempotencyKey":"real-1","counter":"restaurant","tapToken":"\(token)","items":[{"product":"KOF","quantity":1}]}
            """)
        #expect(paid.contains(#""saleId""#))
        #expect(own.waitForLine { $0.contains(#""method":"sale.completed""#) } != nil)
        #expect(!other.lines.contains { $0.contains(#""method":"sale.completed""#) })

        // Undoing it is for the restaurant too.
        let sale = try JSONDecoder().decode(RPCResponseEnvelope.self, from: Data(paid.utf8))
        guard case .object(let fields)? = sale.result, case .string(let saleID)? = fields["saleId"] else {
            throw TestError("no saleId in \(paid)")
        }
        #expect(try other.call("sale.reverse", #"{"idempotencyKey":"rev-x","saleId":"\#(saleID)"}"#)
            .contains(#""reason":"forbidden""#))

        // Every refusal is in the log with uid and counter.
        let deskUID = try site.accounts.uid(site.deskCashier)
        let refusals = site.daemon.log.split(separator: "\n").filter { $0.contains("refused") && $0.contains("uid=\(deskUID)") }
        #expect(refusals.contains { $0.contains("counter=restaurant") && $0.contains("sale.charge") })
        #expect(refusals.contains { $0.contains("counter=restaurant") && $0.contains("subscribe") })

        // Only the real cashier's coffee was booked.
        let history = try site.daemon.client().call("wallet.history", WalletHistoryParams(clientNumber: "1001"), as: HistoryResult.self)
        #expect(history.lines.filter { $0.kind == "charge" }.count == 1)
    }

    /// A retry whose token can no longer be claimed hears the first result only when it is the
    /// same operator (or an admin) with the same basket: a key read off a colleague's screen
    /// must not reveal that resident's balance, and another basket is a conflict.
    @Test func aStoredChargeIsReplayedOnlyToItsOperatorForTheSameBasket() throws {
        let site = try Site()
        try site.waitForReaders()
        let own = try site.connect(site.restaurantCashier)
        let colleague = try site.connect(site.colleague)
        #expect(try own.call("subscribe", #"{"topics":["card.tapped"]}"#).contains("subscribed"))
        try site.readers.tap("04A22B1C", reader: 0)
        let tapped = try #require(own.waitForLine { $0.contains(#""method":"card.tapped""#) })
        let token = try #require(Self.token(in: tapped))
        let basket = #"[{"product":"KOF","quantity":1}]"#
        #expect(try own.call("sale.charge", #"{"idempotencyKey":"k-1","counter":"restaurant","tapToken":"\#(token)","items":\#(basket)}"#)
            .contains(#""saleId""#))
        // The colleague, with the key and a made-up token: no replay, no balance.
        let snooped = try colleague.call("sale.charge", #"{"idempotencyKey":"k-1","counter":"restaurant","tapToken":"x","items":\#(basket)}"#)
        #expect(snooped.contains(#""reason":"tap_token_unknown""#) && !snooped.contains("balance"))
        // The operator, same key, another basket: a conflict, not the stored result.
        let other = try own.call("sale.charge", #"{"idempotencyKey":"k-1","counter":"restaurant","tapToken":"x","items":[{"product":"MAALT","quantity":3}]}"#)
        #expect(other.contains(#""reason":"idempotency_conflict""#))
        // The operator, same key and basket (the token forgotten by a restart): the first result.
        let replay = try own.call("sale.charge", #"{"idempotencyKey":"k-1","counter":"restaurant","tapToken":"x","items":\#(basket)}"#)
        #expect(replay.contains(#""replayed":true"#))
    }

    @Test func aCounterWithoutAnEntryIsForAdminsOnlyAndTheLogSaysSo() throws {
        let accounts = TestAccounts()
        let socketGroup = try accounts.group("s")
        let kassa = try accounts.group("k")
        let cashier = try accounts.user("k", primary: socketGroup, extra: [kassa])
        let daemon = try DaemonProcess(config: """
            socket_group = "\(socketGroup)"
            [roles]
            cashier = ["\(kassa)"]
            [counter_access]
            restaurant = ["\(kassa)"]
            """)
        chmod(daemon.folder.path, 0o755)
        #expect(daemon.log.contains("only admins can work it") && daemon.log.contains("counter=dagbesteding"))
        let connection = try UserConnection(socketPath: daemon.socketPath, user: cashier, folder: daemon.folder)
        #expect(try connection.call("subscribe", #"{"topics":["card.tapped"],"counter":"dagbesteding"}"#)
            .contains(#""reason":"forbidden""#))
        #expect(try connection.call("subscribe", #"{"topics":["card.tapped"],"counter":"restaurant"}"#).contains("subscribed"))
        let info = try connection.call("system.info")
        #expect(info.contains(#""counters":["restaurant"]"#))
        // An admin may work it.
        let sale = try daemon.client().call("sale.charge", SaleChargeParams(
            idempotencyKey: "adm-desk", counter: "dagbesteding", items: [SaleItem(product: "SCHILD", quantity: 1)],
            clientNumber: "1001", reason: "test"), as: SaleResult.self)
        #expect(sale.counter == "dagbesteding")
    }
}
