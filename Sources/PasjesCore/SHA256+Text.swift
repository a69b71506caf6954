import Crypto
import PasjesMoney

extension SHA256 {
    /// Feeds the UTF-8 bytes of `text`, without copying them into a `Data` or an array first.
    ///
    /// Why: the journal's and the transfers' hashes are over a dozen fields each; joining them
    /// into one buffer before hashing cost more than the hashing on every booking.
    mutating func update(text: String) {
        var text = text
        text.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest as lower-case hex, the form every stored hash has.
    consuming func finalizedHex() -> String {
        finalize().withUnsafeBytes { Hex.encode($0) }
    }
}
