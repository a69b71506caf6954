import Crypto
import _CryptoExtras
import Foundation

/// The AES operations the card protocols need, all from swift-crypto: the raw block
/// permutation (`AES.permute`) and CBC without padding (`AES._CBC`). No cipher is written here.
enum AESBlock {
    static let size = 16
    static let zero = [UInt8](repeating: 0, count: size)

    /// One block, encryption direction (ECB of a single block).
    static func encrypt(_ block: [UInt8], key: CardKey) -> [UInt8] {
        var out = block
        do {
            try AES.permute(&out, key: key.symmetric)
        } catch {
            // Only wrong sizes throw, and both sizes are fixed by the types here.
            preconditionFailure("AES block of \(block.count) bytes: \(error)")
        }
        return out
    }

    /// CBC encryption of whole blocks (the protocols pad themselves).
    static func cbcEncrypt(_ data: [UInt8], key: CardKey, iv: [UInt8] = zero) -> [UInt8] {
        precondition(data.count % size == 0 && iv.count == size, "CBC needs whole blocks and a 16-byte IV")
        do {
            let ivValue = try AES._CBC.IV(ivBytes: iv)
            return Array(try AES._CBC.encrypt(data, using: key.symmetric, iv: ivValue, noPadding: true))
        } catch {
            preconditionFailure("AES-CBC encrypt: \(error)")
        }
    }

    /// CBC decryption of whole blocks.
    static func cbcDecrypt(_ data: [UInt8], key: CardKey, iv: [UInt8] = zero) -> [UInt8] {
        precondition(data.count % size == 0 && iv.count == size, "CBC needs whole blocks and a 16-byte IV")
        do {
            let ivValue = try AES._CBC.IV(ivBytes: iv)
            return Array(try AES._CBC.decrypt(data, using: key.symmetric, iv: ivValue, noPadding: true))
        } catch {
            preconditionFailure("AES-CBC decrypt: \(error)")
        }
    }

    static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        zip(a, b).map { $0 ^ $1 }
    }

    /// ISO/IEC 9797-1 padding method 2: `80` then zeros up to a whole block (always at least one byte).
    static func padISO9797M2(_ data: [UInt8], toMultipleOf blockBytes: Int = size) -> [UInt8] {
        var out = data + [0x80]
        while out.count % blockBytes != 0 { out.append(0) }
        return out
    }
}
