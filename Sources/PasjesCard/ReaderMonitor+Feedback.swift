import CPCSCLite
import Foundation

extension ReaderMonitor {
    /// Best-effort LED and beep on `reader` (green + short beep on success, red + long beep on decline); never blocks.
    public func feedback(reader: String, success: Bool) {
        guard configuration.feedbackReaderNameFragments.contains(where: { reader.contains($0) }) else { return }
        guard reserveFeedbackSlot() else {
            logger.debug("feedback dropped: too many pending", metadata: ["reader": "\(reader)"])
            return
        }
        feedbackQueue.async { [self] in
            defer { releaseFeedbackSlot() }
            Self.sendFeedback(reader: reader, command: ReaderFeedback.acsLEDAndBuzzer(success: success))
        }
    }

    /// Uses its own context: the monitor's is busy in `SCardGetStatusChange`, and pcsc-lite serialises calls per context.
    static func sendFeedback(reader: String, command: [UInt8]) {
        guard let context = try? PCSCContext.establish() else { return }
        defer { context.release() }
        // With a card on the reader, the pseudo-APDU goes through a normal shared connection.
        if let card = try? context.connect(reader: reader) {
            defer { card.disconnect() }
            _ = try? card.transmit(command)
            return
        }
        // Without a card, talk to the reader itself through the CCID escape.
        if let direct = try? context.connect(reader: reader, shareMode: SCARD_SHARE_DIRECT, protocols: 0) {
            defer { direct.disconnect() }
            _ = try? direct.control(code: ReaderFeedback.ccidEscapeControlCode, command)
        }
    }
}

/// The ACS (ACR122U family) reader pseudo-APDUs for LED and buzzer.
public enum ReaderFeedback {
    /// `SCARD_CTL_CODE(3500)`: the CCID escape that libccid passes to the reader.
    public static let ccidEscapeControlCode: UInt32 = 0x4200_0000 + 3500

    /// `FF 00 40 P2 04 T1 T2 repeats buzzer`: blink green twice with short beeps, or red once with a long beep.
    ///
    /// P2 bits (ACR122U API): 7 green blink mask, 6 red blink mask, 5 initial green blink, 4 initial red
    /// blink, 3 green mask, 2 red mask, 1 final green, 0 final red. T1/T2 are in 100 ms units; buzzer 01 = during T1.
    public static func acsLEDAndBuzzer(success: Bool) -> [UInt8] {
        success
            ? [0xFF, 0x00, 0x40, 0xA8, 0x04, 0x01, 0x01, 0x02, 0x01]
            : [0xFF, 0x00, 0x40, 0x54, 0x04, 0x05, 0x01, 0x01, 0x01]
    }
}
