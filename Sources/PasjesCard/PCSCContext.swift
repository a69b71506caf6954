import CPCSCLite
import Foundation

/// A pcsc-lite context: the few calls the monitor needs, each turning its return code into `PCSCError`.
///
/// Not thread-safe by itself: pcsc-lite serialises calls on one context, so a blocking
/// `SCardGetStatusChange` would hold up any other call. Each thread uses its own context; only
/// `cancel()` may be called from another thread (that is what `SCardCancel` is for).
struct PCSCContext: Sendable {
    let handle: SCARDCONTEXT

    /// Largest reader list we read: 16 readers of up to 128 characters each is far more than a counter has.
    static let maximumReaderListBytes = 16 * 128 + 1
    /// Largest response APDU we accept from a card or reader (short APDU maximum plus status word).
    static let maximumResponseBytes = 256 + 2

    static func establish() throws(PCSCError) -> PCSCContext {
        var handle: SCARDCONTEXT = 0
        try PCSCError.check(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &handle))
        return PCSCContext(handle: handle)
    }

    func release() {
        _ = SCardReleaseContext(handle)
    }

    /// Wakes a `getStatusChange` blocked on this context from another thread.
    func cancel() {
        _ = SCardCancel(handle)
    }

    /// Reader names, empty when pcscd has none (`SCARD_E_NO_READERS_AVAILABLE` is not an error here).
    func listReaders() throws(PCSCError) -> [String] {
        var length: DWORD = 0
        let first = SCardListReaders(handle, nil, nil, &length)
        if PCSCError(returnValue: first) == .noReadersAvailable { return [] }
        try PCSCError.check(first)
        guard length > 0 else { return [] }
        guard length <= DWORD(Self.maximumReaderListBytes) else { throw .insufficientBuffer }
        var buffer = [CChar](repeating: 0, count: Int(length))
        let second = SCardListReaders(handle, nil, &buffer, &length)
        if PCSCError(returnValue: second) == .noReadersAvailable { return [] }
        try PCSCError.check(second)
        // A multi-string: names separated by NUL, ended by an empty name.
        let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Waits up to `timeoutMilliseconds` for a change in `states`; updates their event states in place.
    func getStatusChange(_ states: inout [SCARD_READERSTATE], timeoutMilliseconds: UInt32) throws(PCSCError) {
        let count = DWORD(states.count)
        let rv = states.withUnsafeMutableBufferPointer { buffer in
            SCardGetStatusChange(handle, DWORD(timeoutMilliseconds), buffer.baseAddress, count)
        }
        try PCSCError.check(rv)
    }

    /// Connects to the card in `reader`, shared, T=0 or T=1.
    func connect(reader: String, shareMode: Int32 = SCARD_SHARE_SHARED,
                 protocols: Int32 = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1) throws(PCSCError) -> PCSCCard {
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        try PCSCError.check(SCardConnect(handle, reader, DWORD(shareMode), DWORD(protocols), &card, &active))
        return PCSCCard(handle: card, activeProtocol: active)
    }
}

/// A connection to a card (or, with `SCARD_SHARE_DIRECT`, to the reader itself).
struct PCSCCard {
    let handle: SCARDHANDLE
    let activeProtocol: DWORD

    /// Sends an APDU, returns the response including SW1 SW2.
    func transmit(_ apdu: [UInt8]) throws(PCSCError) -> [UInt8] {
        var pci = activeProtocol == DWORD(SCARD_PROTOCOL_T1) ? g_rgSCardT1Pci : g_rgSCardT0Pci
        var response = [UInt8](repeating: 0, count: PCSCContext.maximumResponseBytes)
        var length = DWORD(response.count)
        let rv = apdu.withUnsafeBufferPointer { send in
            response.withUnsafeMutableBufferPointer { receive in
                SCardTransmit(handle, &pci, send.baseAddress, DWORD(send.count), nil, receive.baseAddress, &length)
            }
        }
        try PCSCError.check(rv)
        return Array(response.prefix(Int(min(length, DWORD(response.count)))))
    }

    /// Sends a reader control code (e.g. the CCID escape) with `data`.
    func control(code: UInt32, _ data: [UInt8]) throws(PCSCError) -> [UInt8] {
        var response = [UInt8](repeating: 0, count: PCSCContext.maximumResponseBytes)
        var returned: DWORD = 0
        let capacity = DWORD(response.count)
        let rv = data.withUnsafeBytes { send in
            response.withUnsafeMutableBytes { receive in
                SCardControl(handle, DWORD(code), send.baseAddress, DWORD(send.count),
                             receive.baseAddress, capacity, &returned)
            }
        }
        try PCSCError.check(rv)
        return Array(response.prefix(Int(min(returned, capacity))))
    }

    /// Leaves the card powered for the next user (the daemon, feedback, the next tap).
    func disconnect() {
        _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }
}
