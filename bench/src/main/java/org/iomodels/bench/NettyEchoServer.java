package org.iomodels.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

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
        if (args.length != 3) {
            System.err.println("usage: NettyEchoServer epoll|nio|io_uring PORT LOOPS");
            System.exit(2);
        }
        String transport = args[0];
        int port = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(args[2]);
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channel;
        switch (transport) {
            case "epoll" -> {
                factory = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
            }
            case "nio" -> {
                factory = NioIoHandler.newFactory();
                channel = NioServerSocketChannel.class;
            }
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    System.err.println("netty io_uring is unavailable here: " + IoUring.unavailabilityCause());
                    System.exit(1);
                }
                factory = IoUringIoHandler.newFactory();
                channel = IoUringServerSocketChannel.class;
            }
            default -> {
                System.err.println("unknown transport " + transport + "; expected epoll, nio or io_uring");
                System.exit(2);
                return;
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, factory);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            stop.countDown();
        }));
        Channel server = new ServerBootstrap().group(group).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Echo.INSTANCE);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        System.out.println("listening on 127.0.0.1:" + bound.getPort() + " (netty-" + transport + ")");
        System.out.flush();
        stop.await();
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
