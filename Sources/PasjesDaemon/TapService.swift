import Foundation
import Logging
import PasjesCard
import PasjesCore
import PasjesMoney
import PasjesProtocol
import ServiceLifecycle

/// Turns card-reader events into `card.tapped` and `reader.changed` events for the counters.
///
/// Every tap of a known, active card gets a single-use tap token bound to the reader's counter:
/// the only way a cashier can charge a card is to have it presented.
final class TapService: Service {
    let monitor: ReaderMonitor
    let dispatcher: Dispatcher
    let logger: Logger

    init(dispatcher: Dispatcher, logger: Logger) {
        self.dispatcher = dispatcher
        self.logger = logger
        monitor = ReaderMonitor(logger: logger, keyDirectory: LedgerKeyDirectory(
            ledger: dispatcher.ledger, keys: dispatcher.configuration.cardKeys))
        let monitor = self.monitor
        dispatcher.readers.installFeedback { reader, success in monitor.feedback(reader: reader, success: success) }
    }

    func run() async throws {
        monitor.start()
        // `stop` waits (up to seconds) for the monitor thread: never on the cooperative pool,
        // which has one thread per core and serves every connection.
        let monitor = self.monitor
        let pool = dispatcher.threadPool
        await withGracefulShutdownHandler {
            for await event in monitor.events {
                await handle(event)
            }
        } onGracefulShutdown: {
            pool.submit { _ in monitor.stop() }
        }
        try? await pool.runIfActive { monitor.stop() }
    }

    var configuration: DaemonConfiguration { dispatcher.configuration }

    func handle(_ event: CardEvent) async {
        let now = Ledger.wireTimestamp(Date())
        switch event {
        case .serviceUp:
            logger.notice("pcscd reachable")
            dispatcher.readers.setService(up: true)
            dispatcher.hub.publish(.readerChanged, counter: nil, ReaderChangedEvent(reader: nil, state: .serviceUp, counter: nil, at: now))
        case .serviceDown(let reason):
            logger.error("pcscd unreachable; retrying", metadata: ["reason": "\(reason)"])
            dispatcher.readers.setService(up: false)
            dispatcher.hub.publish(.readerChanged, counter: nil, ReaderChangedEvent(reader: nil, state: .serviceDown, counter: nil, at: now))
        case .readerAdded(let reader):
            let counter = configuration.counter(forReader: reader)
            logger.notice("reader present", metadata: ["reader": "\(reader)", "counter": "\(counter ?? "-")"])
            dispatcher.readers.setReader(reader, present: true)
            dispatcher.hub.publish(.readerChanged, counter: counter, ReaderChangedEvent(reader: reader, state: .present, counter: counter, at: now))
        case .readerRemoved(let reader):
            let counter = configuration.counter(forReader: reader)
            logger.warning("reader gone", metadata: ["reader": "\(reader)", "counter": "\(counter ?? "-")"])
            dispatcher.readers.setReader(reader, present: false)
            dispatcher.hub.publish(.readerChanged, counter: counter, ReaderChangedEvent(reader: reader, state: .absent, counter: counter, at: now))
        case .unreadable(let reader, let reason):
            guard let counter = configuration.counter(forReader: reader) else { return }
            logger.info("card unreadable", metadata: ["reader": "\(reader)", "reason": "\(reason)"])
            dispatcher.readers.feedback(reader: reader, success: false)
            dispatcher.hub.publish(.cardTapped, counter: counter, CardTappedEvent(
                counter: counter, reader: reader, uid: "", cardState: "unreadable", reason: "card_unreadable",
                message: "De pas is niet goed gelezen. Houd de pas opnieuw stil voor de lezer.", at: now))
        case .tap(let tap):
            guard let counter = configuration.counter(forReader: tap.reader) else {
                logger.warning("tap on a reader without a counter; set [[readers]] in the config",
                               metadata: ["reader": "\(tap.reader)"])
                return
            }
            let tapped = await describe(tap, counter: counter, at: now)
            reportSuspect(tap, counter: counter, at: now, clientNumber: tapped.clientNumber)
            if tapped.tapToken == nil { dispatcher.readers.feedback(reader: tap.reader, success: false) }
            logger.info("card tapped", metadata: ["reader": "\(tap.reader)", "counter": "\(counter)",
                                                   "uid": "\(tap.uid)", "state": "\(tapped.cardState)"])
            dispatcher.hub.publish(.cardTapped, counter: counter, tapped)
        }
    }

    /// What the counter's screen needs to know about a tap; a token only for a card that may pay.
    func describe(_ tap: CardTap, counter: String, at now: String) async -> CardTappedEvent {
        var event = CardTappedEvent(counter: counter, reader: tap.reader, uid: tap.uid, cardState: "unknown", at: now)
        do {
            let (card, client, wallet) = try await dispatcher.blocking {
                try self.dispatcher.ledger.cardHolder(uid: tap.uid)
            }
            event.cardState = card.state.rawValue
            event.clientNumber = client.number
            event.clientName = client.name
            event.unit = dispatcher.ledger.unit
            event.balance = wallet.balance
            event.reserve = wallet.reserve
            event.light = wallet.light
            let stateRefusal: LedgerError? = switch (card.state, client.status) {
            case (.blocked, _): .cardBlocked
            case (.lost, _): .cardLost
            case (.active, .active): nil
            case (.active, _): .clientNotActive
            }
            // A clone of a lost card is a clone first: authentication outranks the card's state.
            let refusal = authenticationRefusal(tap.authentication) ?? stateRefusal
            if let refusal {
                event.reason = refusal.code
                event.message = refusal.message
            } else {
                precondition(tap.authentication.allowsPayment(requireAuthentication: configuration.requireCardAuthentication),
                             "a tap token only for a card that passed the authentication policy")
                let grant = dispatcher.tokens.issue(counter: counter, reader: tap.reader, uid: tap.uid)
                event.tapToken = grant.token
                event.tokenExpiresAt = Ledger.wireTimestamp(grant.expiresAt)
            }
        } catch let error as RPCError {
            logger.inconsistency(error, method: "card.tapped")
            event.reason = error.reason
            event.message = error.message
        } catch {
            event.reason = "internal_error"
            event.message = "De pas kon niet worden opgezocht."
        }
        return event
    }
}
