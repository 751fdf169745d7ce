package org.iomodels.crawl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * URLs as the crawler keeps them: absolute {@code http}/{@code https}, normalised so that one page
 * has one spelling (RFC 3986 §6: scheme and host in lower case, the scheme's default port dropped,
 * dot segments removed, an empty path made {@code /}, the fragment dropped, which never reaches
 * the server), and so fetched once.
 */
public final class Urls {
    private Urls() {}

    /**
     * {@code url} normalised. A malformed URL, a relative one, or one of another scheme is an
     * {@link IllegalArgumentException} that names it: {@code bad URL 'htp://x': the scheme must be http or https}.
     */
    public static URI normalize(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL '" + url + "': " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
        }
        return normalize(uri, url);
    }

    /**
     * {@code href} as found in a page at {@code base}, resolved and normalised; null for what is not
     * a page to fetch (another scheme such as {@code mailto:} or {@code javascript:}, a bare
     * fragment, a malformed reference: pages are full of those, and none is the crawl's error).
     */
    public static URI resolve(URI base, String href) {
        String h = href.strip();
        if (h.isEmpty() || h.startsWith("#")) {
            return null;
        }
        try {
            // java.net.URI resolves by RFC 2396, which turns "?q" into the base's directory; RFC 3986 §5.2.2 keeps the path.
            URI resolved = h.startsWith("?")
                    ? new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + h)
                    : base.resolve(new URI(h));
            String scheme = resolved.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            return normalize(resolved, h);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The host and port a per-host limit counts by: {@code example.org:80}. */
    public static String hostKey(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    /** The port, the scheme's default when the URL names none. */
    public static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** What goes on the request line: the path, and the query if there is one. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static URI normalize(URI uri, String as) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("bad URL '" + as + "': not absolute (it needs http:// or https://)");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("bad URL '" + as + "': the scheme must be http or https, not " + scheme);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("bad URL '" + as + "': no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("bad URL '" + as + "': user information in a URL is not supported");
        }
        int port = uri.getPort();
        if (port == (scheme.equals("https") ? 443 : 80)) {
            port = -1;
        }
        String path = uri.normalize().getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        while (path.startsWith("/../")) { // RFC 3986 §5.2.4: dot segments above the root are dropped
            path = path.substring(3);
        }
        if (path.equals("/..")) {
            path = "/";
        }
        StringBuilder s = new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (port >= 0) {
            s.append(':').append(port);
        }
        s.append(path);
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        return URI.create(s.toString());
    }
}
