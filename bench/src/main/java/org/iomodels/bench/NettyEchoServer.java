package org.iomodels.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The benchmark's peer to beat: a Netty 4.2 echo server on its epoll, NIO or io_uring
 * transport, with the same loop count as the engine it is compared with, TCP_NODELAY, and
 * backpressure (auto-read off while the channel is not writable), as a careful Netty user writes it.
 *
 * <p>Run (the bench does): {@code java -cp ... org.iomodels.bench.NettyEchoServer epoll 0 1}
 * (transport, port, loops). It prints {@code listening on 127.0.0.1:PORT (netty-epoll)} and runs
 * until SIGTERM.
 */
public final class NettyEchoServer {
    private NettyEchoServer() {}

    public static void main(String[] args) throws Exception {
        NettyPeer.fromArgs("NettyEchoServer", args).serve(pipeline -> pipeline.addLast(Echo.INSTANCE));
    }

    /** Writes back what it reads, flushes once per read batch, stops reading while the peer does not. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset peer: close this one, the others go on
        }
    }
}
