import CPCSCLite
import Foundation

extension MonitorLoop {
    /// Reads the UID of the card just put on `reader`: connect, GET DATA, check, disconnect.
    /// Every failure becomes `.unreadable`; nothing here may stop the monitor.
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
            return .tap(CardTap(reader: reader, uid: uid, atr: atr, at: Date()))
        } catch {
            return .unreadable(reader: reader, reason: error.description)
        }
    }
}
