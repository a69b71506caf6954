import NIOCore

/// Splits the byte stream into lines, refusing any line longer than `maxLineBytes`.
///
/// Without the limit a client that never sends a newline would make us buffer without end.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// Raised when a line exceeds the limit; the connection is answered once and closed.
    struct LineTooLong: Error {}

    let maxLineBytes: Int
    private var scannedBytes = 0

    init(maxLineBytes: Int) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        let searchStart = view.startIndex + scannedBytes
        if let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - view.startIndex
            guard length <= maxLineBytes else { throw LineTooLong() }
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            scannedBytes = 0
            // Tolerate CRLF from hand-typed socat sessions.
            if line.readableBytesView.last == UInt8(ascii: "\r") {
                line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
            }
            context.fireChannelRead(Self.wrapInboundOut(line))
            return .continue
        }
        scannedBytes = view.count
        if view.count > maxLineBytes { throw LineTooLong() }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without a newline is still a request (socat sends it at EOF).
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            guard buffer.readableBytes <= maxLineBytes else { throw LineTooLong() }
            context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: buffer.readableBytes)!))
        }
        return .needMoreData
    }
}
