import CPCSCLite
import Foundation

extension MonitorLoop {
    /// Reads the UID of the card just put on `reader`: connect, GET DATA, check, authenticate
    /// when the card has a key on record, disconnect. Every failure to read becomes
    /// `.unreadable`; a failed authentication is a tap that says so. Nothing here may stop the monitor.
    func readTap(context: PCSCContext, reader: String, atr: [UInt8]) -> CardEvent {
        let card: PCSCCard
        do {
            card = try context.connect(reader: reader)
        } catch {
            return .unreadable(reader: reader, reason: "connect failed: \(error)")
        }
        defer { card.disconnect() }
        let response: [UInt8]
        do {
            response = try card.transmit(CardUID.getUIDCommand)
        } catch {
            return .unreadable(reader: reader, reason: "GET DATA failed: \(error)")
        }
        do {
            let uid = try CardUID.parse(response: response)
            let authentication = authenticate(card, uid: uid)
            // A card pulled away mid-authentication is a hurried hand, not a copy: read it again,
            // without alarming the admins. It pays neither way.
            if case .failed(_, "transport", let reason) = authentication {
                return .unreadable(reader: reader, reason: "authentication interrupted: \(reason)")
            }
            return .tap(CardTap(reader: reader, uid: uid, atr: atr, at: Date(), authentication: authentication))
        } catch {
            return .unreadable(reader: reader, reason: error.description)
        }
    }
}
