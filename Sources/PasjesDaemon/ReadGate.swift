import NIOCore

/// Holds a connection's socket reads while a line it already read is still unanswered.
///
/// `NIOAsyncChannel` reads the next line as soon as the handler takes one: with requests near
/// the line limit every connection held a second line while the first waited for
/// `RequestAdmission`. Behind this gate the rest stays in the kernel's socket buffer until the
/// connection answered every line it has (backpressure), so a waiting connection holds one line.
/// Sits between the line decoder and the async channel; `Connection` sends `Answered` per line.
final class ReadGate: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent down the pipeline once a line is answered (or dropped): reading may go on.
    struct Answered: Sendable {}

    /// Lines passed up and not yet answered.
    private var unanswered = 0
    /// A read asked for while lines were unanswered: done once they are.
    private var readHeld = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unanswered += 1
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        guard unanswered == 0 else {
            readHeld = true
            return
        }
        context.read()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Answered else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        unanswered = max(unanswered - 1, 0)
        promise?.succeed()
        if unanswered == 0 && readHeld {
            readHeld = false
            context.read()
        }
    }
}
