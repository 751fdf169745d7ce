package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    void oneSpellingPerPage() {
        assertEquals("http://example.org/", Urls.normalize("HTTP://Example.ORG").toString());
        assertEquals("http://example.org/", Urls.normalize("http://example.org:80/#top").toString());
        assertEquals("https://example.org/a/c?x=1&y=2", Urls.normalize("https://example.org:443/a/b/../c?x=1&y=2#f").toString());
        assertEquals("http://example.org:8080/", Urls.normalize("http://example.org:8080").toString());
        assertEquals("http://example.org/a", Urls.normalize("http://example.org/../a").toString());
        assertEquals(Urls.normalize("http://h/./x"), Urls.normalize("http://H/x#y"));
    }

    @Test
    void badUrlsNameThemselves() {
        for (String bad : new String[] {"htp://x/", "example.org/page", "http://", "http://a b/", "ftp://example.org/", "http://u:p@h/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Urls.normalize(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void linksResolveAgainstTheirPageAndTheRestIsNotAPage() {
        URI page = Urls.normalize("http://example.org/dir/page.html?q=1");
        assertEquals("http://example.org/dir/other", Urls.resolve(page, "other").toString());
        assertEquals("http://example.org/top", Urls.resolve(page, "/top#x").toString());
        assertEquals("http://example.org/x", Urls.resolve(page, "../x").toString());
        assertEquals("http://other.org:443/", Urls.resolve(page, "//other.org:443").toString(), "the page's scheme, whose default port is not 443");
        assertEquals("https://other.org/", Urls.resolve(page, "HTTPS://other.org:443").toString());
        assertEquals("http://example.org/dir/page.html?p=2", Urls.resolve(page, "?p=2").toString());
        assertNull(Urls.resolve(page, "#section"));
        assertNull(Urls.resolve(page, "mailto:me@example.org"));
        assertNull(Urls.resolve(page, "javascript:void(0)"));
        assertNull(Urls.resolve(page, "http://bad host/"));
        assertNull(Urls.resolve(page, ""));
    }

    @Test
    void hostKeyAndRequestTarget() {
        URI u = Urls.normalize("https://Example.org/a%20b?x=%2F");
        assertEquals("example.org:443", Urls.hostKey(u));
        assertEquals("/a%20b?x=%2F", Urls.target(u));
        assertEquals("/", Urls.target(Urls.normalize("http://example.org")));
    }
}
