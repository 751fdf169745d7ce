package org.iomodels.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every Netty peer shares: its command line ({@code TRANSPORT PORT LOOPS}), the epoll, NIO
 * or io_uring transport, an event-loop group of the same loop count as the engine it is compared
 * with, TCP_NODELAY, the {@code listening on 127.0.0.1:PORT (netty-T)} line the bench reads, and
 * a graceful stop on SIGTERM.
 */
final class NettyPeer {
    private final String transport;
    private final int port;
    private final Class<? extends ServerChannel> channel;
    private final EventLoopGroup group;

    private NettyPeer(String transport, int port, int loops, IoHandlerFactory factory, Class<? extends ServerChannel> channel) {
        this.transport = transport;
        this.port = port;
        this.channel = channel;
        this.group = new MultiThreadIoEventLoopGroup(loops, factory);
    }

    /** Reads {@code TRANSPORT PORT LOOPS}; a bad command line or an unavailable transport exits with one line. */
    static NettyPeer fromArgs(String program, String[] args) {
        if (args.length != 3) {
            return exit(2, "usage: " + program + " epoll|nio|io_uring PORT LOOPS");
        }
        int port = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(args[2]);
        return switch (args[0]) {
            case "epoll" -> new NettyPeer("epoll", port, loops, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            case "nio" -> new NettyPeer("nio", port, loops, NioIoHandler.newFactory(), NioServerSocketChannel.class);
            case "io_uring" -> IoUring.isAvailable()
                    ? new NettyPeer("io_uring", port, loops, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class)
                    : exit(1, "netty io_uring is unavailable here: " + IoUring.unavailabilityCause());
            default -> exit(2, "unknown transport " + args[0] + "; expected epoll, nio or io_uring");
        };
    }

    private static NettyPeer exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
        throw new AssertionError("unreachable");
    }

    /** The loops, for work a server schedules on them (the HTTP peer's Date header). */
    EventLoopGroup group() {
        return group;
    }

    /** Binds, prints the listening line, and serves with {@code perConnection}'s handlers until SIGTERM. */
    void serve(Consumer<ChannelPipeline> perConnection) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            stop.countDown();
        }));
        Channel server = new ServerBootstrap().group(group).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        perConnection.accept(ch.pipeline());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        System.out.println("listening on 127.0.0.1:" + bound.getPort() + " (netty-" + transport + ")");
        System.out.flush();
        stop.await();
    }
}
