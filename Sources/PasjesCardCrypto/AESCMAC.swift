/// AES-CMAC (NIST SP 800-38B, RFC 4493) on swift-crypto's AES block; swift-crypto 3.12 has no CMAC.
public enum AESCMAC {
    /// The two subkeys K1 and K2 (RFC 4493 section 2.3).
    public static func subkeys(key: CardKey) -> (k1: [UInt8], k2: [UInt8]) {
        let l = AESBlock.encrypt(AESBlock.zero, key: key)
        let k1 = double(l)
        return (k1, double(k1))
    }

    /// The 16-byte CMAC of `message` under `key`.
    public static func mac(_ message: [UInt8], key: CardKey) -> [UInt8] {
        let (k1, k2) = subkeys(key: key)
        let complete = !message.isEmpty && message.count % AESBlock.size == 0
        let blocks = complete ? message : AESBlock.padISO9797M2(message)
        return chain(blocks, lastBlockMask: complete ? k1 : k2, key: key)
    }

    /// The CMAC truncated as NTAG 424 DNA and DESFire EV2 send it: the 8 odd-indexed bytes
    /// (S14, S12, …, S0 in the datasheet's big-endian numbering).
    public static func truncated(_ fullMAC: [UInt8]) -> [UInt8] {
        stride(from: 1, to: fullMAC.count, by: 2).map { fullMAC[$0] }
    }

    /// CBC-MAC over whole blocks with the last block XORed with `lastBlockMask` (K1 or K2).
    static func chain(_ blocks: [UInt8], lastBlockMask: [UInt8], key: CardKey) -> [UInt8] {
        precondition(!blocks.isEmpty && blocks.count % AESBlock.size == 0)
        var state = AESBlock.zero
        var offset = 0
        while offset < blocks.count {
            var block = Array(blocks[offset..<offset + AESBlock.size])
            if offset + AESBlock.size == blocks.count { block = AESBlock.xor(block, lastBlockMask) }
            state = AESBlock.encrypt(AESBlock.xor(state, block), key: key)
            offset += AESBlock.size
        }
        return state
    }

    /// Multiplication by x in GF(2^128): shift left one bit, fold the carry back with 0x87.
    static func double(_ block: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: block.count)
        var carry: UInt8 = 0
        for index in stride(from: block.count - 1, through: 0, by: -1) {
            out[index] = block[index] << 1 | carry
            carry = block[index] >> 7
        }
        if carry == 1 { out[out.count - 1] ^= 0x87 }
        return out
    }
}
