package org.iomodels.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP peer to beat: Netty 4.2's HTTP/1.1 codec serving {@code GET /plaintext} ({@code Hello,
 * World!}, text/plain) and {@code GET /json} ({@code {"message":"Hello, World!"}}), written the
 * way TechEmpower's Netty entry is: {@link HttpServerCodec} without aggregation, bodies encoded
 * once, header validation off, a Date header formatted once a second, and one flush per read
 * batch, so the responses to a pipelined batch leave in one write. Keep-alive by default; an
 * HTTP/1.0 request without {@code Connection: keep-alive}, or a {@code Connection: close}, gets
 * {@code Connection: close} and the connection is closed after the response. Other paths are 404,
 * other methods 405, a request the codec cannot parse 400 (then close).
 *
 * <p>Run (the bench does): {@code java -cp ... org.iomodels.bench.NettyHttpServer epoll 0 1}
 * (transport, port, loops). It prints {@code listening on 127.0.0.1:PORT (netty-epoll)} and runs
 * until SIGTERM. Try: {@code curl -i http://127.0.0.1:PORT/plaintext}.
 */
public final class NettyHttpServer {
    /** As long as our engines' {@code Server: iomodels}: both servers' responses are the same number of bytes. */
    private static final AsciiString SERVER = AsciiString.cached("Netty4.2");
    // Header names as our engines write them (Netty's constants are lower case); same order too, Server and Date first.
    private static final AsciiString SERVER_NAME = AsciiString.cached("Server");
    private static final AsciiString DATE_NAME = AsciiString.cached("Date");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final Body PLAINTEXT = new Body("Hello, World!", TEXT_PLAIN);
    private static final Body JSON = new Body("{\"message\":\"Hello, World!\"}", APPLICATION_JSON);
    private static final Body NOT_FOUND = new Body("Not Found", TEXT_PLAIN);
    private static final Body NOT_ALLOWED = new Body("Method Not Allowed", TEXT_PLAIN);
    private static final Body BAD_REQUEST = new Body("Bad Request", TEXT_PLAIN);
    /** No validation of our own constant headers: TechEmpower's entry turns it off too, it is per-response work. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** RFC 9110's IMF-fixdate of the current second; written by one loop, read by all. */
    private static volatile AsciiString date = now();

    private NettyHttpServer() {}

    public static void main(String[] args) throws Exception {
        NettyPeer peer = NettyPeer.fromArgs("NettyHttpServer", args);
        keepDateCurrent(peer.group());
        HttpDecoderConfig decoder = new HttpDecoderConfig().setValidateHeaders(false);
        peer.serve(pipeline -> pipeline.addLast(new HttpServerCodec(decoder), new Hello()));
    }

    /**
     * A response body encoded once with its Content-Type and Content-Length values: the bytes are
     * never released, each response reads a duplicate of their indices.
     */
    private record Body(ByteBuf bytes, AsciiString type, AsciiString length) {
        Body(String text, AsciiString type) {
            this(encode(text), type, AsciiString.of(Integer.toString(text.getBytes(CharsetUtil.UTF_8).length)));
        }

        private static ByteBuf encode(String text) {
            byte[] bytes = text.getBytes(CharsetUtil.UTF_8);
            return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
        }
    }

    private static AsciiString now() {
        return new AsciiString(DateFormatter.format(new Date()));
    }

    /** Formatting a date per response would cost more than the rest of the response; once a second is what HTTP allows. */
    private static void keepDateCurrent(EventLoopGroup group) {
        group.next().scheduleAtFixedRate(() -> date = now(), 1000 - System.currentTimeMillis() % 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /** One per connection: it remembers that the connection is closing, so later pipelined requests are dropped. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        private boolean closing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request && !closing) {
                    respond(ctx, request);
                }
                // The LastHttpContent after each request carries no body for these routes: released below.
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                send(ctx, response(HttpResponseStatus.BAD_REQUEST, BAD_REQUEST), request, false);
                return;
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            FullHttpResponse response = switch (path) {
                case "/plaintext" -> response(HttpResponseStatus.OK, PLAINTEXT);
                case "/json" -> response(HttpResponseStatus.OK, JSON);
                default -> response(HttpResponseStatus.NOT_FOUND, NOT_FOUND);
            };
            if (response.status() == HttpResponseStatus.OK && !request.method().equals(HttpMethod.GET)) {
                response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, NOT_ALLOWED);
                response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.asciiName());
            }
            send(ctx, response, request, HttpUtil.isKeepAlive(request));
        }

        private void send(ChannelHandlerContext ctx, FullHttpResponse response, HttpRequest request, boolean keepAlive) {
            if (!keepAlive) {
                closing = true;
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(response).addListener(ChannelFutureListener.CLOSE); // flushed in channelReadComplete
            } else {
                if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE); // 1.0 closes unless told
                }
                ctx.write(response, ctx.voidPromise());
            }
        }

        private static FullHttpResponse response(HttpResponseStatus status, Body body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body.bytes().duplicate(), HEADERS, HEADERS);
            HttpHeaders headers = response.headers();
            headers.set(SERVER_NAME, SERVER);
            headers.set(DATE_NAME, date);
            headers.set(CONTENT_TYPE, body.type());
            headers.set(CONTENT_LENGTH, body.length());
            return response;
        }

        /** One flush per read batch: a pipelined batch's responses leave in one write. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset peer: close this one, the others go on
        }
    }
}
