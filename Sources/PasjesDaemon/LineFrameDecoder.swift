import NIOCore

/// Splits the byte stream into lines, refusing any line longer than `maxLineBytes`.
///
/// Without the limit a client that never sends a newline would make us buffer without end.
/// A connection holds at most one line plus one read: a line is handed on without the buffer
/// around it (a slice of a read buffer kept the whole buffer alive, and every later read into
/// it copied it), and after a line the rest moves to a small buffer, so a connection does not
/// keep the room of its biggest line.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// Raised when a line exceeds the limit; the connection is answered once and closed.
    struct LineTooLong: Error {}

    let maxLineBytes: Int
    private var scannedBytes = 0
    /// Bytes of an over-long line dropped so far; nil while the line is within the limit.
    private var discardedBytes: Int?

    init(maxLineBytes: Int) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
    }

    /// How far an over-long line is read (and dropped) to find its end before the connection is
    /// refused: closing a socket with unread bytes resets it, and the client would lose the
    /// answer that says why. Twice the limit, as much as two reads took in before.
    var maxDiscardedBytes: Int { 2 * maxLineBytes }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if discardedBytes != nil { return try discard(&buffer) }
        let view = buffer.readableBytesView
        let searchStart = view.startIndex + scannedBytes
        if let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - view.startIndex
            guard length <= maxLineBytes else { throw LineTooLong() }
            // Tolerate CRLF from hand-typed socat sessions.
            let carriageReturn = length > 0 && view[newline - 1] == UInt8(ascii: "\r")
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            scannedBytes = 0
            if carriageReturn { line.moveWriterIndex(to: line.writerIndex - 1) }
            let allocator = context.channel.allocator
            context.fireChannelRead(Self.wrapInboundOut(Self.ownBuffer(line, from: buffer, allocator: allocator)))
            Self.shrink(&buffer, allocator: allocator)
            return .continue
        }
        scannedBytes = view.count
        if view.count > maxLineBytes {
            discardedBytes = 0
            return try discard(&buffer)
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without a newline is still a request (socat sends it at EOF).
        while try decode(context: context, buffer: &buffer) == .continue {}
        if discardedBytes != nil { throw LineTooLong() }
        if buffer.readableBytes > 0 {
            guard buffer.readableBytes <= maxLineBytes else { throw LineTooLong() }
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(Self.wrapInboundOut(
                Self.ownBuffer(line, from: buffer, allocator: context.channel.allocator)))
        }
        return .needMoreData
    }

    /// Drops an over-long line up to its newline (or `maxDiscardedBytes`), then refuses it.
    private mutating func discard(_ buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        let newline = view.firstIndex(of: UInt8(ascii: "\n"))
        let dropped = (newline.map { $0 + 1 } ?? view.endIndex) - view.startIndex
        buffer.moveReaderIndex(forwardBy: dropped)
        let total = (discardedBytes ?? 0) + dropped
        discardedBytes = total
        guard newline == nil, total <= maxDiscardedBytes else { throw LineTooLong() }
        return .needMoreData
    }

    /// When the line is most of what was written to the buffer it came from (a line assembled
    /// from several reads), it is handed on as it is: a copy would double it. Else a copy just
    /// as big, so a short line does not keep a read buffer alive.
    private static func ownBuffer(_ line: ByteBuffer, from buffer: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        guard line.readableBytes * 2 < buffer.writerIndex else { return line }
        var copy = allocator.buffer(capacity: line.readableBytes)
        copy.writeImmutableBuffer(line)
        return copy
    }

    /// Keeps at most this much room for the rest after a line.
    static let keptCapacityBytes = 4 * 1024

    /// Moves a short rest out of a big buffer, which the line (or nobody) then holds alone.
    private static func shrink(_ buffer: inout ByteBuffer, allocator: ByteBufferAllocator) {
        guard buffer.capacity > keptCapacityBytes, buffer.readableBytes <= keptCapacityBytes / 2 else { return }
        var rest = allocator.buffer(capacity: max(buffer.readableBytes, 256))
        rest.writeBuffer(&buffer)
        buffer = rest
    }
}
